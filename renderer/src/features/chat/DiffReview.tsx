// The model's script as a change to review in Monaco's diff editor: the left side is what
// the editor will get, the right side the proposal. Accept or reject everything, or each
// change on its own; nothing reaches the editor before "Apply".
import { useEffect, useRef, useState } from 'react';
import { monaco } from '../editor/monaco';
import { acceptChange, describeChange, rejectChange, type LineChange } from './line-changes';
import type { Proposal } from './chat-store';

export function DiffReview({
  proposal,
  onApply,
  onReject,
}: {
  proposal: Proposal;
  onApply(code: string): void;
  onReject(): void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const models = useRef<{
    original: monaco.editor.ITextModel;
    modified: monaco.editor.ITextModel;
  } | null>(null);
  const [changes, setChanges] = useState<LineChange[]>([]);
  const [decided, setDecided] = useState({ accepted: 0, rejected: 0 });

  useEffect(() => {
    const original = monaco.editor.createModel(proposal.original, 'python');
    const modified = monaco.editor.createModel(proposal.proposed, 'python');
    models.current = { original, modified };
    const editor = monaco.editor.createDiffEditor(host.current as HTMLDivElement, {
      automaticLayout: true,
      readOnly: true,
      originalEditable: false,
      renderSideBySide: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      renderOverviewRuler: false,
      fontSize: 12,
    });
    editor.setModel({ original, modified });
    const sub = editor.onDidUpdateDiff(() => setChanges([...(editor.getLineChanges() ?? [])]));
    return () => {
      sub.dispose();
      editor.dispose();
      original.dispose();
      modified.dispose();
      models.current = null;
    };
  }, [proposal]);

  const decide = (change: LineChange, accept: boolean) => {
    const m = models.current;
    if (!m) return;
    const next = (accept ? acceptChange : rejectChange)(
      m.original.getValue(),
      m.modified.getValue(),
      change,
    );
    if (accept) m.original.setValue(next.original);
    else m.modified.setValue(next.modified);
    setDecided((d) =>
      accept ? { ...d, accepted: d.accepted + 1 } : { ...d, rejected: d.rejected + 1 },
    );
  };

  const resultCode = () => models.current?.original.getValue() ?? proposal.original;

  return (
    <div className="chat-diff-backdrop">
      <div
        className="chat-diff"
        role="dialog"
        aria-label="Review the model's change"
        data-testid="diff-review"
      >
        <header className="chat-diff-header">
          <h2>Review the model's change</h2>
          <span className="muted">
            left: your script after the review · right: the model's proposal
          </span>
        </header>
        <div className="chat-diff-body">
          <div className="chat-diff-editor" ref={host} data-testid="diff-editor" />
          <aside className="chat-diff-changes" aria-label="Changes">
            <div className="chat-diff-count" data-testid="diff-change-count">
              {changes.length} {changes.length === 1 ? 'change' : 'changes'} left
              {decided.accepted + decided.rejected > 0 &&
                ` · ${decided.accepted} accepted, ${decided.rejected} rejected`}
            </div>
            <ol>
              {changes.map((c, i) => (
                <li
                  key={`${c.originalStartLineNumber}-${c.modifiedStartLineNumber}-${i}`}
                  data-testid="diff-change"
                >
                  <span>{describeChange(c)}</span>
                  <button
                    type="button"
                    className="tool-button"
                    aria-label={`Accept change ${i + 1}`}
                    onClick={() => decide(c, true)}
                  >
                    ✓
                  </button>
                  <button
                    type="button"
                    className="tool-button"
                    aria-label={`Reject change ${i + 1}`}
                    onClick={() => decide(c, false)}
                  >
                    ✗
                  </button>
                </li>
              ))}
            </ol>
          </aside>
        </div>
        <footer className="chat-diff-footer">
          <button type="button" className="button" onClick={onReject} data-testid="diff-reject-all">
            Reject all
          </button>
          <span className="spacer" />
          <button
            type="button"
            className="button"
            onClick={() => onApply(resultCode())}
            disabled={decided.accepted === 0}
            title="Put the script with the accepted changes only in the editor"
            data-testid="diff-apply-accepted"
          >
            Apply accepted
          </button>
          <button
            type="button"
            className="button primary"
            onClick={() => onApply(models.current?.modified.getValue() ?? proposal.proposed)}
            data-testid="diff-accept-all"
          >
            Accept all
          </button>
        </footer>
      </div>
    </div>
  );
}
