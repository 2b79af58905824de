// ROUGE-1/2/L/Lsum F-measures exactly as HF `evaluate`'s "rouge" (rouge-score 0.1.2, default
// tokenizer, no stemmer) reports them for one prediction and one reference (SIMILARITY.md 3).

import { lcsLength, markLcsReferencePositions } from './lcs';

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
  rougeLsum: number;
}

/** rouge-score's tokenizer: lower-case, then the maximal runs of `[a-z0-9]`. */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

export function fMeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

/** Interns tokens as small integers so the LCS and n-gram code compares numbers. */
class Vocabulary {
  private readonly ids = new Map<string, number>();
  get size(): number {
    return this.ids.size;
  }
  encode(tokens: readonly string[]): Int32Array {
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      let id = this.ids.get(tokens[i]);
      if (id === undefined) this.ids.set(tokens[i], (id = this.ids.size));
      out[i] = id;
    }
    return out;
  }
}

function ngramCounts(tokens: Int32Array, n: number, base: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = n === 1 ? tokens[i] : tokens[i] * base + tokens[i + 1];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function rougeN(target: Int32Array, prediction: Int32Array, n: 1 | 2, base: number): number {
  const targetCounts = ngramCounts(target, n, base);
  const predictionCounts = ngramCounts(prediction, n, base);
  let overlap = 0;
  for (const [gram, count] of targetCounts)
    overlap += Math.min(count, predictionCounts.get(gram) ?? 0);
  const targetTotal = Math.max(0, target.length - n + 1);
  const predictionTotal = Math.max(0, prediction.length - n + 1);
  return fMeasure(overlap / Math.max(predictionTotal, 1), overlap / Math.max(targetTotal, 1));
}

function rougeL(target: Int32Array, prediction: Int32Array): number {
  if (target.length === 0 || prediction.length === 0) return 0;
  const lcs = lcsLength(target, prediction);
  return fMeasure(lcs / prediction.length, lcs / target.length);
}

function countTokens(lines: readonly Int32Array[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of lines) for (const t of line) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Summary-level LCS ("ROUGE-1.5.5 style") over the texts' `\n`-separated lines. */
function rougeLsum(targetLines: Int32Array[], predictionLines: Int32Array[]): number {
  if (targetLines.length === 0 || predictionLines.length === 0) return 0;
  const m = targetLines.reduce((sum, line) => sum + line.length, 0);
  const n = predictionLines.reduce((sum, line) => sum + line.length, 0);
  if (m === 0 || n === 0) return 0;
  const targetBudget = countTokens(targetLines);
  const predictionBudget = countTokens(predictionLines);

  // Prediction lines that share no token with a reference line have an empty LCS with it.
  const linesWithToken = new Map<number, Set<number>>();
  predictionLines.forEach((line, index) => {
    for (const t of line) {
      let set = linesWithToken.get(t);
      if (!set) linesWithToken.set(t, (set = new Set()));
      set.add(index);
    }
  });

  let hits = 0;
  for (const ref of targetLines) {
    const candidates = new Set<number>();
    for (const t of ref) for (const index of linesWithToken.get(t) ?? []) candidates.add(index);
    // The union of the positions each answer line's LCS uses; once it holds every position
    // of the line, no other answer line can add to it.
    const used = new Uint8Array(ref.length);
    let usedCount = 0;
    const mark = (position: number) => {
      if (used[position] === 0) {
        used[position] = 1;
        usedCount++;
      }
    };
    for (const index of candidates) {
      markLcsReferencePositions(ref, predictionLines[index], mark);
      if (usedCount === ref.length) break;
    }
    for (let position = 0; position < ref.length; position++) {
      if (used[position] === 0) continue;
      const t = ref[position];
      const left = predictionBudget.get(t) ?? 0;
      const right = targetBudget.get(t) ?? 0;
      if (left > 0 && right > 0) {
        hits++;
        predictionBudget.set(t, left - 1);
        targetBudget.set(t, right - 1);
      }
    }
  }
  return fMeasure(hits / n, hits / m);
}

/** The four ROUGE F-measures of `answer` (prediction) against `reference` (target). */
export function rougeScores(reference: string, answer: string): RougeScores {
  const vocabulary = new Vocabulary();
  const target = vocabulary.encode(rougeTokens(reference));
  const prediction = vocabulary.encode(rougeTokens(answer));
  const lines = (text: string) =>
    text
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => vocabulary.encode(rougeTokens(line)));
  const targetLines = lines(reference);
  const predictionLines = lines(answer);
  const base = vocabulary.size + 1;
  return {
    rouge1: rougeN(target, prediction, 1, base),
    rouge2: rougeN(target, prediction, 2, base),
    rougeL: rougeL(target, prediction),
    rougeLsum: rougeLsum(targetLines, predictionLines),
  };
}
