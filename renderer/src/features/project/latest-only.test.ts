import { describe, expect, it } from 'vitest';
import { LatestOnly } from './latest-only';

describe('LatestOnly', () => {
  it('sends the first value at once and, of a burst, only the newest after it', async () => {
    const sent: number[] = [];
    let release: () => void = () => undefined;
    const sender = new LatestOnly<number>(
      (v) =>
        new Promise<void>((resolve) => {
          sent.push(v);
          release = resolve;
        }),
    );
    sender.push(1);
    sender.push(2);
    sender.push(3);
    expect(sent).toEqual([1]);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual([1, 3]);
    release();
    await sender.idle();
    expect(sent).toEqual([1, 3]);
  });

  it('goes on after a failed send', async () => {
    const sent: number[] = [];
    const sender = new LatestOnly<number>(async (v) => {
      sent.push(v);
      if (v === 1) throw new Error('host gone');
    });
    sender.push(1);
    sender.push(2);
    await sender.idle();
    expect(sent).toEqual([1, 2]);
  });
});
