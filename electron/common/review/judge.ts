// The rubric judge's pure parts: the prompt, the parsing of the judge's answer and the
// summary of repeated runs. What must match SimBench's J-LLM (../shared/design/BENCHMARK.md,
// section 1) does: three modes (against the reference, the reference and an API document,
// the document only), one user message and no system message, the answer and reference
// markers, six categories with budgets of 40/30/10/10/5/5, the "[[x]]" score, the first
// [[digits]] as the score. The prompt text is TwinForge's own (resources/prompts/judge.md).
// Deviations, each visible in the result: scores are clamped to 0..100, later fallback
// parsers are tried when no [[digits]] is found (and named), a missing score is a parse
// failure and never 0, and an optional task prompt may be added to the prompt.

import { parseCategories, type JudgeCategoryResult } from './judge-categories';

export {
  JUDGE_CATEGORIES,
  type JudgeCategoryResult,
  type JudgeCategorySpec,
} from './judge-categories';

export type JudgeMode = 'reference' | 'reference-document' | 'document';
export const JUDGE_MODES: readonly JudgeMode[] = ['reference', 'reference-document', 'document'];

/** SimBench's judge sampling (its frozen contract); a different judge model is not comparable. */
export const JUDGE_SAMPLING = { temperature: 0.2, topP: 0.7, maxTokens: 12000 } as const;

export const ANSWER_START = '[The Start of Assistant’s Answer]';
export const ANSWER_END = '[The End of Assistant’s Answer]';
export const REFERENCE_START = '[The Start of Reference Answer]';
export const REFERENCE_END = '[The End of Reference Answer]';

// ---- prompt ------------------------------------------------------------------------

/** The templates of resources/prompts/judge.md: one per mode, and the optional task block. */
export type JudgeTemplates = Record<JudgeMode | 'task', string>;

const TEMPLATE_PARTS = [...JUDGE_MODES, 'task'] as const;

/** Splits judge.md at its `<!-- judge:<part> -->` lines; the text before the first is a note. */
export function parseJudgeTemplates(text: string): JudgeTemplates {
  const parts = new Map<string, string>();
  const source = text.replace(/\r\n?/g, '\n');
  const found = [...source.matchAll(/^<!--\s*judge:([\w-]+)\s*-->[ \t]*$/gm)];
  found.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = i + 1 < found.length ? (found[i + 1].index ?? source.length) : source.length;
    parts.set(m[1], source.slice(start, end).trim());
  });
  const missing = TEMPLATE_PARTS.filter((p) => !parts.get(p));
  if (missing.length) {
    throw new Error(
      `The judge prompt lacks its ${missing.join(', ')} part${missing.length > 1 ? 's' : ''} ` +
        '(a line <!-- judge:<part> --> followed by its text): reinstall TwinForge.',
    );
  }
  return Object.fromEntries(TEMPLATE_PARTS.map((p) => [p, parts.get(p) ?? ''])) as JudgeTemplates;
}

export interface JudgePromptInput {
  mode: JudgeMode;
  /** The script under review (the twin), with its comments. */
  answer: string;
  /** The expert reference script: needed by `reference` and `reference-document`. */
  reference?: string | null;
  /** The API document: needed by `reference-document` and `document`. */
  apiDocument?: string | null;
  /** What the engineer asked for; SimBench's judge has no such block: leave it out to compare. */
  taskPrompt?: string | null;
  templates: JudgeTemplates;
}

export interface JudgeMessage {
  role: 'user';
  content: string;
}

/** The judge's request: one user message, as SimBench sends it. */
export function buildJudgePrompt(input: JudgePromptInput): JudgeMessage[] {
  const { mode, templates } = input;
  if (!input.answer.trim()) throw new Error('There is no script to judge.');
  const needsReference = mode !== 'document';
  const needsDocument = mode !== 'reference';
  if (needsReference && !input.reference?.trim()) {
    throw new Error(`Judging against the reference needs the reference script.`);
  }
  if (needsDocument && !input.apiDocument?.trim()) {
    throw new Error(`Judging against the API document needs the document.`);
  }
  const task = input.taskPrompt?.trim()
    ? `\n${fill(templates.task, { prompt: input.taskPrompt.trim() })}\n`
    : '';
  const content = fill(templates[mode], {
    task,
    answer: input.answer.trimEnd(),
    reference: (input.reference ?? '').trimEnd(),
    document: (input.apiDocument ?? '').trim(),
  });
  return [{ role: 'user', content: content.trim() }];
}

/** One pass over the template, so text inside the scripts is never taken for a mark. */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (mark, key: string) => values[key] ?? mark);
}

export interface NoteLike {
  id: string;
  title: string;
  body: string;
}

/** The default API document: TwinForge's PyChrono notes, in the order of their ids. */
export function notesApiDocument(notes: readonly NoteLike[]): string {
  const sorted = [...notes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return [
    '# PyChrono 9.0.1 notes (TwinForge)',
    ...sorted.map((n) => `## ${n.title}\n\n${n.body.trim()}`),
  ].join('\n\n');
}

// ---- parsing the judge's answer ----------------------------------------------------

/** Which rule found the score: `strict` is SimBench's; the others are later fallbacks. */
export type JudgeScoreParser =
  | 'strict' // the first [[digits]]
  | 'bracket-expression' // [[-8]], [[7.5]], [[40 - 2]], [[7/10]] (read as 70)
  | 'placeholder' // [[x]] 70
  | 'json' // {"score": 70} in the text or a fenced block
  | 'single-bracket' // [88] or \[ [49] \] alone on a line
  | 'score-line'; // Final score: 100 - 63 = 37 points

export type JudgeParse =
  | {
      ok: true;
      /** The score, clamped to 0..100. */
      score: number;
      /** The number the judge wrote (or 100·a/b for a/b). */
      rawScore: number;
      clamped: boolean;
      parser: JudgeScoreParser;
      /** The six categories, in rubric order. */
      categories: JudgeCategoryResult[];
      /** Sum of the deductions found; null when no category says. */
      total: number | null;
    }
  | { ok: false; reason: string; text: string };

export function parseJudgeAnswer(text: string): JudgeParse {
  if (!text.trim()) return { ok: false, reason: "The judge's answer is empty.", text };
  const json = jsonObjects(text);
  const found = findScore(text, json);
  if (!found) {
    return {
      ok: false,
      reason:
        'The judge gave no score: no [[x]], and none of the other forms TwinForge reads ' +
        '([[a/b]], [[x]] N, JSON with a score, [N] alone on a line, a "Final score" line).',
      text,
    };
  }
  const score = Math.min(100, Math.max(0, found.value));
  const categories = parseCategories(text, json);
  const deductions = categories.flatMap((c) => (c.deducted === null ? [] : [c.deducted]));
  return {
    ok: true,
    score,
    rawScore: found.value,
    clamped: score !== found.value,
    parser: found.parser,
    categories,
    total: deductions.length ? deductions.reduce((a, b) => a + b, 0) : null,
  };
}

interface FoundScore {
  value: number;
  parser: JudgeScoreParser;
}

function findScore(text: string, json: unknown[]): FoundScore | null {
  const strict = /\[\[(\d+)\]\]/.exec(text);
  if (strict) return { value: Number(strict[1]), parser: 'strict' };
  for (const m of text.matchAll(/\[\[([^[\]\n]{1,60})\]\]/g)) {
    const value = evaluateScore(m[1]);
    if (value !== null) return { value, parser: 'bracket-expression' };
  }
  const placeholder = /\[\[\s*x\s*\]\][\s:=*]*([-−]?\d+(?:\.\d+)?)/i.exec(text);
  if (placeholder) return { value: toNumber(placeholder[1]), parser: 'placeholder' };
  for (const obj of json) {
    const value = jsonScore(obj);
    if (value !== null) return { value, parser: 'json' };
  }
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const bare = lines[i]
      .replace(/[*_#`\\]/g, '')
      .replace(/^\s*(?:(?:final|overall|total)\s+)?score\s*[:=]?/i, '')
      .trim();
    const m = /^\[\s*\[?\s*([-−]?\d+(?:\.\d+)?)\s*\]?\s*\]$/.exec(bare);
    if (m) return { value: toNumber(m[1]), parser: 'single-bracket' };
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const value = scoreLine(lines[i]);
    if (value !== null) return { value, parser: 'score-line' };
  }
  return null;
}

/** "72", "-8", "7.5", "40 - 2", "7/10" (a fraction: 70), "85/100" (85); else null. */
function evaluateScore(expression: string): number | null {
  const e = expression.replace(/−/g, '-').replace(/\s+/g, '');
  const fraction = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(e);
  if (fraction) {
    const d = Number(fraction[2]);
    return d > 0 ? (100 * Number(fraction[1])) / d : null;
  }
  if (!/^[-+*/().\d]+$/.test(e) || !/\d/.test(e)) return null;
  const value = arithmetic(e);
  return value !== null && Number.isFinite(value) ? value : null;
}

/** + − × ÷ and parentheses, by recursive descent; null on anything else. */
function arithmetic(e: string): number | null {
  let i = 0;
  const number = (): number | null => {
    const m = /^\d+(?:\.\d+)?/.exec(e.slice(i));
    if (!m) return null;
    i += m[0].length;
    return Number(m[0]);
  };
  const factor = (): number | null => {
    if (e[i] === '-' || e[i] === '+') {
      const sign = e[i++] === '-' ? -1 : 1;
      const v = factor();
      return v === null ? null : sign * v;
    }
    if (e[i] === '(') {
      i++;
      const v = sum();
      if (e[i++] !== ')') return null;
      return v;
    }
    return number();
  };
  const product = (): number | null => {
    let v = factor();
    while (v !== null && (e[i] === '*' || e[i] === '/')) {
      const op = e[i++];
      const w = factor();
      if (w === null) return null;
      v = op === '*' ? v * w : v / w;
    }
    return v;
  };
  const sum = (): number | null => {
    let v = product();
    while (v !== null && (e[i] === '+' || e[i] === '-')) {
      const op = e[i++];
      const w = product();
      if (w === null) return null;
      v = op === '+' ? v + w : v - w;
    }
    return v;
  };
  const v = sum();
  return i === e.length ? v : null;
}

/** A line that states the final score in words: "Final Score: 100 - 63 = 37 points". */
function scoreLine(line: string): number | null {
  const plain = line.replace(/[*_`#>]/g, '');
  const label = /\b(?:(?:final|overall|total)\s+score|score\s*(?:[:=]|is\b))/i.exec(plain);
  if (!label || /deduct/i.test(plain)) return null;
  let rest = plain.slice(label.index + label[0].length);
  const eq = rest.lastIndexOf('=');
  if (eq >= 0) rest = rest.slice(eq + 1);
  const m = /([-−]?\d+(?:\.\d+)?)(?:\s*(?:\/|out\s+of)\s*(\d+(?:\.\d+)?))?/i.exec(rest);
  if (!m) return null;
  const value = toNumber(m[1]);
  const of = m[2] ? Number(m[2]) : 100;
  return of > 0 ? (100 * value) / of : null;
}

function toNumber(s: string): number {
  return Number(s.replace('−', '-'));
}

/** Every JSON object in the answer: fenced blocks first, then bare objects in the text. */
function jsonObjects(text: string): unknown[] {
  const out: unknown[] = [];
  const tryParse = (s: string) => {
    try {
      const v: unknown = JSON.parse(s);
      if (v && typeof v === 'object') out.push(v);
    } catch {
      // Not JSON: prose in braces, or a fence of code.
    }
  };
  for (const m of text.matchAll(/```[a-zA-Z]*\n([\s\S]*?)```/g)) tryParse(m[1].trim());
  // Bare objects: from each opening brace at a line start to its matching brace.
  for (const m of text.matchAll(/^\s*\{/gm)) {
    const start = (m.index ?? 0) + m[0].length - 1;
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        tryParse(text.slice(start, i + 1));
        break;
      }
    }
  }
  return out;
}

const SCORE_KEY = /^(?:final|overall|total)?[ _-]?score$/i;

function jsonScore(obj: unknown): number | null {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return null;
  for (const [key, value] of Object.entries(obj)) {
    if (!SCORE_KEY.test(key)) continue;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string') {
      const v = evaluateScore(value.replace(/\s*(?:points?|pts)\s*$/i, ''));
      if (v !== null) return v;
    }
  }
  return null;
}

// ---- repeated runs -----------------------------------------------------------------

export interface JudgeRunsSummary {
  runs: number;
  /** The scores of the runs that gave one, in run order. */
  scores: number[];
  parseFailures: number;
  mean: number | null;
  /** Sample standard deviation (n − 1); null with fewer than two scores. */
  sd: number | null;
  min: number | null;
  max: number | null;
}

/** N repeats of one judgement: parse failures are counted, never averaged in as 0. */
export function summariseJudgeRuns(results: readonly JudgeParse[]): JudgeRunsSummary {
  const scores = results.flatMap((r) => (r.ok ? [r.score] : []));
  const n = scores.length;
  const mean = n ? scores.reduce((a, b) => a + b, 0) / n : null;
  const sd =
    n >= 2 && mean !== null
      ? Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / (n - 1))
      : null;
  return {
    runs: results.length,
    scores,
    parseFailures: results.length - n,
    mean,
    sd,
    min: n ? Math.min(...scores) : null,
    max: n ? Math.max(...scores) : null,
  };
}
