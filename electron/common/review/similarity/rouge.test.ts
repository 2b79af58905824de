import { describe, expect, it } from 'vitest';
import { fMeasure, rougeScores, rougeTokens } from './rouge';

describe('ROUGE as rouge-score 0.1.2 (SIMILARITY.md 3)', () => {
  it('tokenizes to lower-case runs of [a-z0-9]', () => {
    expect(rougeTokens('my_var = ChVector3d(0.5) 1e-3 Ünïcode')).toEqual([
      'my',
      'var',
      'chvector3d',
      '0',
      '5',
      '1e',
      '3',
      'n',
      'code',
    ]);
  });

  it('scores n-gram overlap as the F-measure, reference as target', () => {
    const s = rougeScores('a b c d', 'a b x');
    expect(s.rouge1).toBe(fMeasure(2 / 3, 2 / 4));
    expect(s.rouge2).toBe(fMeasure(1 / 2, 1 / 3));
    expect(s.rougeL).toBe(fMeasure(2 / 3, 2 / 4));
  });

  it('uses the longest common subsequence for rougeL', () => {
    const s = rougeScores('a b c', 'c b a');
    expect(s.rouge1).toBe(1);
    expect(s.rougeL).toBe(fMeasure(1 / 3, 1 / 3));
  });

  it('spends token budgets line by line in rougeLsum, with the recorded LCS', () => {
    // Line "a" takes the only answer `a`; line "a b" against "b a" records `a` (not `b`),
    // whose budget is spent, so only 1 hit: P = 1/2, R = 1/3.
    expect(rougeScores('a\na b', 'b a').rougeLsum).toBe(fMeasure(1 / 2, 1 / 3));
    // Empty and whitespace-only lines add no tokens.
    expect(rougeScores('a\n\n  \nb', 'a b').rougeLsum).toBe(1);
  });

  it('gives 0 for an empty or whitespace-only answer', () => {
    for (const answer of ['', ' \n\t ']) {
      expect(rougeScores('x = 1', answer)).toEqual({
        rouge1: 0,
        rouge2: 0,
        rougeL: 0,
        rougeLsum: 0,
      });
    }
  });
});
