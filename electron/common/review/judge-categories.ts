// The rubric's six categories, and how much the judge took off in each, read from the
// prose judges write (numbered bold headings with "Total Deductions" lines, "Score: 25/40",
// a "Summary of Deductions" list, looser markdown from local models) or from their JSON.
// Best effort by design: the score is what counts; a category the answer does not state
// is null, never a guess.

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

export interface JudgeCategoryResult {
  name: string;
  budget: number;
  /** Points the judge took off in this category; null when its answer does not say. */
  deducted: number | null;
  /** The judge's lines that take points off in this category. */
  reasons: string[];
}

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
const BULLET_START = new RegExp(`^${BULLET}`);
const HEADINGS = CATEGORY_PATTERNS.map((p) => new RegExp(`^\\s*${DECORATION}${p.source}`, 'i'));
const SUMMARY_LINES = CATEGORY_PATTERNS.map(
  (p) => new RegExp(`^${BULLET}(?:\\*\\*|__)?\\s*[\\w\\s&]*?${p.source}[^:]*:`, 'i'),
);

/** Each category's deduction and reasons, from the answer's text and its JSON objects. */
export function parseCategories(text: string, json: unknown[]): JudgeCategoryResult[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  // A heading names the category and little else ("1. **Completeness (40 points total)**",
  // "## Code Quality: 5/10"); "3. **Visualization Setup**: the camera is..." is an item.
  const headingOf = (line: string): number => {
    if (BULLET_START.test(line)) return -1;
    return HEADINGS.findIndex((h) => {
      const m = h.exec(line);
      return m !== null && line.slice(m[0].length).replace(/[*_#]/g, '').trim().length <= 40;
    });
  };
  const summaryOf = (line: string): number => SUMMARY_LINES.findIndex((p) => p.test(line));
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

function toNumber(s: string): number {
  return Number(s.replace('−', '-'));
}
