import { describe, expect, it } from 'vitest';
import { tooManyTriesMessage, WrongTokenLimiter } from './rate-limit';

function limiter(maxAddresses = 100) {
  let now = 0;
  const l = new WrongTokenLimiter(
    { freeTries: 3, firstWaitMs: 1000, maxWaitMs: 60_000, maxAddresses },
    () => now,
  );
  return { l, advance: (ms: number) => (now += ms) };
}

describe('wrong tokens', () => {
  it('are free a few times, then each one doubles the wait, up to the ceiling', () => {
    const { l } = limiter();
    for (let i = 0; i < 3; i++) l.failed('10.0.0.1');
    expect(l.waitMs('10.0.0.1')).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      l.failed('10.0.0.1');
      waits.push(l.waitMs('10.0.0.1'));
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('are counted per address; the right token clears the count', () => {
    const { l } = limiter();
    for (let i = 0; i < 5; i++) l.failed('10.0.0.1');
    expect(l.waitMs('10.0.0.1')).toBe(2000);
    expect(l.waitMs('10.0.0.2')).toBe(0);
    l.succeeded('10.0.0.1');
    expect(l.waitMs('10.0.0.1')).toBe(0);
  });

  it('count an IPv4 client of a dual-stack socket as one address', () => {
    const { l } = limiter();
    for (let i = 0; i < 4; i++) l.failed('::ffff:127.0.0.1');
    expect(l.waitMs('127.0.0.1')).toBe(1000);
  });

  it('wait out: the wait runs down, and a long quiet spell forgets the past', () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 4; i++) l.failed('a');
    advance(400);
    expect(l.waitMs('a')).toBe(600);
    advance(600);
    expect(l.waitMs('a')).toBe(0);
    advance(200_000);
    l.failed('a');
    expect(l.waitMs('a')).toBe(0); // counted from one again
  });

  it('remember a bounded number of addresses', () => {
    const { l } = limiter(2);
    for (const a of ['a', 'b', 'c']) for (let i = 0; i < 4; i++) l.failed(a);
    expect(l.waitMs('a')).toBe(0); // forgotten, the oldest
    expect(l.waitMs('c')).toBe(1000);
  });

  it('are refused with a message that says how long to wait', () => {
    expect(tooManyTriesMessage(1500)).toMatch(/^Too many wrong tokens from this address: wait 2 s/);
  });
});
