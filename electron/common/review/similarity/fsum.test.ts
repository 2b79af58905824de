import { describe, expect, it } from 'vitest';
import { fsum } from './fsum';

describe("Python's math.fsum", () => {
  it('rounds the exact sum once (values from CPython 3.11)', () => {
    expect(fsum(new Array(10).fill(0.1))).toBe(1);
    expect(fsum([1, 1e-16, 1e-16])).toBe(1.0000000000000002);
    expect(fsum([1e100, 1, -1e100])).toBe(1);
    expect(fsum([1, 2 ** -53, 2 ** -106])).toBe(1.0000000000000002);
    expect(fsum([])).toBe(0);
  });
});
