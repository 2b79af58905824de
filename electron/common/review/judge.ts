// The rubric judge's pure parts: the prompt, the parsing of the judge's answer and the
// summary of repeated runs. What must match SimBench's J-LLM (../shared/design/BENCHMARK.md,
// section 1) does: three modes (against the reference, the reference and an API document,
// the document only), one user message and no system message, the answer and reference
// markers, six categories with budgets of 40/30/10/10/5/5, the "[[x]]" score, the first
// [[digits]] as the score. The prompt text is TwinForge's own (resources/prompts/judge.md).
// Deviations, each visible in the result: scores are clamped to 0..100, later fallback
// parsers are tried when no [[digits]] is found (and named), a missing score is a parse
// failure and never 0, and an optional task prompt may be added to the prompt.

export type JudgeMode = 'reference' | 'reference-document' | 'document';
export const JUDGE_MODES: readonly JudgeMode[] = ['reference', 'reference-document', 'document'];

export interface JudgeCategorySpec {
  name: string;
  budget: number;
}

export const JUDGE_CATEGORIES: readonly JudgeCategorySpec[] = [
  { name: 'Completeness', budget: 40 },
  { name: 'Correctness', budget: 30 },
  { name: 'Code Quality', budget: 10 },
  { name: 'Efficiency', budget: 10 },
  { name: 'Error Handling and Robustness', budget: 5 },
  { name: 'Use of Visualization Tools', budget: 5 },
];

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
  const marker = /^<!--\s*judge:([\w-]+)\s*-->[ \t]*$/gm;
  const found = [...text.replace(/\r\n?/g, '\n').matchAll(marker)];
  const source = text.replace(/\r\n?/g, '\n');
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

export interface JudgeCategoryResult {
  name: string;
  budget: number;
  /** Points the judge took off in this category; null when its answer does not say. */
  deducted: number | null;
  /** The judge's lines that take points off in this category. */
  reasons: string[];
}

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

// ---- categories --------------------------------------------------------------------

const CATEGORY_PATTERNS: readonly RegExp[] = [
  /completeness/i,
  /correctness/i,
  /code\s+quality/i,
  /efficiency/i,
  /error\s+handling/i,
  /(?:use\s+of\s+)?visuali[sz]ation/i,
];

const DECORATION = String.raw`(?:#{1,6}\s*)?(?:\*\*|__)?\s*(?:\d+\s*[.):]\s*)?(?:\*\*|__)?\s*(?:category\s*\d*\s*[:.-]?\s*)?`;
const BULLET = String.raw`\s*[-*•+]\s+`;
const AMOUNT = String.raw`(\d+(?:\.\d+)?)`;

/** Each category's deduction and reasons, read from the judge's prose (or its JSON). */
function parseCategories(text: string, json: unknown[]): JudgeCategoryResult[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  // A heading names the category and little else ("1. **Completeness (40 points total)**",
  // "## Code Quality: 5/10"); "3. **Visualization Setup**: the camera is..." is an item.
  const headingOf = (line: string): number => {
    if (new RegExp(`^${BULLET}`).test(line)) return -1;
    return CATEGORY_PATTERNS.findIndex((p) => {
      const m = new RegExp(`^\\s*${DECORATION}${p.source}`, 'i').exec(line);
      return m !== null && line.slice(m[0].length).replace(/[*_#]/g, '').trim().length <= 40;
    });
  };
  const summaryOf = (line: string): number =>
    CATEGORY_PATTERNS.findIndex((p) =>
      new RegExp(`^${BULLET}(?:\\*\\*|__)?\\s*[\\w\\s&]*?${p.source}[^:]*:`, 'i').test(line),
    );
  const sections = new Map<number, string[]>();
  const summary = new Map<number, number>();
  let current = -1;
  for (const line of lines) {
    const heading = headingOf(line);
    if (heading >= 0) {
      current = sections.has(heading) ? -1 : heading; // a repeated heading is a summary
      if (current >= 0) sections.set(current, [line]);
      continue;
    }
    if (
      /^\s*#/.test(line) ||
      /^\W*(?:summary|final\s+score|overall|total\s+(?:points|score))/i.test(line)
    ) {
      current = -1;
    }
    const s = current < 0 ? summaryOf(line) : -1;
    if (s >= 0 && !summary.has(s)) {
      const v = lineDeduction(line.slice(line.indexOf(':') + 1), JUDGE_CATEGORIES[s].budget, true);
      if (v !== null) summary.set(s, v);
    }
    if (current >= 0) sections.get(current)?.push(line);
  }
  const fromJson = jsonCategories(json);
  return JUDGE_CATEGORIES.map((spec, k) => {
    const section = sections.get(k);
    const reasons: string[] = [];
    let deducted: number | null = summary.get(k) ?? null;
    if (section) {
      const [heading, ...body] = section;
      const read = readSection(body, spec, CATEGORY_PATTERNS[k], reasons);
      const inHeading = lineDeduction(
        heading.replace(/\(\s*\d+\s*(?:points?|pts?)?(?:\s+total)?\s*\)/i, ''),
        spec.budget,
        false,
      );
      deducted = read.stated ?? inHeading ?? deducted ?? read.itemSum;
    }
    const j = fromJson.get(k);
    if (j) {
      deducted ??= j.deducted;
      if (reasons.length === 0) reasons.push(...j.reasons);
    }
    return { name: spec.name, budget: spec.budget, deducted, reasons };
  });
}

/**
 * What a category's section says it takes off, most explicit first: the category's own
 * score ("Total Completeness Score: 40 - 45 = 0 points": 40 off), its total deduction (one
 * naming the category, else the sum of the section's totals), a "Deductions: 5 points"
 * line; and the sum of its itemised deductions, kept apart as the last resort.
 */
function readSection(
  body: string[],
  spec: JudgeCategorySpec,
  pattern: RegExp,
  reasons: string[],
): { stated: number | null; itemSum: number | null } {
  let score: number | null = null;
  let named: number | null = null;
  const totals: number[] = [];
  let plain: number | null = null;
  let itemSum = 0;
  let items = 0;
  for (const line of body) {
    // The category's score rather than its deduction: "Score: 25/40",
    // "Total Completeness Score: 40 - (45 + 10 + 5) = 0 points".
    const scoreLabel = new RegExp(`(?:total\\s+${pattern.source}\\s+)?\\bscore\\W*[:=]`, 'i').exec(
      line,
    );
    if (scoreLabel && !/deduct/i.test(line)) {
      const after = line.slice(scoreLabel.index + scoreLabel[0].length).replace(/[*_`]/g, '');
      const outOf = new RegExp(`^\\s*${AMOUNT}\\s*(?:/|out\\s+of)\\s*${AMOUNT}`, 'i').exec(after);
      const v =
        outOf && Number(outOf[2]) === spec.budget
          ? Number(outOf[1])
          : /total/i.test(scoreLabel[0])
            ? statedNumber(after)
            : null;
      if (v !== null) {
        score = Math.max(0, spec.budget - v);
        continue;
      }
    }
    const total = /total\s+deductions?(?:\s+for\s+[^:]*)?\W*[:=]/i.exec(line);
    if (total) {
      const after = line.slice(total.index + total[0].length);
      const cap = new RegExp(`capped\\s+at\\s+${AMOUNT}`, 'i').exec(after);
      const stated = /^\W*(?:none|no\b)/i.test(after)
        ? 0
        : statedNumber(after.slice(0, cap?.index));
      // "-45 points (exceeds the maximum, capped at 40 points)": the judge's own cap.
      const v = stated !== null && cap ? Math.min(stated, Number(cap[1])) : stated;
      if (v !== null) {
        if (pattern.test(total[0])) named = v;
        else totals.push(v);
      }
      continue;
    }
    const label = /(?:^|\W)(?:deductions?|points?\s+deducted)\W*[:=]/i.exec(line);
    if (label) {
      const after = line.slice(label.index + label[0].length);
      const v = /^\W*(?:none|no\b)/i.test(after) ? 0 : listedDeduction(after, spec.budget);
      if (v !== null) {
        plain = (plain ?? 0) + v;
        if (v > 0 && /[a-z]{3}/i.test(after)) reasons.push(clean(line));
        continue;
      }
    }
    const amount = itemAmount(line);
    if (amount !== null) {
      itemSum += amount;
      items++;
      reasons.push(clean(line));
    }
  }
  const sumOfTotals = totals.length ? totals.reduce((a, b) => a + b, 0) : null;
  return { stated: score ?? named ?? sumOfTotals ?? plain, itemSum: items ? itemSum : null };
}

/** "15 points for A, 10 points for B. Total: 25 points" (25), "5 points for A" (5). */
function listedDeduction(text: string, budget: number): number | null {
  const plain = text.replace(/[*_`]/g, '');
  const total = new RegExp(`total\\W*${AMOUNT}`, 'i').exec(plain);
  if (total) return Number(total[1]);
  const listed = [...plain.matchAll(new RegExp(`${AMOUNT}\\s*(?:points?|pts?)\\s+for\\b`, 'gi'))];
  if (listed.length > 1) return listed.reduce((a, m) => a + Number(m[1]), 0);
  return lineDeduction(plain, budget, true);
}

/** The number a "label: ..." states: after its last "=", else its first number. */
function statedNumber(text: string): number | null {
  const plain = text.replace(/[*_`]/g, '');
  const eq = plain.lastIndexOf('=');
  const m = new RegExp(`[-−]?${AMOUNT}`).exec(eq >= 0 ? plain.slice(eq + 1) : plain);
  return m ? Math.abs(toNumber(m[0])) : null;
}

/** The points one reason line takes off: "(Deduct 15 points)", "-5 points", "(−3)". */
function itemAmount(line: string): number | null {
  const m =
    new RegExp(`deduct(?:ed|ion|s)?\\s*(?:of\\s*)?:?\\s*\\**\\s*[-−]?${AMOUNT}`, 'i').exec(line) ??
    new RegExp(`${AMOUNT}\\s*(?:points?|pts?)\\s+(?:deducted|off)`, 'i').exec(line) ??
    new RegExp(`\\(\\s*[-−]\\s*${AMOUNT}\\s*(?:points?|pts?)?\\s*\\)`, 'i').exec(line) ??
    new RegExp(`(?:^|\\s)[-−]${AMOUNT}\\s*(?:points?|pts?)\\b`, 'i').exec(line);
  return m ? Number(m[1]) : null;
}

/**
 * A deduction stated on a line: "25/40" (a score out of the budget: 15 off), "-15", "15
 * points deducted"; with `bare`, a plain "15 points" counts too (summaries of deductions).
 */
function lineDeduction(text: string, budget: number, bare: boolean): number | null {
  const plain = text.replace(/[*_`]/g, '');
  const outOf = new RegExp(`${AMOUNT}\\s*(?:/|out\\s+of)\\s*${AMOUNT}`, 'i').exec(plain);
  if (outOf && Number(outOf[2]) === budget) return budget - Number(outOf[1]);
  const minus = new RegExp(`(?:^|[\\s(:])[-−]\\s*${AMOUNT}`).exec(plain);
  if (minus) return Number(minus[1]);
  const item = itemAmount(plain);
  if (item !== null) return item;
  if (!bare) return null;
  const first = new RegExp(`^\\s*${AMOUNT}`).exec(plain);
  return first ? Number(first[1]) : null;
}

function clean(line: string): string {
  return line
    .replace(/\*\*|__/g, '')
    .replace(/^\s*[-*•+]\s+/, '')
    .trim();
}

function jsonCategories(
  json: unknown[],
): Map<number, { deducted: number | null; reasons: string[] }> {
  const out = new Map<number, { deducted: number | null; reasons: string[] }>();
  const read = (name: string, value: unknown) => {
    const k = CATEGORY_PATTERNS.findIndex((p) => p.test(name));
    if (k < 0 || out.has(k)) return;
    if (typeof value === 'number') {
      out.set(k, { deducted: value, reasons: [] });
      return;
    }
    if (!value || typeof value !== 'object') return;
    const v = value as Record<string, unknown>;
    const amount = [
      v.deducted,
      v.deduction,
      v.deductions,
      v.points_deducted,
      v.pointsDeducted,
    ].find((x) => typeof x === 'number') as number | undefined;
    const why = v.reasons ?? v.reason ?? v.issues;
    const reasons = Array.isArray(why)
      ? why.filter((r): r is string => typeof r === 'string')
      : typeof why === 'string'
        ? [why]
        : [];
    out.set(k, { deducted: amount ?? null, reasons });
  };
  for (const obj of json) {
    if (!obj || typeof obj !== 'object') continue;
    const o = obj as Record<string, unknown>;
    const list = o.categories ?? o.deductions ?? o.rubric;
    if (Array.isArray(list)) {
      for (const entry of list) {
        const e = entry as Record<string, unknown> | null;
        const name = e?.name ?? e?.category;
        if (typeof name === 'string') read(name, e);
      }
    } else if (list && typeof list === 'object') {
      for (const [name, value] of Object.entries(list)) read(name, value);
    }
    for (const [name, value] of Object.entries(o)) read(name, value);
  }
  return out;
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
