import { describe, expect, it } from 'vitest';
import { lcsLength, lcsReferencePositions } from './lcs';

function tableLcs(a: Int32Array, b: Int32Array): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      t[i][j] = a[i - 1] === b[j - 1] ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
  return t[a.length][b.length];
}

describe('LCS', () => {
  it('gives the table length for random sequences across word boundaries', () => {
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (const [m, n] of [
      [1, 1],
      [31, 40],
      [32, 32],
      [33, 70],
      [64, 65],
      [130, 97],
      [300, 280],
    ]) {
      const a = Int32Array.from({ length: m }, () => random(5));
      const b = Int32Array.from({ length: n }, () => random(5));
      expect(lcsLength(a, b)).toBe(tableLcs(a, b));
    }
    expect(lcsLength(new Int32Array(), Int32Array.of(1))).toBe(0);
  });

  it("records rouge-score's backtrack: up, not left, on ties", () => {
    // ref [a, b] against [b, a]: both LCSs have length 1; the walk keeps `a` (position 0).
    expect(lcsReferencePositions(Int32Array.of(0, 1), Int32Array.of(1, 0))).toEqual([0]);
    expect(lcsReferencePositions(Int32Array.of(0, 1, 2), Int32Array.of(0, 2))).toEqual([0, 2]);
  });
});
