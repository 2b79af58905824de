import { describe, expect, it } from 'vitest';
import { pythonSplit, pythonStrip, universalNewlines } from './python-text';

describe("Python's whitespace (SIMILARITY.md 2.4)", () => {
  it('splits on U+001C–U+001F and U+0085 but not on U+FEFF, unlike JavaScript', () => {
    expect(pythonSplit('a\x1cb\x1fc\u0085d\ufeffe')).toEqual(['a', 'b', 'c', 'd\ufeffe']);
    expect(pythonSplit('  chrono.ChSystemNSC()\u3000x\u2028y  ')).toEqual([
      'chrono.ChSystemNSC()',
      'x',
      'y',
    ]);
    expect(pythonSplit(' \t\n ')).toEqual([]);
  });

  it('strips the same class and keeps a BOM', () => {
    expect(pythonStrip('\x1f\u00a0 x = 1 \u205f\n')).toBe('x = 1');
    expect(pythonStrip('\ufeffx')).toBe('\ufeffx');
    expect(pythonStrip(' \u2000 ')).toBe('');
  });

  it('reads newlines as Python text mode does', () => {
    expect(universalNewlines('a\r\nb\rc\nd')).toBe('a\nb\nc\nd');
  });
});
