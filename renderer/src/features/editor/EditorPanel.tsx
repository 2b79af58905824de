// The editor area: a title bar with the file name, unsaved marker, the last applied
// change and the tools the shell puts there (the run controls), over the Monaco view, and
// the review of the lint's "Fix all".
import type { ReactNode } from 'react';
import { ProposalDiff } from './diff/ProposalDiff';
import { useEditorStore } from './editor-store';
import { EditorView } from './EditorView';
import { applyReview, rejectReview, useLintStore } from './lint-store';
import './editor.css';

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

/** "Fix all" of the lint, as one change reviewed like a model's answer. */
function LintFixReview() {
  const review = useLintStore((s) => s.review);
  if (!review) return null;
  return (
    <ProposalDiff proposal={review} origin="lint" onApply={applyReview} onReject={rejectReview} />
  );
}

export function EditorPanel({ tools }: { tools?: ReactNode }) {
  return (
    <>
      <EditorTitle tools={tools} />
      <EditorView />
      <LintFixReview />
    </>
  );
}
