import { describe, expect, it } from 'vitest';
import { reduceSeries, upwardCrossings, windowed, type Series } from './series';

const sampled = (f: (t: number) => number, until: number, dt = 0.001): Series => {
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i * dt <= until + 1e-12; i++) {
    t.push(i * dt);
    v.push(f(i * dt));
  }
  return { t, v };
};

describe('reduceSeries', () => {
  it('measures the period of a sine between upward crossings of the level', () => {
    const s = sampled((t) => Math.sin((2 * Math.PI * t) / 1.7), 10);
    expect(reduceSeries('period', s)).toBeCloseTo(1.7, 6);
    // Offset from zero: crossings of 0 miss it, crossings of the mid-range find it.
    const shifted = sampled((t) => 3 + Math.sin((2 * Math.PI * t) / 1.7), 10);
    expect(reduceSeries('period', shifted)).toBeNaN();
    expect(reduceSeries('period', shifted, { about: 'mid' })).toBeCloseTo(1.7, 6);
  });

  it('reads the damping ratio of a decaying oscillation from its positive peaks', () => {
    const zeta = 0.05;
    const wn = 2 * Math.PI;
    const wd = wn * Math.sqrt(1 - zeta ** 2);
    const s = sampled((t) => Math.exp(-zeta * wn * t) * Math.cos(wd * t), 6, 0.0005);
    expect(reduceSeries('log_decrement', s)).toBeCloseTo(zeta, 3);
  });

  it('follows ChronoBench for drift, speeds and the simple statistics', () => {
    const s: Series = { t: [0, 1, 2, 3], v: [2, 2.5, 1, 3] };
    expect(reduceSeries('drift_rel', s)).toBeCloseTo(0.5);
    expect(reduceSeries('drift_rel', { t: [0, 1], v: [0, -4] })).toBe(1); // x0 = 0: by max|x|
    expect(reduceSeries('max_speed', s)).toBe(2);
    expect(reduceSeries('range', s)).toBe(2);
    expect(reduceSeries('max_abs', { t: [0, 1], v: [-5, 1] })).toBe(5);
    expect(reduceSeries('final', s)).toBe(3);
    expect(reduceSeries('initial', s)).toBe(2);
    expect(reduceSeries('mean', s)).toBe(2.125);
    expect(reduceSeries('sum', s)).toBe(8.5);
    expect(reduceSeries('slope', { t: [0, 1, 2], v: [1, 3, 5] })).toBe(2);
    expect(reduceSeries('cv', { t: [0, 1], v: [9, 11] })).toBeCloseTo(0.1);
  });

  it('gives NaN for a NaN inside, and counts only numbers', () => {
    const s: Series = { t: [0, 1, 2], v: [1, NaN, 3] };
    expect(reduceSeries('max', s)).toBeNaN();
    expect(reduceSeries('count', s)).toBe(2);
    expect(reduceSeries('period', { t: [0, 1], v: [-1, 1] })).toBeNaN(); // one crossing
  });

  it('measures how much the peaks fall, relative to the swing', () => {
    const s = sampled((t) => (1 - 0.02 * t) * Math.cos(2 * Math.PI * t), 5);
    // Peaks from t = 1 to 5: 0.98 → 0.90 over a span of about 1.98.
    expect(reduceSeries('peak_decay', s)).toBeCloseTo(0.08 / 1.98, 2);
  });
});

describe('windowed and crossings', () => {
  it('keeps the samples inside the window', () => {
    expect(windowed({ t: [0, 1, 2, 3], v: [5, 6, 7, 8] }, 1, 2)).toEqual({ t: [1, 2], v: [6, 7] });
  });
  it('interpolates the crossing time', () => {
    expect(upwardCrossings([0, 1], [-1, 3], 0)).toEqual([0.25]);
  });
});
