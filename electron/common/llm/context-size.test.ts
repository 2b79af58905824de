import { describe, expect, it } from 'vitest';
import {
  ANSWER_RESERVE,
  estimatePromptTokens,
  estimateTokens,
  planContext,
  promptWasTruncated,
} from './context-size';

describe('estimateTokens', () => {
  it('counts 3.5 characters per token, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcdefg')).toBe(2);
    expect(estimateTokens('x'.repeat(3500))).toBe(1000);
  });

  it('adds a small overhead per message', () => {
    expect(estimatePromptTokens([{ content: 'x'.repeat(35) }, { content: '' }])).toBe(10 + 16);
  });
});

describe('planContext', () => {
  it('rounds a small prompt up to the 8k bucket, keeping room for the answer', () => {
    const plan = planContext(1000, 131072);
    expect(plan).toEqual({ ok: true, numCtx: 8192, maxAnswer: 7192 });
  });

  it('gives identical options for prompts of similar size (no model reload)', () => {
    const sizes = [2000, 2500, 3100, 4000].map((t) => planContext(t, 131072));
    expect(new Set(sizes.map((p) => (p.ok ? p.numCtx : 0)))).toEqual(new Set([8192]));
  });

  it('never lowers the size already sent to the same model', () => {
    expect(planContext(500, 131072, 16384)).toMatchObject({ ok: true, numCtx: 16384 });
  });

  it('grows to the next power of two for a longer conversation', () => {
    expect(planContext(20000, 131072)).toMatchObject({ ok: true, numCtx: 32768 });
  });

  it('caps the size at the model maximum', () => {
    const plan = planContext(6000, 8192);
    expect(plan).toEqual({ ok: true, numCtx: 8192, maxAnswer: 2192 });
  });

  it('refuses a prompt that cannot fit with room for an answer, saying why', () => {
    const plan = planContext(7500, 8192);
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.message).toMatch(/at most 8,192/);
  });

  it('sizes without a cap when the maximum is unknown', () => {
    expect(planContext(100000, null)).toMatchObject({ ok: true, numCtx: 131072 });
    expect(ANSWER_RESERVE).toBeGreaterThan(1000);
  });
});

describe('promptWasTruncated', () => {
  it('reports a prompt that filled the context', () => {
    expect(promptWasTruncated(8192, 8192)).toBe(true);
    expect(promptWasTruncated(8190, 8192)).toBe(true);
  });
  it('does not report a prompt that fitted, or when the count is missing', () => {
    expect(promptWasTruncated(3000, 8192)).toBe(false);
    expect(promptWasTruncated(null, 8192)).toBe(false);
  });
});
