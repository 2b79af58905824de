// When the "Run & fix" loop goes on and when it stops. Pure: the host's repair loop asks
// `afterRun` once a run ends and `afterAnswer` once the model has answered.
import type { RunFailure } from '../contract/llm';

export interface RepairAttempt {
  /** 1-based; attempt 0 is the first run, before any fix. */
  index: number;
  /** The failure that this attempt tried to fix. */
  failure: RunFailure;
  /** The script before and after the fix (null when no fix came). */
  before: string;
  after: string | null;
  /** What happened, for the list: fixed, failed again, stopped... */
  outcome: string | null;
}

export type LoopDecision =
  { action: 'fixed' } | { action: 'repair' } | { action: 'stop'; diagnosis: string };

/** The part of an error that stays the same when a fix only moves lines around. */
export function failureSignature(failure: RunFailure): string {
  return (
    failure.message
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-1)[0] // the last line of a traceback is the exception itself
      ?.replace(/0x[0-9a-f]+/gi, '0x…')
      .replace(/line \d+/gi, 'line …')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase() ?? ''
  );
}

function normaliseCode(code: string): string {
  return code
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .join('\n');
}

function short(failure: RunFailure): string {
  const last = failure.message.trim().split('\n').pop() ?? failure.message;
  const text = last.length > 160 ? `${last.slice(0, 157)}…` : last;
  return failure.line !== null ? `${text} (line ${failure.line})` : text;
}

/**
 * After a run: done when it worked; otherwise repair, unless the attempts are used up, the
 * error is one a fix brought back, or the failure is not the script's to fix.
 */
export function afterRun(
  failure: RunFailure | null,
  attempts: readonly RepairAttempt[],
  maxAttempts: number,
  missingModule: string | null = null,
): LoopDecision {
  if (failure === null) return { action: 'fixed' };
  if (missingModule) {
    return {
      action: 'stop',
      diagnosis: `The script needs ${missingModule}, which this PyChrono install lacks: no edit to the script can fix that. Install the module, or ask for a version without it.`,
    };
  }
  const last = attempts.at(-1);
  if (last && failureSignature(last.failure) === failureSignature(failure)) {
    return {
      action: 'stop',
      diagnosis: `The fix brought back the same error: ${short(failure)}. The model does not know how to fix it; describe the fix in the chat, or edit the line yourself.`,
    };
  }
  const earlier = attempts
    .slice(0, -1)
    .find((a) => failureSignature(a.failure) === failureSignature(failure));
  if (earlier) {
    return {
      action: 'stop',
      diagnosis: `The fixes go round in circles: attempt ${earlier.index}'s error is back (${short(failure)}).`,
    };
  }
  if (attempts.length >= maxAttempts) {
    return {
      action: 'stop',
      diagnosis: `Still failing after ${maxAttempts} ${maxAttempts === 1 ? 'attempt' : 'attempts'}: ${short(failure)}. Every attempt is listed above and can be reverted.`,
    };
  }
  return { action: 'repair' };
}

/** After the model answered a repair: apply its script, unless there is nothing new to apply. */
export function afterAnswer(
  before: string,
  after: string | null,
): { action: 'apply' } | { action: 'stop'; diagnosis: string } {
  if (after === null || after.trim() === '') {
    return {
      action: 'stop',
      diagnosis: 'The model answered without a complete script, so there is nothing to apply.',
    };
  }
  if (normaliseCode(after) === normaliseCode(before)) {
    return {
      action: 'stop',
      diagnosis:
        'The model returned the same script unchanged: it does not see what is wrong. Describe the problem in the chat.',
    };
  }
  return { action: 'apply' };
}
