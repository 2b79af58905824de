// The seam between the evaluation and the review: a cell's answer as the twin and its
// turn's truthN.py as the reference, handed over in a store the review feature picks up
// (renderer/src/features/review, built elsewhere). Until a review claims the request, the
// evaluation panel shows the two scripts itself. The review subscribes with
// `useReviewRequest.subscribe` (or `onReviewRequest`) and calls `claimReviewRequest()`
// once it has taken the scripts in.
import { create } from 'zustand';

export interface ReviewScript {
  /** The script as it ran (the twin) or as the expert wrote it (the reference). */
  script: string;
  /** Where it is on the host (the reference's truthN.py), or null. */
  path: string | null;
  label: string;
}

export interface ReviewRequest {
  /** Shown as the review's title: model, task and turn. */
  title: string;
  twin: ReviewScript;
  reference: ReviewScript;
  /** What the model was asked, for the judge's optional task block. */
  prompt: string | null;
  /** The evaluation cell it comes from. */
  source: { kind: 'eval-cell'; outDir: string; model: string; task: string; turn: number };
  /** The cell's contract levels as badges (empty when the task has no contract). */
  badges: { label: string; state: 'ok' | 'fail' | 'none'; title: string }[];
}

interface ReviewRequestState {
  /** The request waiting for the review, or null. */
  request: ReviewRequest | null;
  /** How many times a request was made (lets a consumer tell a repeat of the same cell). */
  serial: number;
}

export const useReviewRequest = create<ReviewRequestState>(() => ({ request: null, serial: 0 }));

/** Asks for a review of a twin against a reference. */
export function openReview(request: ReviewRequest): void {
  useReviewRequest.setState((s) => ({ request, serial: s.serial + 1 }));
}

/** Called by the review once it has the scripts: the request is done. */
export function claimReviewRequest(): ReviewRequest | null {
  const { request } = useReviewRequest.getState();
  if (request) useReviewRequest.setState({ request: null });
  return request;
}

/** Calls `listener` for every new request; returns the unsubscribe. */
export function onReviewRequest(listener: (request: ReviewRequest) => void): () => void {
  return useReviewRequest.subscribe((s, prev) => {
    if (s.request && s.serial !== prev.serial) listener(s.request);
  });
}
