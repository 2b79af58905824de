import { describe, expect, it } from 'vitest';
import { combineCodeBleu } from './codebleu';

describe('CodeBLEU combination (SIMILARITY.md 4.1)', () => {
  it('averages the four parts', () => {
    expect(combineCodeBleu({ ngram: 0.1, weighted: 0.2, syntax: 0.3, dataflow: 0.4 })).toBe(
      0.25 * 0.1 + 0.25 * 0.2 + 0.25 * 0.3 + 0.25 * 0.4,
    );
  });

  it('counts a dataflow of exactly 0 as 1', () => {
    expect(combineCodeBleu({ ngram: 0, weighted: 0, syntax: 0, dataflow: 0 })).toBe(0.25);
    expect(combineCodeBleu({ ngram: 0.1, weighted: 0.2, syntax: 0.3, dataflow: 0 })).toBe(
      0.25 * 0.1 + 0.25 * 0.2 + 0.25 * 0.3 + 0.25,
    );
  });
});
