// The Ollama client, through the `ollama` npm package. One Ollama object per call, each
// with a fetch bound to the caller's AbortSignal, so a request can be stopped at any moment
// (while the model loads, too) without stopping the others.
import { Ollama } from 'ollama';
import type { LoadedModel, ModelDetails, ModelInfo } from '../../common/contract/llm';
import {
  ServerError,
  type ProviderChatRequest,
  type ProviderChatResult,
  type ProviderClient,
  type PullStep,
} from './provider';

export class OllamaProvider implements ProviderClient {
  readonly kind = 'ollama' as const;

  constructor(readonly url: string) {}

  private client(signal?: AbortSignal): Ollama {
    const bound: typeof fetch = (input, init) =>
      fetch(input, {
        ...init,
        signal:
          signal && init?.signal
            ? AbortSignal.any([signal, init.signal])
            : (signal ?? init?.signal),
      });
    return new Ollama({ host: this.url, fetch: bound });
  }

  async version(): Promise<string | null> {
    return wrap(
      async () => (await this.client(AbortSignal.timeout(5000)).version()).version ?? null,
    );
  }

  async list(): Promise<ModelInfo[]> {
    const res = await wrap(() => this.client(AbortSignal.timeout(10_000)).list());
    return res.models.map((m) => ({
      name: m.name,
      sizeBytes: m.size ?? null,
      family: m.details?.family || null,
      parameterSize: m.details?.parameter_size || null,
      quantization: m.details?.quantization_level || null,
      modifiedAt: m.modified_at ? new Date(m.modified_at).toISOString() : null,
    }));
  }

  async show(model: string): Promise<ModelDetails> {
    const res = await wrap(() => this.client(AbortSignal.timeout(10_000)).show({ model }));
    const info = toRecord(res.model_info);
    const arch =
      typeof info['general.architecture'] === 'string' ? info['general.architecture'] : null;
    let contextLength: number | null = null;
    const key = arch ? `${arch}.context_length` : null;
    if (key && typeof info[key] === 'number') contextLength = info[key] as number;
    else {
      const any = Object.entries(info).find(
        ([k, v]) => k.endsWith('.context_length') && typeof v === 'number',
      );
      if (any) contextLength = any[1] as number;
    }
    return {
      name: model,
      contextLength,
      capabilities: Array.isArray(res.capabilities) ? res.capabilities : [],
      family: res.details?.family || arch,
      parameterSize: res.details?.parameter_size || null,
      quantization: res.details?.quantization_level || null,
    };
  }

  async ps(): Promise<LoadedModel[]> {
    const res = await wrap(() => this.client(AbortSignal.timeout(10_000)).ps());
    return res.models.map((m) => {
      const size = m.size ?? 0;
      const vram = m.size_vram ?? 0;
      const ctx = (m as { context_length?: unknown }).context_length;
      return {
        name: m.name,
        sizeBytes: size,
        vramBytes: vram,
        gpuPercent: size > 0 ? Math.round((vram / size) * 100) : 0,
        contextLength: typeof ctx === 'number' ? ctx : null,
        expiresAt: m.expires_at ? new Date(m.expires_at).toISOString() : null,
      };
    });
  }

  async unload(model: string): Promise<void> {
    // Ollama's documented way: an empty request with keep_alive 0.
    await wrap(() =>
      this.client(AbortSignal.timeout(30_000)).generate({
        model,
        prompt: '',
        keep_alive: 0,
        stream: false,
      }),
    );
  }

  async pull(model: string, onStep: (step: PullStep) => void, signal: AbortSignal): Promise<void> {
    await wrap(async () => {
      const stream = await this.client(signal).pull({ model, stream: true });
      for await (const part of stream) {
        onStep({
          status: part.status ?? '',
          digest: part.digest || null,
          total: typeof part.total === 'number' ? part.total : null,
          completed: typeof part.completed === 'number' ? part.completed : null,
        });
      }
    });
  }

  async chat(
    request: ProviderChatRequest,
    onToken: (content: string, thinking: string) => void,
    signal: AbortSignal,
  ): Promise<ProviderChatResult> {
    return wrap(async () => {
      const stream = await this.client(signal).chat({
        model: request.model,
        messages: request.messages,
        stream: true,
        ...(request.think ? { think: true } : {}),
        options: {
          ...(request.numCtx !== null ? { num_ctx: request.numCtx } : {}),
          ...(request.maxAnswerTokens !== null ? { num_predict: request.maxAnswerTokens } : {}),
          ...(request.sampling?.temperature !== undefined
            ? { temperature: request.sampling.temperature }
            : {}),
          ...(request.sampling?.topP !== undefined ? { top_p: request.sampling.topP } : {}),
        },
      });
      const result: ProviderChatResult = {
        doneReason: null,
        promptTokens: null,
        answerTokens: null,
      };
      let sawDone = false;
      for await (const part of stream) {
        const content = part.message?.content ?? '';
        const thinking = part.message?.thinking ?? '';
        if (content || thinking) onToken(content, thinking);
        if (part.done) {
          sawDone = true;
          result.doneReason = part.done_reason ?? null;
          result.promptTokens =
            typeof part.prompt_eval_count === 'number' ? part.prompt_eval_count : null;
          result.answerTokens = typeof part.eval_count === 'number' ? part.eval_count : null;
        }
      }
      if (!sawDone && !signal.aborted) throw new StreamCutError();
      return result;
    });
  }
}

/** The stream ended without its final message: the server or the connection broke. */
export class StreamCutError extends Error {
  constructor() {
    super('The answer stopped before the model finished: the connection to the server broke.');
    this.name = 'StreamCutError';
  }
}

function toRecord(value: unknown): Record<string, unknown> {
  if (value instanceof Map) return Object.fromEntries(value) as Record<string, unknown>;
  if (value && typeof value === 'object') return value as Record<string, unknown>;
  return {};
}

/** Turns the client's ResponseError into a ServerError with its HTTP status. */
async function wrap<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    // The package does not export its ResponseError class: recognise it by shape.
    const e = err as { name?: string; error?: unknown; status_code?: unknown };
    if (e?.name === 'ResponseError' && typeof e.status_code === 'number') {
      throw new ServerError(String(e.error), e.status_code);
    }
    throw err;
  }
}
