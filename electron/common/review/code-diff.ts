// The code diff of the review report, row by row for a side-by-side table: the reference on
// the left, the twin on the right. Lines are matched by jsdiff (Myers' algorithm, the one
// `diff` and git use); a run of removed lines followed by added ones is shown as changed.
import { diffLines } from 'diff';

export interface DiffLine {
  /** 1-based line number in its script. */
  n: number;
  text: string;
}

export interface DiffRow {
  kind: 'same' | 'changed' | 'removed' | 'added';
  left: DiffLine | null;
  right: DiffLine | null;
}

export interface DiffOptions {
  /** Lines equal up to leading and trailing whitespace count as the same. */
  ignoreWhitespace?: boolean;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function codeDiffRows(
  reference: string,
  twin: string,
  options: DiffOptions = {},
): DiffRow[] {
  const refLines = splitLines(reference);
  const twinLines = splitLines(twin);
  const joined = (lines: string[]) => (lines.length ? `${lines.join('\n')}\n` : '');
  const parts = diffLines(joined(refLines), joined(twinLines), {
    ignoreWhitespace: options.ignoreWhitespace ?? false,
  });
  const rows: DiffRow[] = [];
  let left = 0;
  let right = 0;
  // Texts come from the scripts themselves (an equal part may differ in spacing when
  // whitespace is ignored).
  const take = (lines: string[], from: number, count: number) =>
    lines.slice(from, from + count).map((text, i) => ({ n: from + i + 1, text }));
  let removed: DiffLine[] = [];
  const pair = (added: DiffLine[]) => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) {
      const l = removed[i] ?? null;
      const r = added[i] ?? null;
      rows.push({ kind: l && r ? 'changed' : l ? 'removed' : 'added', left: l, right: r });
    }
    removed = [];
  };
  for (const part of parts) {
    const count = part.count ?? splitLines(part.value).length;
    if (part.removed) {
      removed.push(...take(refLines, left, count));
      left += count;
    } else if (part.added) {
      pair(take(twinLines, right, count));
      right += count;
    } else {
      pair([]);
      const l = take(refLines, left, count);
      const r = take(twinLines, right, count);
      l.forEach((line, i) => rows.push({ kind: 'same', left: line, right: r[i] ?? null }));
      left += count;
      right += count;
    }
  }
  pair([]);
  return rows;
}

/** How many lines differ, as a reader counts them. */
export function diffCounts(rows: readonly DiffRow[]): {
  changed: number;
  removed: number;
  added: number;
} {
  const counts = { changed: 0, removed: 0, added: 0 };
  for (const row of rows) if (row.kind !== 'same') counts[row.kind]++;
  return counts;
}
