// CodeBLEU's `remove_comments_and_docstrings(source, "python")` (SIMILARITY.md 4.5): the text
// the syntax and data-flow parts parse. Rebuilt from tokens: comments dropped, statement-level
// strings dropped, indentation and gaps re-spaced by column, blank lines removed.

import { pythonStrip } from './python-text';
import { PythonTokenizeError, pythonTokens, type PythonTokenType } from './python-tokenize';

export interface PrecleanResult {
  text: string;
  /** False when the tokenizer raised; the package then keeps the text as it was. */
  tokenized: boolean;
}

export function precleanPython(source: string): PrecleanResult {
  try {
    return { text: rebuildFromTokens(source), tokenized: true };
  } catch (error) {
    if (error instanceof PythonTokenizeError) return { text: source, tokenized: false };
    throw error;
  }
}

function rebuildFromTokens(source: string): string {
  const out: string[] = [];
  let previousType: PythonTokenType = 'INDENT';
  let lastRow = -1;
  let lastCol = 0;
  for (const token of pythonTokens(source)) {
    if (token.startRow > lastRow) lastCol = 0;
    if (token.startCol > lastCol) out.push(' '.repeat(token.startCol - lastCol));
    if (token.type === 'STRING') {
      // A string that opens a statement is taken for a docstring, but only after column 0.
      if (previousType !== 'INDENT' && previousType !== 'NEWLINE' && token.startCol > 0)
        out.push(token.text);
    } else if (token.type !== 'COMMENT') {
      out.push(token.text);
    }
    previousType = token.type;
    lastCol = token.endCol;
    lastRow = token.endRow;
  }
  return out
    .join('')
    .split('\n')
    .filter((line) => pythonStrip(line) !== '')
    .join('\n');
}
