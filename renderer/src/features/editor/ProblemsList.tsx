// The Problems tab: errors of the last run, with their line, and the PyChrono lint's
// problems of the script as it is now, with their line and column. A click (or Enter) takes
// the editor there; "Fix all" opens the review of every safe lint fix as one change.
import type { LintProblem } from '../../../../electron/common/lint/problem';
import { useEditorStore } from './editor-store';
import { reviewFixAll, useLintStore } from './lint-store';
import './lint.css';

function revealAt(line: number, column: number): void {
  const { view, revealLine } = useEditorStore.getState();
  revealLine(line);
  view?.setPosition({ lineNumber: line, column });
}

function LintItem({ problem, fileName }: { problem: LintProblem; fileName: string }) {
  const fix = problem.fix?.safe ? ` · fix: ${problem.fix.title}` : '';
  return (
    <li>
      <button
        type="button"
        className={`problem problem-${problem.severity === 'error' ? 'error' : 'warning'}`}
        onClick={() => revealAt(problem.line, problem.column)}
        data-testid="lint-problem"
      >
        <span className="problem-icon" aria-hidden="true">
          {problem.severity === 'error' ? '⨯' : '⚠'}
        </span>
        <span className="problem-message">{problem.message}</span>
        <span className="problem-where">
          {fileName}:{problem.line}:{problem.column} · PyChrono {problem.code}
          {fix}
        </span>
      </button>
    </li>
  );
}

export function ProblemsList() {
  const problems = useEditorStore((s) => s.problems);
  const fileName = useEditorStore((s) => s.fileName);
  const revealLine = useEditorStore((s) => s.revealLine);
  const lint = useLintStore((s) => s.problems);
  const lintFailure = useLintStore((s) => s.failure);
  const safe = lint.filter((p) => p.fix?.safe).length;
  if (problems.length === 0 && lint.length === 0) {
    return (
      <div className="problems-empty" data-testid="problems">
        {lintFailure ?? 'No problems: the last run had none, and the PyChrono lint finds none.'}
      </div>
    );
  }
  return (
    <div className="problems-pane">
      {safe > 0 && (
        <div className="problems-toolbar">
          <button
            type="button"
            className="button"
            onClick={() => reviewFixAll()}
            title="Apply every exact rename the lint knows, as one change to review"
            data-testid="lint-fix-all"
          >
            Fix all ({safe} safe)
          </button>
        </div>
      )}
      <ul className="problems" data-testid="problems">
        {problems.map((p, i) => (
          <li key={`run-${i}`}>
            <button
              type="button"
              className={`problem problem-${p.severity}`}
              disabled={p.line === null}
              onClick={() => p.line !== null && revealLine(p.line)}
            >
              <span className="problem-icon" aria-hidden="true">
                {p.severity === 'error' ? '⨯' : '⚠'}
              </span>
              <span className="problem-message">{p.message}</span>
              <span className="problem-where">
                {fileName}
                {p.line !== null ? `:${p.line}` : ''} · {p.source}
              </span>
            </button>
          </li>
        ))}
        {lint.map((p, i) => (
          <LintItem key={`lint-${p.line}-${p.column}-${i}`} problem={p} fileName={fileName} />
        ))}
      </ul>
    </div>
  );
}
