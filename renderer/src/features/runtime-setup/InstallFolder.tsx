// Where new runtimes go: the host's default folder with its free space, or one the user
// types instead (a Windows user folder with a space in its name, a bigger disk).
import { useState } from 'react';
import { formatBytes } from '../../../../electron/common/bytes';
import type { RuntimeOffers } from '../../../../electron/common/contract/runtimes';
import { useRuntimeSetup } from './runtime-setup-store';

export function InstallFolder({ target }: { target: RuntimeOffers['target'] }) {
  const root = useRuntimeSetup((s) => s.root);
  const setRoot = useRuntimeSetup((s) => s.setRoot);
  const [editing, setEditing] = useState(false);
  const shown = root ?? target.dir;
  return (
    <div className="install-folder" data-testid="install-folder">
      {editing ? (
        <form
          className="pack-picker-row"
          onSubmit={(e) => {
            e.preventDefault();
            setEditing(false);
          }}
        >
          <input
            type="text"
            aria-label="Folder to install runtimes into"
            value={shown}
            spellCheck={false}
            onChange={(e) => setRoot(e.target.value === target.dir ? null : e.target.value)}
          />
          <button type="submit" className="button">
            Done
          </button>
        </form>
      ) : (
        <p className="muted">
          Runtimes go to <code>{shown}</code>
          {root === null && target.freeBytes !== null && ` (${formatBytes(target.freeBytes)} free)`}
          .{' '}
          <button type="button" className="link-button" onClick={() => setEditing(true)}>
            Change
          </button>
        </p>
      )}
      {root === null && target.problem && <p className="runtime-error">{target.problem}</p>}
    </div>
  );
}
