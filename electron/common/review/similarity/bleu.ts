// The two n-gram parts of CodeBLEU (`codebleu` 0.7.0), on whitespace tokens
// (SIMILARITY.md 4.2–4.4): BLEU-4 with smoothing "method1", and the keyword-weighted recall
// variant with the package's "reference length 2" brevity quirk.

import { fsum } from './fsum';

const MAX_ORDER = 4;
const ORDER_WEIGHT = 0.25;
const SMOOTHING_EPSILON = 0.1;
const KEYWORD_WEIGHT = 1;
const OTHER_WEIGHT = 0.2;
/** The package hands each reference to its length routine as a (tokens, weights) pair. */
const WEIGHTED_REFERENCE_LENGTH = 2;

/** `codebleu/keywords/python.txt` (CodeXGLUE's 35 plus `match`, `case`, `type`). */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try ' +
    'while with yield match case type'
  ).split(' '),
);

/** n-gram counts in order of first appearance (tokens hold no whitespace, so ' ' joins). */
function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = n === 1 ? tokens[i] : tokens.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function brevityPenalty(referenceLength: number, answerLength: number): number {
  if (answerLength > referenceLength) return 1;
  if (answerLength === 0) return 0;
  return Math.exp(1 - referenceLength / answerLength);
}

/** Zero numerators become ε, then BP · exp(Σ ¼·ln(pₙ)). Numerator 1 must be non-zero. */
function smoothedGeometricMean(
  precisions: ReadonlyArray<readonly [number, number]>,
  penalty: number,
): number {
  const logs = precisions.map(
    ([numerator, denominator]) =>
      ORDER_WEIGHT * Math.log((numerator === 0 ? SMOOTHING_EPSILON : numerator) / denominator),
  );
  return penalty * Math.exp(fsum(logs));
}

/** `ngram_match_score`: corpus BLEU-4 of one answer against one reference. */
export function ngramMatch(reference: readonly string[], answer: readonly string[]): number {
  const precisions: Array<[number, number]> = [];
  for (let n = 1; n <= MAX_ORDER; n++) {
    const answerCounts = ngramCounts(answer, n);
    const referenceCounts = ngramCounts(reference, n);
    let clipped = 0;
    let total = 0;
    for (const [gram, count] of answerCounts) {
      clipped += Math.min(count, referenceCounts.get(gram) ?? 0);
      total += count;
    }
    precisions.push([clipped, Math.max(1, total)]);
  }
  if (precisions[0][0] === 0) return 0;
  return smoothedGeometricMean(precisions, brevityPenalty(reference.length, answer.length));
}

export function keywordWeight(token: string): number {
  return PYTHON_KEYWORDS.has(token) ? KEYWORD_WEIGHT : OTHER_WEIGHT;
}

/**
 * `weighted_ngram_match_score`: a recall over the reference's n-grams; unigrams weighted 1 for
 * Python keywords and 0.2 otherwise (summed in order of first appearance, as the package does).
 */
export function weightedNgramMatch(
  reference: readonly string[],
  answer: readonly string[],
): number {
  const recalls: Array<[number, number]> = [];
  for (let n = 1; n <= MAX_ORDER; n++) {
    const answerCounts = ngramCounts(answer, n);
    const referenceCounts = ngramCounts(reference, n);
    let clipped = 0;
    let total = 0;
    for (const [gram, count] of referenceCounts) {
      const weight = n === 1 ? keywordWeight(gram) : 1;
      clipped += Math.min(count, answerCounts.get(gram) ?? 0) * weight;
      total += count * weight;
    }
    recalls.push([clipped, Math.max(1, total)]);
  }
  if (recalls[0][0] === 0) return 0;
  return smoothedGeometricMean(recalls, brevityPenalty(WEIGHTED_REFERENCE_LENGTH, answer.length));
}
