import { describe, expect, it } from 'vitest';
import { OutputCap } from './output-cap';

describe('OutputCap', () => {
  it('passes text through until the cap, then gives one notice and nothing more', () => {
    const cap = new OutputCap(10);
    expect(cap.take('stdout', Buffer.from('12345'))).toEqual({ text: '12345', notice: null });
    const capped = cap.take('stderr', Buffer.from('6789012'));
    expect(capped?.text).toBe('67890');
    expect(capped?.notice).toMatch(/passed .* MB; the rest is not shown/);
    expect(cap.take('stdout', Buffer.from('more'))).toBeNull();
    expect(cap.isCapped).toBe(true);
  });

  it('keeps a character split across chunks whole', () => {
    const cap = new OutputCap(100);
    const bytes = Buffer.from('é');
    expect(cap.take('stdout', bytes.subarray(0, 1))).toBeNull();
    expect(cap.take('stdout', bytes.subarray(1))?.text).toBe('é');
  });
});
