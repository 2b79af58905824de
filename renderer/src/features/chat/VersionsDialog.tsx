// The twin's versions: every accepted change, repair and restore, with its prompt and
// model. Any one can be opened, compared with the editor's script, or restored; restoring
// adds a version, so nothing is lost.
import { useEffect, useRef, useState } from 'react';
import type { TwinVersion } from '../../../../electron/common/contract/llm';
import { useEditorStore } from '../editor/editor-store';
import { monaco } from '../editor/monaco';
import { Dialog } from '../../ui/Dialog';
import { useVersionsStore } from '../project/versions-store';

type Mode = 'open' | 'compare' | 'changes';
type View = { id: string; mode: Mode } | null;

const ORIGIN: Record<TwinVersion['origin'], string> = {
  initial: 'before the chat',
  chat: 'chat',
  repair: 'repair',
  restore: 'restore',
  manual: 'your edit',
};

export function VersionsDialog({
  onClose,
  initial = null,
  initialMode = 'open',
}: {
  onClose(): void;
  initial?: string | null;
  initialMode?: Mode;
}) {
  const versions = useVersionsStore((s) => s.versions);
  const currentId = useVersionsStore((s) => s.currentVersionId);
  const restore = useVersionsStore((s) => s.restore);
  const [view, setView] = useState<View>(initial ? { id: initial, mode: initialMode } : null);
  const shownIndex = view ? versions.findIndex((v) => v.id === view.id) : -1;
  const shown = shownIndex >= 0 ? versions[shownIndex] : undefined;
  const previous = shownIndex > 0 ? versions[shownIndex - 1] : undefined;

  return (
    <Dialog title="Versions of the twin" testId="versions-dialog" onClose={onClose} wide>
      {versions.length === 0 && (
        <p className="muted">No versions yet: each change you accept from the chat becomes one.</p>
      )}
      <ol className="version-list">
        {versions.map((v, i) => (
          <li
            key={v.id}
            className={v.id === currentId ? 'is-current' : ''}
            data-testid="version-row"
          >
            <span className="version-index">{i + 1}</span>
            <span className="version-text" title={v.prompt}>
              <strong>{ORIGIN[v.origin]}</strong> {v.prompt ? `· ${v.prompt.slice(0, 80)}` : ''}
              <span className="muted">
                {' '}
                · {new Date(v.createdAt).toLocaleTimeString()}
                {v.model ? ` · ${v.model}` : ''}
              </span>
            </span>
            <button
              type="button"
              className="button"
              onClick={() => setView({ id: v.id, mode: 'open' })}
            >
              Open
            </button>
            <button
              type="button"
              className="button"
              onClick={() => setView({ id: v.id, mode: 'changes' })}
              disabled={i === 0}
              title="What this version changed from the one before"
            >
              Changes
            </button>
            <button
              type="button"
              className="button"
              onClick={() => setView({ id: v.id, mode: 'compare' })}
              title="This version against the editor's script"
            >
              Compare
            </button>
            <button
              type="button"
              className="button"
              onClick={() => restore(v.id)}
              data-testid="version-restore"
            >
              Restore
            </button>
          </li>
        ))}
      </ol>
      {shown && view && (
        <VersionView
          version={shown}
          mode={view.mode === 'changes' && !previous ? 'open' : view.mode}
          previous={previous?.code ?? ''}
        />
      )}
    </Dialog>
  );
}

function VersionView({
  version,
  mode,
  previous,
}: {
  version: TwinVersion;
  mode: Mode;
  previous: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current as HTMLDivElement;
    const options = {
      automaticLayout: true,
      readOnly: true,
      minimap: { enabled: false },
      fontSize: 12,
      scrollBeyondLastLine: false,
    };
    const code = monaco.editor.createModel(version.code, 'python');
    if (mode === 'open') {
      const editor = monaco.editor.create(el, { ...options, model: code });
      return () => {
        editor.dispose();
        code.dispose();
      };
    }
    // compare: this version (left) against the editor; changes: the version before (left)
    // against this one.
    const other = monaco.editor.createModel(
      mode === 'compare' ? useEditorStore.getState().getCode() : previous,
      'python',
    );
    const diff = monaco.editor.createDiffEditor(el, { ...options, originalEditable: false });
    diff.setModel(
      mode === 'compare'
        ? { original: code, modified: other }
        : { original: other, modified: code },
    );
    return () => {
      diff.dispose();
      code.dispose();
      other.dispose();
    };
  }, [version, mode, previous]);
  return (
    <div className="version-view">
      <div className="muted">
        {mode === 'open'
          ? 'This version'
          : mode === 'compare'
            ? 'This version (left) against the editor (right)'
            : 'What this version changed: the version before (left), this one (right)'}
      </div>
      <div className="version-editor" ref={ref} data-testid="version-view" />
    </div>
  );
}
