import { describe, expect, it } from 'vitest';
import { ConsoleBuffer } from './console-buffer';

const text = (b: ConsoleBuffer) =>
  b
    .entries()
    .map((e) => e.text)
    .join('');

describe('ConsoleBuffer', () => {
  it('joins chunks of one stream so split lines stay whole', () => {
    const b = new ConsoleBuffer();
    b.push('r1', 'stdout', 'hel');
    b.push('r1', 'stdout', 'lo\nworld\n');
    expect(b.entries()).toHaveLength(1);
    expect(text(b)).toBe('hello\nworld\n');
  });

  it('starts messages on a line of their own', () => {
    const b = new ConsoleBuffer();
    b.push('r1', 'stdout', 'progress 10%');
    b.push('r1', 'error', 'ZeroDivisionError: division by zero');
    expect(text(b)).toBe('progress 10%\nZeroDivisionError: division by zero\n');
    expect(b.entries().map((e) => e.kind)).toEqual(['stdout', 'error']);
  });

  it('drops the oldest text beyond the cap and says so', () => {
    const b = new ConsoleBuffer(100, 1000);
    for (let i = 0; i < 30; i++) b.push('r1', i % 2 ? 'stdout' : 'stderr', `line ${i}\n`);
    expect(b.size).toBeLessThanOrEqual(100);
    const shown = text(b);
    expect(shown).toContain('line 29\n');
    expect(shown).not.toContain('line 0\n');
    expect(b.entries()[0].text).toMatch(/earlier characters dropped/);
  });

  it('keeps the tail of a single chunk larger than the cap', () => {
    const b = new ConsoleBuffer(10, 1000);
    b.push('r1', 'stdout', '0123456789abcdef');
    expect(b.size).toBe(10);
    expect(b.entries().at(-1)?.text).toBe('6789abcdef');
  });

  it('empties on clear', () => {
    const b = new ConsoleBuffer();
    b.push(null, 'system', 'x');
    b.clear();
    expect(b.entries()).toEqual([]);
  });
});
