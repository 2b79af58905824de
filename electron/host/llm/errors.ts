// Turns what went wrong talking to a model server into one clear sentence and a kind the
// UI can act on (offer to pull a missing model, point at the settings for a dead server).
import type { ChatErrorKind, LlmProvider } from '../../common/contract/llm';
import { StreamCutError } from './ollama-provider';
import { ServerError } from './provider';

export interface ClassifiedError {
  kind: ChatErrorKind;
  message: string;
}

function causes(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let i = 0; e && i < 5; i += 1) {
    const x = e as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
    parts.push(String(x.name ?? ''), String(x.message ?? ''), String(x.code ?? ''));
    e = x.cause;
  }
  return parts.join(' ');
}

export function isUnreachable(err: unknown): boolean {
  return /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|fetch failed|TimeoutError|ECONNRESET.*connect|UND_ERR_CONNECT/i.test(
    causes(err),
  );
}

export function classifyError(
  err: unknown,
  context: { provider: LlmProvider; url: string; model?: string | null },
): ClassifiedError {
  const server = context.provider === 'ollama' ? 'Ollama server' : 'model server';
  const text = causes(err);
  if (err instanceof ServerError) {
    if (/memory|out of memory|cudaMalloc|OOM|insufficient.*vram/i.test(err.message)) {
      return {
        kind: 'out-of-memory',
        message:
          `The ${server} ran out of memory for ${context.model ?? 'the model'} (${err.message}). ` +
          'Choose a smaller model or quantisation, unload other models, or close other programs using the GPU.',
      };
    }
    if (err.status === 404 || /not found/i.test(err.message)) {
      return {
        kind: 'model-missing',
        message: context.model
          ? `The model ${context.model} is not installed on the ${server} at ${context.url}. Pull it from the Model menu.`
          : `The ${server} at ${context.url} does not know that model (${err.message}).`,
      };
    }
    return { kind: 'server', message: `The ${server} answered with an error: ${err.message}` };
  }
  if (
    err instanceof StreamCutError ||
    /terminated|other side closed|socket hang up|ECONNRESET|premature close/i.test(text)
  ) {
    return {
      kind: 'stream-cut',
      message: `The connection to the ${server} broke before the answer was complete; what arrived is kept.`,
    };
  }
  if (isUnreachable(err)) {
    const hint =
      context.provider === 'ollama'
        ? 'Start it with `ollama serve` (or the Ollama app), or set its address in Settings.'
        : 'Start the server, or set its address in Settings.';
    return {
      kind: 'unreachable',
      message: `Cannot reach the ${server} at ${context.url}. ${hint}`,
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'server', message: `Talking to the ${server} failed: ${message}` };
}
