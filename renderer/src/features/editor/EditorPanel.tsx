// The editor area: a title bar with the file name, unsaved marker, the last applied
// change and the tools the shell puts there (the run controls), over the Monaco view.
import type { ReactNode } from 'react';
import { useEditorStore } from './editor-store';
import { EditorView } from './EditorView';

function EditorTitle({ tools }: { tools: ReactNode }) {
  const fileName = useEditorStore((s) => s.fileName);
  const filePath = useEditorStore((s) => s.filePath);
  const dirty = useEditorStore((s) => s.dirty);
  const lastEdit = useEditorStore((s) => s.lastEdit);
  return (
    <div className="pane-title editor-title">
      <span className="file-name" title={filePath ?? fileName} data-testid="editor-file-name">
        {fileName}
        {dirty && (
          <span className="dirty-dot" aria-label="unsaved changes" title="Unsaved changes">
            ●
          </span>
        )}
      </span>
      {lastEdit && (
        <span
          className="last-edit"
          title="The last change applied to the script (Ctrl+Z undoes it)"
        >
          {lastEdit.label}
        </span>
      )}
      <span className="spacer" />
      {tools}
    </div>
  );
}

export function EditorPanel({ tools }: { tools?: ReactNode }) {
  return (
    <>
      <EditorTitle tools={tools} />
      <EditorView />
    </>
  );
}
