// Turns a model's answer into the Python script it holds. Models wrap scripts in fenced
// blocks (labelled or not), put prose around them, split them into several blocks, leave a
// fence open when they run out of tokens, or answer with bare code. Pure: shared by the
// host and the renderer.
import { scanPython } from './python-scan';

export type TruncationSign =
  'unclosed-fence' | 'length-limit' | 'unbalanced-brackets' | 'open-string' | 'cut-line';

export interface ExtractedCode {
  /** The script, or null when the answer holds none. */
  code: string | null;
  /** How the script was found. */
  source: 'fenced' | 'merged' | 'bare' | null;
  /** How many Python-looking blocks the answer had. */
  blocks: number;
  /** Why the answer looks cut short (empty when it looks whole). */
  truncation: TruncationSign[];
  /**
   * A whole answer whose script cannot be valid Python as written (a string or bracket
   * left open inside a closed block): the model's mistake, not a cut. Null when none seen.
   */
  broken: 'open-string' | 'unbalanced-brackets' | null;
  /**
   * For a truncated answer: the script cut back to its last complete top-level statement,
   * so it can still be shown or continued. Null when the answer is whole or nothing is left.
   */
  salvaged: string | null;
}

interface Block {
  lang: string;
  body: string;
  closed: boolean;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const PYTHON_LABELS = new Set(['', 'python', 'py', 'python3', 'py3', 'pycon', 'ipython']);
// Special tokens some chat templates leak into the text.
const SPECIAL_TOKENS = /<\|(?:python_tag|eot_id|eom_id|im_end|im_start|end|endoftext)\|>/g;
const THINK_BLOCK = /<think>[\s\S]*?(?:<\/think>|$)/g;

export function extractCode(
  answer: string,
  options: { doneReason?: string | null } = {},
): ExtractedCode {
  const text = answer.replace(THINK_BLOCK, '').replace(SPECIAL_TOKENS, '').replace(/\r\n?/g, '\n');
  const blocks = parseFences(text);
  const truncation: TruncationSign[] = [];
  if (options.doneReason === 'length') truncation.push('length-limit');

  let code: string | null = null;
  let source: ExtractedCode['source'] = null;
  let closedLast = true;
  const pyBlocks = blocks.filter(isPythonBlock);

  if (pyBlocks.length > 0) {
    const chosen = chooseScript(pyBlocks);
    code = chosen.code;
    source = chosen.merged ? 'merged' : 'fenced';
    closedLast = chosen.closed;
  } else if (blocks.length === 0) {
    const bare = bareCode(text);
    if (bare) {
      code = bare;
      source = 'bare';
    }
  }

  if (code !== null && code.trim() === '') code = null;
  if (code === null) {
    return { code: null, source: null, blocks: 0, truncation, broken: null, salvaged: null };
  }

  code = trimBlankEdges(code);
  if (!closedLast) truncation.push('unclosed-fence');
  // Inside a closed fence an open string or bracket is the model's error; where the end
  // of the code is the end of the stream (open fence, bare code, length limit) it is a cut.
  const streamEnded = !closedLast || source === 'bare' || options.doneReason === 'length';
  const signs = codeSigns(code, streamEnded);
  let broken: ExtractedCode['broken'] = null;
  if (streamEnded) truncation.push(...signs);
  else if (signs.includes('open-string')) broken = 'open-string';
  else if (signs.includes('unbalanced-brackets')) broken = 'unbalanced-brackets';
  const salvaged = truncation.length > 0 ? salvage(code) : null;
  return { code, source, blocks: pyBlocks.length || 1, truncation, broken, salvaged };
}

function parseFences(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  let open: { fence: string; lang: string; body: string[] } | null = null;
  for (const line of lines) {
    if (open) {
      const trimmed = line.trim();
      if (
        trimmed.startsWith(open.fence) &&
        /^[`~]*$/.test(trimmed) &&
        trimmed[0] === open.fence[0] &&
        trimmed.length >= open.fence.length
      ) {
        blocks.push({ lang: open.lang, body: open.body.join('\n'), closed: true });
        open = null;
      } else if (line.trimEnd().endsWith(open.fence) && line.trim().length > open.fence.length) {
        // A closing fence glued to the last code line: `plt.show()```
        open.body.push(line.trimEnd().slice(0, -open.fence.length));
        blocks.push({ lang: open.lang, body: open.body.join('\n'), closed: true });
        open = null;
      } else {
        open.body.push(line);
      }
      continue;
    }
    const m = FENCE_OPEN.exec(line);
    if (m) open = { fence: m[1], lang: m[2].toLowerCase(), body: [] };
  }
  if (open) blocks.push({ lang: open.lang, body: open.body.join('\n'), closed: false });
  return blocks;
}

function isPythonBlock(block: Block): boolean {
  if (!PYTHON_LABELS.has(block.lang)) return false;
  if (block.lang !== '') return block.body.trim() !== '';
  return looksLikePython(block.body);
}

const CODE_LINE =
  /^\s*(?:import\s+\w|from\s+[\w.]+\s+import\b|def\s+\w+\s*\(|class\s+\w+|#|@\w|if\s.*:\s*$|elif\s|else\s*:|for\s.*:\s*$|while\s.*:\s*$|try\s*:|except\b|finally\s*:|with\s.*:\s*$|return\b|print\(|[\w.[\]]+\s*[-+*/]?=\s*\S|[\w.]+\(.*\)\s*$|[)\]}]+,?\s*$|pass\s*$|break\s*$|continue\s*$)/;

function looksLikePython(body: string): boolean {
  const lines = body.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return false;
  const codeLike = lines.filter((l) => CODE_LINE.test(l)).length;
  return codeLike / lines.length >= 0.6;
}

function hasImport(code: string): boolean {
  return /^(?:import\s+\w|from\s+[\w.]+\s+import\b)/m.test(code);
}

/**
 * Picks the complete script among several blocks. A block that imports something is a
 * whole program; when there are several, the last one of substantial size wins (models show
 * the original, then the modified script; snippets after a full script are short). When no
 * block is whole, the blocks are consecutive parts of one script: join them in order.
 */
function chooseScript(blocks: Block[]): { code: string; merged: boolean; closed: boolean } {
  const whole = blocks.filter((b) => hasImport(b.body));
  if (whole.length > 0) {
    const longest = Math.max(...whole.map((b) => b.body.length));
    const pick = [...whole].reverse().find((b) => b.body.length >= 0.6 * longest) ?? whole[0];
    return { code: pick.body, merged: false, closed: pick.closed };
  }
  if (blocks.length === 1) return { code: blocks[0].body, merged: false, closed: blocks[0].closed };
  return {
    code: blocks.map((b) => trimBlankEdges(b.body)).join('\n'),
    merged: true,
    closed: blocks[blocks.length - 1].closed,
  };
}

/** Code without fences: from the first line that starts a program, minus trailing prose. */
function bareCode(text: string): string | null {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^(?:import\s+\w|from\s+[\w.]+\s+import\b|#!)/.test(l));
  if (start < 0) return null;
  let end = lines.length;
  // Trailing prose: lines after the code that read like sentences.
  while (end > start + 1 && (lines[end - 1].trim() === '' || isProse(lines[end - 1]))) end -= 1;
  const body = lines.slice(start, end).join('\n');
  return looksLikePython(body) ? body : null;
}

function isProse(line: string): boolean {
  const t = line.trim();
  if (CODE_LINE.test(line) || /^\s/.test(line)) return false;
  return /^[A-Z*\-\d][^=(){}[\]]*[.:!?)]?$/.test(t) && t.split(/\s+/).length >= 4;
}

function trimBlankEdges(code: string): string {
  return code.replace(/^\s*\n/, '').replace(/\s+$/, '') + '\n';
}

/** Signs that the code itself stops mid-statement. */
function codeSigns(code: string, ended: boolean): TruncationSign[] {
  const signs: TruncationSign[] = [];
  const scan = scanPython(code);
  if (scan.inString) signs.push('open-string');
  if (scan.depth > 0) signs.push('unbalanced-brackets');
  if (ended && scan.depth <= 0 && !scan.inString) {
    const last = code.trimEnd().split('\n').pop() ?? '';
    if (
      /(?:[,([{\\=+\-*/.]|\band|\bor|\bnot|\bin)\s*$/.test(last.replace(/#.*$/, '')) ||
      scan.unterminatedLine
    ) {
      signs.push('cut-line');
    }
  }
  return signs;
}

/** The code up to its last complete top-level statement, or null when nothing is left. */
export function salvage(code: string): string | null {
  const text = code.trimEnd();
  const lines = text.split('\n');
  const scan = scanPython(text);
  // The last line that ends at depth 0, outside strings, not continued: a statement boundary.
  let end = -1;
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const s = scan.lines[i];
    if (s.depth === 0 && !s.inString && !s.continued) {
      end = i;
      break;
    }
  }
  // The final line is probably cut even at depth 0 (the stream stopped in it): drop it too.
  if (end === lines.length - 1) end -= 1;
  // A block opener without its body cannot stand: drop headers left hanging.
  while (end >= 0 && /:\s*(?:#.*)?$/.test(lines[end])) end -= 1;
  if (end < 0) return null;
  const kept = lines.slice(0, end + 1).join('\n');
  return kept.trim() === '' ? null : trimBlankEdges(kept);
}
