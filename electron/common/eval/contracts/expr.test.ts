import { describe, expect, it } from 'vitest';
import { evaluateFormula } from './expr';

describe('evaluateFormula', () => {
  it('computes with names, constants, functions and precedence', () => {
    const v = evaluateFormula('period / (2*pi*sqrt(r/g))', { period: 2, r: 1, g: 9.81 });
    expect(v).toBeCloseTo(2 / (2 * Math.PI * Math.sqrt(1 / 9.81)), 12);
    expect(evaluateFormula('-2^2 + 3*4 - 1e-1', {})).toBeCloseTo(-4 + 12 - 0.1);
    expect(evaluateFormula('2**3**2', {})).toBe(512);
    expect(evaluateFormula('max(1, a, 3) - abs(-2)', { a: 7 })).toBe(5);
  });

  it('refuses what it cannot read, naming it', () => {
    expect(() => evaluateFormula('a + b', { a: 1 })).toThrow(/uses b/);
    expect(() => evaluateFormula('import os', {})).toThrow();
    expect(() => evaluateFormula('__proto__', {})).toThrow(/uses __proto__/);
    expect(() => evaluateFormula('(1 + 2', {})).toThrow(/lacks a "\)"/);
    expect(() => evaluateFormula('1 2', {})).toThrow(/more after/);
    expect(() => evaluateFormula('eval(1)', {})).toThrow(/unknown function eval/);
  });
});
