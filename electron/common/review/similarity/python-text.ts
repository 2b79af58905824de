// Python's notion of whitespace and text files, which CodeBLEU's `str.split()` / `str.strip()`
// and Python's universal-newline reading use (SIMILARITY.md 2.1, 2.4). JavaScript's `\s`
// differs (no U+001C–U+001F or U+0085, but U+FEFF), so the class is spelled out.

const PYTHON_WHITESPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001,
  0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f,
  0x205f, 0x3000,
]);

/** The same class as a regular-expression character set body. */
export const PYTHON_WHITESPACE_CLASS =
  '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const NON_WHITESPACE_RUN = new RegExp(`[^${PYTHON_WHITESPACE_CLASS}]+`, 'g');

export function isPythonWhitespace(char: number): boolean {
  return PYTHON_WHITESPACE.has(char);
}

/** Python's `str.strip()` without arguments. */
export function pythonStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && PYTHON_WHITESPACE.has(text.charCodeAt(start))) start++;
  while (end > start && PYTHON_WHITESPACE.has(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Python's `str.split()` without arguments: the maximal runs of non-whitespace. */
export function pythonSplit(text: string): string[] {
  return text.match(NON_WHITESPACE_RUN) ?? [];
}

/** What Python's text-mode `open()` gives: `\r\n` and a lone `\r` become `\n`; a BOM stays. */
export function universalNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
