// A small Python lexer, enough to tell whether a piece of code ends inside a string or an
// open bracket. Used to detect an answer cut mid-script and to cut it back to the last
// complete statement. It does not parse Python; it only tracks strings, comments and
// brackets line by line.

export interface LineState {
  /** Bracket depth after the line (parentheses, brackets, braces). */
  depth: number;
  /** True when the line ends inside a triple-quoted string. */
  inString: boolean;
  /** True when the line ends with a backslash continuation. */
  continued: boolean;
}

export interface ScanResult {
  lines: LineState[];
  /** Depth at the end of the code; negative when closers outnumber openers. */
  depth: number;
  inString: boolean;
  /** A closer that did not match its opener (e.g. `(]`). */
  mismatched: boolean;
  /** A single-quoted string left open at the end of a line. */
  unterminatedLine: boolean;
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set([')', ']', '}']);

export function scanPython(code: string): ScanResult {
  const stack: string[] = [];
  const lines: LineState[] = [];
  let quote: string | null = null; // the open triple quote, spanning lines
  let mismatched = false;
  let unterminatedLine = false;
  let negative = 0;

  for (const line of code.split('\n')) {
    let i = 0;
    while (i < line.length) {
      if (quote) {
        const end = findStringEnd(line, i, quote);
        if (end < 0) {
          i = line.length;
          break;
        }
        quote = null;
        i = end;
        continue;
      }
      const ch = line[i];
      if (ch === '#') break;
      if (ch === '"' || ch === "'") {
        const triple = line.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
        const end = findStringEnd(line, i + triple.length, triple);
        if (end < 0) {
          if (triple.length === 3) quote = triple;
          else unterminatedLine = !line.trimEnd().endsWith('\\');
          i = line.length;
          break;
        }
        i = end;
        continue;
      }
      if (OPENERS[ch]) stack.push(OPENERS[ch]);
      else if (CLOSERS.has(ch)) {
        const expected = stack.pop();
        if (expected === undefined) negative += 1;
        else if (expected !== ch) mismatched = true;
      }
      i += 1;
    }
    lines.push({
      depth: stack.length - negative,
      inString: quote !== null,
      continued: quote === null && /\\\s*$/.test(line.replace(/#.*$/, '')),
    });
  }
  return {
    lines,
    depth: stack.length - negative,
    inString: quote !== null,
    mismatched,
    unterminatedLine,
  };
}

/** Index just after the closing quote, or -1 when the string runs past the line. */
function findStringEnd(line: string, from: number, quote: string): number {
  let i = from;
  while (i < line.length) {
    if (line[i] === '\\') {
      i += 2;
      continue;
    }
    if (line.startsWith(quote, i)) return i + quote.length;
    i += 1;
  }
  return -1;
}
