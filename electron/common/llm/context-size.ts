// Sizing `num_ctx` for each request. Ollama loads a model with the context size of the
// request, and reloads it whenever that size changes, so the size is rounded up to a
// power-of-two bucket and never lowered for the same model: consecutive requests send
// identical options. A prompt that cannot fit the model's own maximum is refused before
// anything is sent.

/** Characters per token for code and English prose; a deliberately cautious figure. */
export const CHARS_PER_TOKEN = 3.5;
/** Room kept for the answer: a complete PyChrono script is typically 1.5k–4k tokens. */
export const ANSWER_RESERVE = 4096;
/** The smallest answer worth asking for when the context is tight. */
export const MIN_ANSWER = 1024;
export const MIN_BUCKET = 4096;
/** Per-message overhead of chat templates (role markers), in tokens. */
const PER_MESSAGE = 8;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function estimatePromptTokens(messages: readonly { content: string }[]): number {
  return messages.reduce((sum, m) => sum + estimateTokens(m.content) + PER_MESSAGE, 0);
}

export type ContextPlan =
  { ok: true; numCtx: number; maxAnswer: number } | { ok: false; message: string };

/**
 * @param promptTokens estimated prompt size
 * @param maxContext the model's maximum (from /api/show), or null when unknown
 * @param previous the num_ctx last sent to this model, to keep the options stable
 */
export function planContext(
  promptTokens: number,
  maxContext: number | null,
  previous: number | null = null,
): ContextPlan {
  const cap = maxContext ?? Number.POSITIVE_INFINITY;
  if (promptTokens + MIN_ANSWER > cap) {
    return {
      ok: false,
      message:
        `The request needs about ${promptTokens.toLocaleString('en')} tokens plus room for the answer, ` +
        `but this model holds at most ${cap.toLocaleString('en')}. Start a new chat, shorten the script, ` +
        'or choose a model with a longer context.',
    };
  }
  let bucket = MIN_BUCKET;
  while (bucket < promptTokens + ANSWER_RESERVE) bucket *= 2;
  if (previous !== null && previous > bucket) bucket = previous;
  const numCtx = Math.min(bucket, cap);
  return { ok: true, numCtx, maxAnswer: numCtx - promptTokens };
}

/**
 * Whether the server cut the prompt. Ollama keeps a prompt that overflows `num_ctx` by
 * dropping its beginning, so the count it reports then fills the context to the brim.
 */
export function promptWasTruncated(promptEvalCount: number | null, numCtx: number | null): boolean {
  if (promptEvalCount === null || numCtx === null) return false;
  return promptEvalCount >= numCtx - PER_MESSAGE;
}
