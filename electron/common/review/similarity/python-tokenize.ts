// A port of CPython 3.11's `Lib/tokenize.py` (`generate_tokens`), as far as CodeBLEU's
// pre-clean needs it (SIMILARITY.md 4.5): the same regular expressions, the same line loop,
// the same error tokens and the same two exceptions. Columns are UTF-16 offsets, not code
// points; the pre-clean only uses differences of columns across whitespace and whether a
// column is 0, which are the same in both units.

import { pythonStrip } from './python-text';

export type PythonTokenType =
  | 'NAME'
  | 'NUMBER'
  | 'STRING'
  | 'OP'
  | 'COMMENT'
  | 'NL'
  | 'NEWLINE'
  | 'INDENT'
  | 'DEDENT'
  | 'ERRORTOKEN'
  | 'ENDMARKER';

export interface PythonToken {
  type: PythonTokenType;
  text: string;
  startRow: number;
  startCol: number;
  endRow: number;
  endCol: number;
}

/** What `tokenize.TokenError` and `IndentationError` report; the pre-clean then gives up. */
export class PythonTokenizeError extends Error {
  constructor(
    message:
      | 'EOF in multi-line string'
      | 'EOF in multi-line statement'
      | 'unindent does not match any outer indentation level',
    readonly row: number,
  ) {
    super(message);
    this.name = 'PythonTokenizeError';
  }
}

const group = (...choices: string[]) => `(?:${choices.join('|')})`;
const maybe = (...choices: string[]) => `${group(...choices)}?`;

const stringPrefixes = (() => {
  const result = new Set(['']);
  const permutations = (chars: string[]): string[][] =>
    chars.length <= 1
      ? [chars]
      : chars.flatMap((c, i) =>
          permutations([...chars.slice(0, i), ...chars.slice(i + 1)]).map((p) => [c, ...p]),
        );
  for (const prefix of ['b', 'r', 'u', 'f', 'br', 'fr'])
    for (const order of permutations([...prefix])) {
      let cases = [''];
      for (const c of order) cases = cases.flatMap((s) => [s + c, s + c.toUpperCase()]);
      for (const s of cases) result.add(s);
    }
  return [...result];
})();

// Python's `.` (no DOTALL) is `[^\n]`; JavaScript's would also stop at \r, U+2028, U+2029.
const ANY = '[^\\n]';
const Whitespace = '[ \\f\\t]*';
const Comment = '#[^\\r\\n]*';
// Python's Unicode `\w`: what `str.isalnum()` accepts, and `_`.
const Name = '[\\p{L}\\p{N}_]+';

const Hexnumber = '0[xX](?:_?[0-9a-fA-F])+';
const Binnumber = '0[bB](?:_?[01])+';
const Octnumber = '0[oO](?:_?[0-7])+';
const Decnumber = '(?:0(?:_?0)*|[1-9](?:_?[0-9])*)';
const Intnumber = group(Hexnumber, Binnumber, Octnumber, Decnumber);
const Exponent = '[eE][-+]?[0-9](?:_?[0-9])*';
const Pointfloat =
  group('[0-9](?:_?[0-9])*\\.(?:[0-9](?:_?[0-9])*)?', '\\.[0-9](?:_?[0-9])*') + maybe(Exponent);
const Expfloat = '[0-9](?:_?[0-9])*' + Exponent;
const Floatnumber = group(Pointfloat, Expfloat);
const Imagnumber = group('[0-9](?:_?[0-9])*[jJ]', Floatnumber + '[jJ]');
const NumberPattern = group(Imagnumber, Floatnumber, Intnumber);

const StringPrefix = group(...stringPrefixes);
const Single = `[^'\\\\]*(?:\\\\${ANY}[^'\\\\]*)*'`;
const Double = `[^"\\\\]*(?:\\\\${ANY}[^"\\\\]*)*"`;
const Single3 = `[^'\\\\]*(?:(?:\\\\${ANY}|'(?!''))[^'\\\\]*)*'''`;
const Double3 = `[^"\\\\]*(?:(?:\\\\${ANY}|"(?!""))[^"\\\\]*)*"""`;
const Triple = group(StringPrefix + "'''", StringPrefix + '"""');

// 3.11's EXACT_TOKEN_TYPES, sorted in reverse as tokenize.py does.
// prettier-ignore
const OPERATORS = [
  '~', '}', '|=', '|', '{', '^=', '^', ']', '[', '@=', '@', '>>=', '>>', '>=', '>', '==', '=',
  '<=', '<<=', '<<', '<', ';', ':=', ':', '/=', '//=', '//', '/', '...', '.', '->', '-=', '-',
  ',', '+=', '+', '*=', '**=', '**', '*', ')', '(', '&=', '&', '%=', '%', '!=',
];
const Special = group(...OPERATORS.map((op) => op.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
const Funny = group('\\r?\\n', Special);

const ContStr = group(
  StringPrefix + `'[^\\n'\\\\]*(?:\\\\${ANY}[^\\n'\\\\]*)*` + group("'", '\\\\\\r?\\n'),
  StringPrefix + `"[^\\n"\\\\]*(?:\\\\${ANY}[^\\n"\\\\]*)*` + group('"', '\\\\\\r?\\n'),
);
// `\Z` is JavaScript's `$` without the m flag.
const PseudoExtras = group('\\\\\\r?\\n|$', Comment, Triple);
const PseudoToken = Whitespace + `(${group(PseudoExtras, NumberPattern, Funny, ContStr, Name)})`;

const sticky = (source: string) => new RegExp(source, 'uy');
const pseudoToken = sticky(PseudoToken);

const endPatterns = new Map<string, RegExp>();
const singleQuoted = new Set<string>();
const tripleQuoted = new Set<string>();
for (const prefix of stringPrefixes) {
  endPatterns.set(prefix + "'", sticky(Single));
  endPatterns.set(prefix + '"', sticky(Double));
  endPatterns.set(prefix + "'''", sticky(Single3));
  endPatterns.set(prefix + '"""', sticky(Double3));
  singleQuoted.add(prefix + "'").add(prefix + '"');
  tripleQuoted.add(prefix + "'''").add(prefix + '"""');
}

const TAB_SIZE = 8;
const IDENTIFIER_START = /[\p{L}_]/u;

function matchAt(pattern: RegExp, text: string, pos: number): RegExpExecArray | null {
  pattern.lastIndex = pos;
  return pattern.exec(text);
}

/** `io.StringIO(source).readline`: lines ending in `\n` (kept), the last one maybe not. */
function splitLines(source: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const end = source.indexOf('\n', start);
    if (end < 0) break;
    lines.push(source.slice(start, end + 1));
    start = end + 1;
  }
  if (start < source.length) lines.push(source.slice(start));
  return lines;
}

/** The tokens `tokenize.generate_tokens(io.StringIO(source).readline)` yields, in order. */
export function* pythonTokens(source: string): Generator<PythonToken> {
  const lines = splitLines(source);
  let lnum = 0;
  let parenlev = 0;
  let continued = false;
  let contstr = '';
  let needcont = false;
  let strstartRow = 0;
  let strstartCol = 0;
  let endprog: RegExp = endPatterns.get('"')!;
  const indents = [0];
  let lastLine = '';
  let line = '';
  const token = (
    type: PythonTokenType,
    text: string,
    startRow: number,
    startCol: number,
    endRow: number,
    endCol: number,
  ): PythonToken => ({ type, text, startRow, startCol, endRow, endCol });

  for (;;) {
    lastLine = line;
    line = lines[lnum] ?? '';
    lnum += 1;
    let pos = 0;
    const max = line.length;

    if (contstr) {
      if (!line) throw new PythonTokenizeError('EOF in multi-line string', strstartRow);
      const endmatch = matchAt(endprog, line, 0);
      if (endmatch) {
        pos = endmatch.index + endmatch[0].length;
        yield token('STRING', contstr + line.slice(0, pos), strstartRow, strstartCol, lnum, pos);
        contstr = '';
        needcont = false;
      } else if (needcont && !line.endsWith('\\\n') && !line.endsWith('\\\r\n')) {
        yield token('ERRORTOKEN', contstr + line, strstartRow, strstartCol, lnum, line.length);
        contstr = '';
        continue;
      } else {
        contstr += line;
        continue;
      }
    } else if (parenlev === 0 && !continued) {
      if (!line) break;
      let column = 0;
      while (pos < max) {
        const c = line[pos];
        if (c === ' ') column += 1;
        else if (c === '\t') column = (Math.floor(column / TAB_SIZE) + 1) * TAB_SIZE;
        else if (c === '\f') column = 0;
        else break;
        pos += 1;
      }
      if (pos === max) break;

      const first = line[pos];
      if (first === '#' || first === '\r' || first === '\n') {
        if (first === '#') {
          const comment = line.slice(pos).replace(/[\r\n]+$/, '');
          yield token('COMMENT', comment, lnum, pos, lnum, pos + comment.length);
          pos += comment.length;
        }
        yield token('NL', line.slice(pos), lnum, pos, lnum, line.length);
        continue;
      }

      if (column > indents[indents.length - 1]) {
        indents.push(column);
        yield token('INDENT', line.slice(0, pos), lnum, 0, lnum, pos);
      }
      while (column < indents[indents.length - 1]) {
        if (!indents.includes(column))
          throw new PythonTokenizeError(
            'unindent does not match any outer indentation level',
            lnum,
          );
        indents.pop();
        yield token('DEDENT', '', lnum, pos, lnum, pos);
      }
    } else {
      if (!line) throw new PythonTokenizeError('EOF in multi-line statement', lnum);
      continued = false;
    }

    while (pos < max) {
      const pseudomatch = matchAt(pseudoToken, line, pos);
      if (!pseudomatch) {
        const char = String.fromCodePoint(line.codePointAt(pos)!);
        yield token('ERRORTOKEN', char, lnum, pos, lnum, pos + char.length);
        pos += char.length;
        continue;
      }
      const start = pseudomatch.index + pseudomatch[0].length - pseudomatch[1].length;
      const end = pseudomatch.index + pseudomatch[0].length;
      pos = end;
      if (start === end) continue;
      const text = line.slice(start, end);
      const initial = line[start];

      if ('0123456789'.includes(initial) || (initial === '.' && text !== '.' && text !== '...')) {
        yield token('NUMBER', text, lnum, start, lnum, end);
      } else if (initial === '\r' || initial === '\n') {
        yield token(parenlev > 0 ? 'NL' : 'NEWLINE', text, lnum, start, lnum, end);
      } else if (initial === '#') {
        yield token('COMMENT', text, lnum, start, lnum, end);
      } else if (tripleQuoted.has(text)) {
        endprog = endPatterns.get(text)!;
        const endmatch = matchAt(endprog, line, pos);
        if (endmatch) {
          pos = endmatch.index + endmatch[0].length;
          yield token('STRING', line.slice(start, pos), lnum, start, lnum, pos);
        } else {
          strstartRow = lnum;
          strstartCol = start;
          contstr = line.slice(start);
          break;
        }
      } else if (
        singleQuoted.has(initial) ||
        singleQuoted.has(text.slice(0, 2)) ||
        singleQuoted.has(text.slice(0, 3))
      ) {
        if (text.endsWith('\n')) {
          strstartRow = lnum;
          strstartCol = start;
          endprog = (endPatterns.get(initial) ??
            endPatterns.get(text[1]) ??
            endPatterns.get(text[2]))!;
          contstr = line.slice(start);
          needcont = true;
          break;
        }
        yield token('STRING', text, lnum, start, lnum, end);
      } else if (initial === '\\') {
        continued = true;
      } else {
        // Names and operators alike: the pre-clean treats them the same; brackets nest.
        if ('([{'.includes(initial)) parenlev += 1;
        else if (')]}'.includes(initial)) parenlev -= 1;
        yield token(IDENTIFIER_START.test(initial) ? 'NAME' : 'OP', text, lnum, start, lnum, end);
      }
    }
  }

  if (
    lastLine &&
    !'\r\n'.includes(lastLine[lastLine.length - 1]) &&
    !pythonStrip(lastLine).startsWith('#')
  )
    yield token('NEWLINE', '', lnum - 1, lastLine.length, lnum - 1, lastLine.length + 1);
  for (let i = 1; i < indents.length; i++) yield token('DEDENT', '', lnum, 0, lnum, 0);
  yield token('ENDMARKER', '', lnum, 0, lnum, 0);
}
