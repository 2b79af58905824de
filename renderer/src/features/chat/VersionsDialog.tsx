// The twin's versions: every accepted change, repair and restore, with its prompt and
// model. Any one can be opened, compared with the editor's script, or restored; restoring
// adds a version, so nothing is lost.
import { useEffect, useRef, useState } from 'react';
import type { TwinVersion } from '../../../../electron/common/contract/llm';
import { useEditorStore } from '../editor/editor-store';
import { monaco } from '../editor/monaco';
import { Dialog } from '../workspace/Dialog';
import { useChatStore } from './chat-store';

type View = { id: string; mode: 'open' | 'compare' } | null;

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
}: {
  onClose(): void;
  initial?: string | null;
}) {
  const versions = useChatStore((s) => s.versions);
  const currentId = useChatStore((s) => s.currentVersionId);
  const restore = useChatStore((s) => s.restoreVersion);
  const [view, setView] = useState<View>(initial ? { id: initial, mode: 'open' } : null);
  const shown = view ? versions.find((v) => v.id === view.id) : undefined;

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
              onClick={() => setView({ id: v.id, mode: 'compare' })}
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
      {shown && view && <VersionView version={shown} mode={view.mode} />}
    </Dialog>
  );
}

function VersionView({ version, mode }: { version: TwinVersion; mode: 'open' | 'compare' }) {
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
    const current = monaco.editor.createModel(useEditorStore.getState().getCode(), 'python');
    const diff = monaco.editor.createDiffEditor(el, { ...options, originalEditable: false });
    diff.setModel({ original: code, modified: current });
    return () => {
      diff.dispose();
      code.dispose();
      current.dispose();
    };
  }, [version, mode]);
  return (
    <div className="version-view">
      <div className="muted">
        {mode === 'open' ? 'This version' : 'This version (left) against the editor (right)'}
      </div>
      <div className="version-editor" ref={ref} data-testid="version-view" />
    </div>
  );
}
