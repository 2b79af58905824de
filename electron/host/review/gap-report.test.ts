import { describe, expect, it } from 'vitest';
import { bodyPairs, toGapReport } from './gap-report';

describe('bodyPairs', () => {
  it('names a gap by both labels when they differ', () => {
    const pair = (t: number, r: number, kind: 'body' | 'mesh' = 'body') => ({
      twin: { key: t, name: '', kind, shapeKind: 'sphere' },
      reference: { key: r, name: '', kind, shapeKind: 'sphere' },
      rule: 'nearest' as const,
      distance: 0,
      angle: 0,
      differences: [],
    });
    const fact = (label: string) => ({
      label,
      kind: 'body' as const,
      mass: null,
      fixed: false,
      shapes: '',
      line: null,
      position: null,
      linkType: null,
    });
    const items = {
      twin: { 1: fact('bob'), 2: fact('ground') },
      reference: { 7: fact('pend_1'), 8: fact('ground') },
    };
    expect(bodyPairs([pair(1, 7), pair(2, 8), pair(3, 9, 'mesh')], items)).toEqual([
      { twin: 1, reference: 7, name: 'bob / pend_1' },
      { twin: 2, reference: 8, name: 'ground' },
    ]);
    expect(bodyPairs([pair(4, 5)])).toEqual([{ twin: 4, reference: 5, name: 'body 4' }]);
  });
});

describe('toGapReport', () => {
  it('thins long series for the report but keeps the figures of every sample', () => {
    const n = 1001;
    const times = Float64Array.from({ length: n }, (_, i) => i * 0.01);
    const position = Float64Array.from({ length: n }, (_, i) => (i === 500 ? 9 : i / 1000));
    const stats = { max: 9, rms: 0.4, final: 1 };
    const gap = {
      bodies: [
        {
          name: 'b',
          twinKey: 1,
          referenceKey: 1,
          grid: 'common' as const,
          times,
          position,
          angle: position,
          positionStats: stats,
          angleStats: stats,
        },
      ],
      overall: null,
      skipped: [],
    };
    const report = toGapReport(gap, [], 300);
    expect(report.bodies[0].times.length).toBeLessThanOrEqual(300);
    expect(report.bodies[0].times.at(-1)).toBe(10);
    expect(report.bodies[0].positionStats.max).toBe(9);
    expect(report.notes[0]).toMatch(/keep every 4th sample of 1001/);
    expect(toGapReport(gap).bodies[0].times.length).toBe(n);
  });
});
