// Per-change review of a proposed script. Monaco's diff editor reports line changes
// (1-based; an end of 0 means "no lines on this side": an insertion or a deletion). The
// left side is what the editor will get, the right side the model's proposal: accepting a
// change copies it into the left, rejecting it restores the left's lines on the right.
// Either way the change leaves the diff. Pure.

export interface LineChange {
  originalStartLineNumber: number;
  originalEndLineNumber: number;
  modifiedStartLineNumber: number;
  modifiedEndLineNumber: number;
}

/** The lines a change covers on one side, as [start index, count] into a 0-based array. */
function span(start: number, end: number): [number, number] {
  // end === 0: nothing on this side; the change sits after line `start`.
  return end === 0 ? [start, 0] : [start - 1, end - start + 1];
}

function splice(text: string, at: [number, number], replacement: string[]): string {
  const lines = text.split('\n');
  lines.splice(at[0], at[1], ...replacement);
  return lines.join('\n');
}

function take(text: string, at: [number, number]): string[] {
  return text.split('\n').slice(at[0], at[0] + at[1]);
}

export function acceptChange(
  original: string,
  modified: string,
  change: LineChange,
): { original: string; modified: string } {
  const from = span(change.modifiedStartLineNumber, change.modifiedEndLineNumber);
  const to = span(change.originalStartLineNumber, change.originalEndLineNumber);
  return { original: splice(original, to, take(modified, from)), modified };
}

export function rejectChange(
  original: string,
  modified: string,
  change: LineChange,
): { original: string; modified: string } {
  const from = span(change.originalStartLineNumber, change.originalEndLineNumber);
  const to = span(change.modifiedStartLineNumber, change.modifiedEndLineNumber);
  return { original, modified: splice(modified, to, take(original, from)) };
}

export function describeChange(change: LineChange): string {
  const {
    originalStartLineNumber: os,
    originalEndLineNumber: oe,
    modifiedStartLineNumber: ms,
    modifiedEndLineNumber: me,
  } = change;
  if (oe === 0) return `adds ${me - ms + 1} line${me > ms ? 's' : ''} after line ${os}`;
  if (me === 0) return `removes line${oe > os ? `s ${os}–${oe}` : ` ${os}`}`;
  return oe > os ? `changes lines ${os}–${oe}` : `changes line ${os}`;
}
