// A proposed script as a change to review in Monaco's diff editor: the left side is what
// the editor will get, the right side the proposal (a model's answer, or the lint's fixes).
// Accept or reject everything, or each change on its own; nothing reaches the editor before
// "Apply". A model's proposal is linted: its PyChrono problems are listed, and its safe
// fixes can be applied to the proposal before accepting it.
import { useEffect, useRef, useState } from 'react';
import type { LintProblem } from '../../../../../electron/common/lint/problem';
import { LINT_MARKER_OWNER, fixCode, lintCode, toMarker } from '../lint-store';
import { monaco } from '../monaco';
import { acceptChange, describeChange, rejectChange, type LineChange } from './line-changes';
import './proposal-diff.css';

export interface ReviewedChange {
  /** The editor's script when the change was proposed. */
  original: string;
  proposed: string;
}

/** Where the proposal comes from: the model's answer, or the PyChrono lint's fixes. */
export type ChangeOrigin = 'model' | 'lint';

const TEXT: Record<ChangeOrigin, { title: string; sides: string }> = {
  model: {
    title: "Review the model's change",
    sides: "left: your script after the review · right: the model's proposal",
  },
  lint: {
    title: 'Review the lint fixes',
    sides: 'left: your script after the review · right: the script with the safe PyChrono fixes',
  },
};

export function ProposalDiff({
  proposal,
  origin = 'model',
  onApply,
  onReject,
}: {
  proposal: ReviewedChange;
  origin?: ChangeOrigin;
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
  const [problems, setProblems] = useState<LintProblem[] | null>(null);

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
    // The proposal's PyChrono problems, again after each change made to it.
    const lint = () => {
      const found = lintCode(modified.getValue());
      if (found) monaco.editor.setModelMarkers(modified, LINT_MARKER_OWNER, found.map(toMarker));
      setProblems(found);
    };
    lint();
    const lintSub = modified.onDidChangeContent(lint);
    return () => {
      sub.dispose();
      lintSub.dispose();
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
  const safe = problems?.filter((p) => p.fix?.safe).length ?? 0;
  const applySafeFixes = () => {
    const m = models.current;
    const fixed = m ? fixCode(m.modified.getValue()) : null;
    if (m && fixed) m.modified.setValue(fixed.code);
  };
  const text = TEXT[origin];

  return (
    <div className="proposal-diff-backdrop">
      <div
        className="proposal-diff"
        role="dialog"
        aria-label={text.title}
        data-testid="diff-review"
        data-origin={origin}
      >
        <header className="proposal-diff-header">
          <h2>{text.title}</h2>
          <span className="muted">{text.sides}</span>
        </header>
        <div className="proposal-diff-body">
          <div className="proposal-diff-editor" ref={host} data-testid="diff-editor" />
          <aside className="proposal-diff-changes" aria-label="Changes">
            <div className="proposal-diff-count" data-testid="diff-change-count">
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
            {origin === 'model' && problems && problems.length > 0 && (
              <section className="proposal-diff-lint" data-testid="diff-lint">
                <div className="proposal-diff-count">
                  PyChrono: {problems.length} {problems.length === 1 ? 'problem' : 'problems'} in
                  the proposal
                </div>
                <ul>
                  {problems.map((p, i) => (
                    <li key={`${p.line}:${p.column}:${i}`} className={`problem-${p.severity}`}>
                      {p.line}: {p.message}
                    </li>
                  ))}
                </ul>
                {safe > 0 && (
                  <button
                    type="button"
                    className="button"
                    onClick={applySafeFixes}
                    title="Apply the exact renames to the proposal (right side); review, then accept"
                    data-testid="diff-lint-fix"
                  >
                    Apply {safe} safe {safe === 1 ? 'fix' : 'fixes'} to the proposal
                  </button>
                )}
              </section>
            )}
          </aside>
        </div>
        <footer className="proposal-diff-footer">
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
