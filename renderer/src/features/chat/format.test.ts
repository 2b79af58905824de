import { describe, expect, it } from 'vitest';
import { formatBytes, formatSpeed, formatSplit } from './format';

describe('format', () => {
  it('writes sizes in decimal units as Ollama does', () => {
    expect(formatBytes(4_683_087_332)).toBe('4.7 GB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(null)).toBe('–');
  });
  it('writes speeds and the GPU/CPU split', () => {
    expect(formatSpeed(25_000_000)).toBe('25.0 MB/s');
    expect(formatSpeed(null)).toBe('');
    expect(formatSplit(75)).toBe('75% GPU / 25% CPU');
    expect(formatSplit(100)).toBe('100% GPU');
    expect(formatSplit(0)).toBe('100% CPU');
  });
});
