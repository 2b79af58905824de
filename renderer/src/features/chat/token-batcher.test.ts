import { describe, expect, it } from 'vitest';
import { TokenBatcher } from './token-batcher';

describe('TokenBatcher', () => {
  it('hands on all tokens of a frame at once, in order', () => {
    const frames: (() => void)[] = [];
    const flushed: [string, string][] = [];
    const b = new TokenBatcher(
      (c, t) => flushed.push([c, t]),
      (cb) => frames.push(cb),
    );
    for (const tok of ['im', 'port', ' py', 'chrono']) b.push(tok, '');
    b.push('', 'hmm');
    expect(frames).toHaveLength(1);
    expect(flushed).toEqual([]);
    frames[0]();
    expect(flushed).toEqual([['import pychrono', 'hmm']]);
    b.push('\n', '');
    expect(frames).toHaveLength(2);
    b.drain();
    expect(flushed.at(-1)).toEqual(['\n', '']);
  });
});
