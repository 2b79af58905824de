// The benchmark's own clean-up, which made the compared files (SIMILARITY.md 2.2, 2.3):
// `clean_truth.py` / `extractPy.py` strip comments from reference scripts and model answers,
// and `extractPy.py` first pulls the code out of a model's reply. Regex-based, quirks included:
// a `#` inside a string literal still starts a "comment".

import { pythonStrip, universalNewlines } from './python-text';

const ONLY_START_FENCE_MARKER = '\nprint("error happened with only start ```python")';

/**
 * `remove_comments`: delete from every `#` to the end of its line, then every `"""…"""` and
 * `'''…'''` block, then strip. Newlines are normalised first, as Python's reading does.
 */
export function cleanScript(source: string): string {
  return pythonStrip(
    universalNewlines(source)
      // Python's `.` stops only at \n; JavaScript's would stop at \r, U+2028 and U+2029 too.
      .replace(/#[^\n]*/g, '')
      .replace(/"""[\s\S]*?"""|'''[\s\S]*?'''/g, ''),
  );
}

/**
 * `extract_python_code`: every ```` ```python ```` … ```` ``` ```` block, each stripped, joined
 * by a blank line; the whole reply when it has no ```` ```python ```` at all; everything after
 * an unclosed opening fence plus the benchmark's marker line. The fence is matched exactly
 * (```` ```Python ```` or ```` ```py ```` are not code).
 */
export function extractPythonCode(response: string): string {
  const text = universalNewlines(response);
  const blocks = [...text.matchAll(/```python([\s\S]*?)```/g)].map((m) => pythonStrip(m[1]));
  if (blocks.length > 0) return blocks.join('\n\n');
  const start = text.indexOf('```python');
  if (start < 0) return pythonStrip(text);
  return pythonStrip(text.slice(start + '```python'.length)) + ONLY_START_FENCE_MARKER;
}

/** A model's raw reply as the benchmark compared it: extracted, then comment-stripped. */
export function cleanModelAnswer(response: string): string {
  return cleanScript(extractPythonCode(response));
}
