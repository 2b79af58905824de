// Applying fixes to a script: each fix's edits go in together or not at all, a fix whose
// edits overlap one already taken is left out (identical edits, such as the same import
// line added by two fixes, are made once), and edits are applied from the end so earlier
// positions stay valid.
import type { LintEdit, LintProblem, TextRange } from './problem';

export interface FixPlan {
  code: string;
  /** The problems whose fix went in, in source order. */
  applied: LintProblem[];
  /** Problems with a fix that was left out because it overlapped another. */
  skipped: LintProblem[];
}

/** The problems whose fix `twinforge fix` may apply without asking. */
export function safeFixes(problems: readonly LintProblem[]): LintProblem[] {
  return problems.filter((p) => p.fix?.safe);
}

/** Applies the fix of every given problem that has one; returns the new source. */
export function applyFixes(source: string, problems: readonly LintProblem[]): string {
  return planFixes(source, problems).code;
}

export function planFixes(source: string, problems: readonly LintProblem[]): FixPlan {
  const starts = lineStarts(source);
  const offset = (line: number, column: number) => {
    const start = starts[Math.min(Math.max(line, 1), starts.length) - 1];
    return Math.min(start + column - 1, source.length);
  };
  const span = (r: TextRange) => ({
    from: offset(r.startLine, r.startColumn),
    to: offset(r.endLine, r.endColumn),
  });
  type Placed = { from: number; to: number; text: string };
  const taken: Placed[] = [];
  const applied: LintProblem[] = [];
  const skipped: LintProblem[] = [];
  const ordered = [...problems].filter((p) => p.fix).sort(byPosition);
  for (const problem of ordered) {
    const edits = (problem.fix?.edits ?? []).map((e: LintEdit) => ({
      ...span(e.range),
      text: e.text,
    }));
    const same = (a: Placed, b: Placed) => a.from === b.from && a.to === b.to && a.text === b.text;
    const clash = edits.some((e) => taken.some((t) => !same(e, t) && overlaps(e, t)));
    if (clash) {
      skipped.push(problem);
      continue;
    }
    for (const e of edits) if (!taken.some((t) => same(e, t))) taken.push(e);
    applied.push(problem);
  }
  let code = source;
  for (const e of [...taken].sort((a, b) => b.from - a.from || b.to - a.to)) {
    code = code.slice(0, e.from) + e.text + code.slice(e.to);
  }
  return { code, applied, skipped };
}

function overlaps(a: { from: number; to: number }, b: { from: number; to: number }): boolean {
  if (a.from === a.to && b.from === b.to) return a.from === b.from;
  return a.from < b.to && b.from < a.to;
}

function byPosition(a: LintProblem, b: LintProblem): number {
  return a.line - b.line || a.column - b.column;
}

/** The offset where each line starts (lines end at \n; a \r before it stays in the line). */
function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export interface FixRun {
  code: string;
  /** Every fix applied, pass by pass, with its place in the text it was applied to. */
  applied: LintProblem[];
  /** What the lint still reports on the fixed script. */
  remaining: LintProblem[];
}

/**
 * Applies the safe fixes, then lints the result again (a fixed name can reveal the class
 * of a value, and so more problems), until no safe fix is left or `passes` are done.
 */
export function fixUntilStable(
  source: string,
  lint: (code: string) => LintProblem[],
  passes = 5,
): FixRun {
  let code = source;
  const applied: LintProblem[] = [];
  let problems = lint(code);
  for (let pass = 0; pass < passes; pass++) {
    const plan = planFixes(code, safeFixes(problems));
    if (plan.applied.length === 0) break;
    code = plan.code;
    applied.push(...plan.applied);
    problems = lint(code);
  }
  return { code, applied, remaining: problems };
}
