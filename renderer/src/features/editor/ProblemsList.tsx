// The Problems tab: errors of the last run, with their line; a click (or Enter) takes the
// editor to that line.
import { useEditorStore } from './editor-store';

export function ProblemsList() {
  const problems = useEditorStore((s) => s.problems);
  const fileName = useEditorStore((s) => s.fileName);
  const revealLine = useEditorStore((s) => s.revealLine);
  if (problems.length === 0) {
    return (
      <div className="problems-empty" data-testid="problems">
        No problems in the last run.
      </div>
    );
  }
  return (
    <ul className="problems" data-testid="problems">
      {problems.map((p, i) => (
        <li key={i}>
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
    </ul>
  );
}
