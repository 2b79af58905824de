import { describe, expect, it } from 'vitest';
import { keywordWeight, ngramMatch, weightedNgramMatch } from './bleu';

const t = (text: string) => text.split(' ');
const geometric = (...precisions: number[]) =>
  Math.exp(precisions.reduce((sum, p) => sum + 0.25 * Math.log(p), 0));

describe('ngram_match_score: BLEU-4, smoothing method1 (SIMILARITY.md 4.3)', () => {
  it('is 1 for an identical answer', () => {
    expect(ngramMatch(t('a = b ( c )'), t('a = b ( c )'))).toBe(1);
  });

  it('is exactly 0 when no unigram is shared (no smoothing then)', () => {
    expect(ngramMatch(t('a b c d'), t('x y z w'))).toBe(0);
  });

  it('clips counts by the reference and smooths empty orders with 0.1', () => {
    // p1 = 2/4, p2 = 1/3, p3 = 0.1/2, p4 = 0.1/1; 4 tokens > 3, so no brevity penalty.
    expect(ngramMatch(t('a a b'), t('a a a a'))).toBeCloseTo(
      geometric(2 / 4, 1 / 3, 0.05, 0.1),
      15,
    );
  });

  it('gives short answers numerator 0.1 over denominator 1 and the brevity penalty', () => {
    // p1 = p2 = 1, no 3- or 4-grams; BP = exp(1 - 5/2). ≈ 0.0705600.
    const score = ngramMatch(t('a b c d e'), t('a b'));
    expect(score).toBeCloseTo(Math.exp(-1.5) * Math.sqrt(0.1), 15);
    expect(score).toBeCloseTo(0.07056, 5);
  });
});

describe('weighted_ngram_match_score (SIMILARITY.md 4.4)', () => {
  it('weighs whole keyword tokens 1 and others 0.2', () => {
    expect(keywordWeight('if')).toBe(1);
    expect(keywordWeight('type')).toBe(1);
    expect(keywordWeight('if(')).toBe(0.2);
    expect(keywordWeight('True,')).toBe(0.2);
  });

  it('is a recall over the reference with weighted unigrams', () => {
    // Unigrams: (1 + 0 + 1 + 0.2) / (1 + 0.2 + 1 + 0.2); bigrams 1/3; 3-grams 0.1/2; 4-grams 0.1/1.
    const score = weightedNgramMatch(t('if x return y'), t('if z return y'));
    expect(score).toBeCloseTo(geometric(2.2 / 2.4, 1 / 3, 0.05, 0.1), 15);
  });

  it('takes the reference length as 2 for the brevity penalty (the package quirk)', () => {
    const reference = t('import a b c d');
    // 1-token answer: BP = exp(1 - 2/1), not exp(1 - 5/1).
    expect(weightedNgramMatch(reference, t('import'))).toBeCloseTo(
      Math.exp(-1) * geometric(1 / 1.8, 0.1 / 4, 0.1 / 3, 0.1 / 2),
      15,
    );
    // 2 tokens: BP = exp(0) = 1, although the reference is longer.
    expect(weightedNgramMatch(reference, t('import a'))).toBeCloseTo(
      geometric(1.2 / 1.8, 1 / 4, 0.1 / 3, 0.1 / 2),
      15,
    );
    expect(weightedNgramMatch(reference, [])).toBe(0);
  });
});
