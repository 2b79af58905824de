import { describe, expect, it } from 'vitest';
import { claimReviewRequest, onReviewRequest, openReview, type ReviewRequest } from './open-review';

const request = (title: string): ReviewRequest => ({
  title,
  twin: { script: 'a', path: null, label: 'twin' },
  reference: { script: 'b', path: '/t/truth1.py', label: 'truth1.py' },
  prompt: null,
  source: { kind: 'eval-cell', outDir: '/o', model: 'm', task: 't', turn: 1 },
  badges: [],
});

describe('the review seam', () => {
  it('tells a listener of every request, the same cell twice included, until it unsubscribes', () => {
    const heard: string[] = [];
    const off = onReviewRequest((r) => heard.push(r.title));
    openReview(request('one'));
    openReview(request('one'));
    off();
    openReview(request('two'));
    expect(heard).toEqual(['one', 'one']);
    expect(claimReviewRequest()?.title).toBe('two');
    expect(claimReviewRequest()).toBeNull();
  });
});
