// OpenAI-compatible local servers (llama.cpp server, vLLM, LM Studio, Ollama's /v1):
// `/v1/models` and streaming `/v1/chat/completions` over plain fetch. These servers load
// models on their own terms, so pulling, unloading and the loaded-model list are Ollama's
// alone; the chat and repair features are the same.
import type { LoadedModel, ModelDetails, ModelInfo } from '../../common/contract/llm';
import { StreamCutError } from './ollama-provider';
import {
  ServerError,
  type ProviderChatRequest,
  type ProviderChatResult,
  type ProviderClient,
} from './provider';
import { parseChatChunk, SseParser } from './sse';

export class OpenAiProvider implements ProviderClient {
  readonly kind = 'openai' as const;

  constructor(readonly url: string) {}

  private async request(path: string, init: RequestInit, signal: AbortSignal): Promise<Response> {
    const res = await fetch(`${this.url}${path}`, { ...init, signal });
    if (!res.ok) {
      let message = `${res.status} ${res.statusText}`;
      try {
        const body = (await res.json()) as { error?: { message?: string } | string };
        if (typeof body.error === 'string') message = body.error;
        else if (body.error?.message) message = body.error.message;
      } catch {
        // keep the status line
      }
      throw new ServerError(message, res.status);
    }
    return res;
  }

  async version(): Promise<string | null> {
    await this.request('/models', {}, AbortSignal.timeout(5000));
    return null;
  }

  async list(): Promise<ModelInfo[]> {
    const res = await this.request('/models', {}, AbortSignal.timeout(10_000));
    const body = (await res.json()) as { data?: { id?: unknown }[] };
    return (body.data ?? [])
      .filter((m): m is { id: string } => typeof m.id === 'string')
      .map((m) => ({
        name: m.id,
        sizeBytes: null,
        family: null,
        parameterSize: null,
        quantization: null,
        modifiedAt: null,
      }));
  }

  async show(model: string): Promise<ModelDetails> {
    // The OpenAI API does not describe models; the server sizes the context itself.
    return {
      name: model,
      contextLength: null,
      capabilities: ['completion'],
      family: null,
      parameterSize: null,
      quantization: null,
    };
  }

  async ps(): Promise<LoadedModel[]> {
    return [];
  }

  async unload(): Promise<void> {
    throw new Error('Unloading is done in the OpenAI-compatible server itself.');
  }

  async pull(): Promise<void> {
    throw new Error(
      'Pulling models is an Ollama feature; load models in your OpenAI-compatible server.',
    );
  }

  async chat(
    request: ProviderChatRequest,
    onToken: (content: string, thinking: string) => void,
    signal: AbortSignal,
  ): Promise<ProviderChatResult> {
    const res = await this.request(
      '/chat/completions',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          model: request.model,
          messages: request.messages,
          stream: true,
          stream_options: { include_usage: true },
          ...(request.maxAnswerTokens !== null ? { max_tokens: request.maxAnswerTokens } : {}),
          ...(request.sampling?.temperature !== undefined
            ? { temperature: request.sampling.temperature }
            : {}),
          ...(request.sampling?.topP !== undefined ? { top_p: request.sampling.topP } : {}),
        }),
      },
      signal,
    );
    if (!res.body) throw new StreamCutError();
    const parser = new SseParser();
    const decoder = new TextDecoder();
    const result: ProviderChatResult = { doneReason: null, promptTokens: null, answerTokens: null };
    let finished = false;
    const handle = (data: string) => {
      const chunk = parseChatChunk(data);
      if (chunk.error) throw new ServerError(chunk.error, 500);
      if (chunk.done) finished = true;
      if (chunk.content || chunk.thinking) onToken(chunk.content, chunk.thinking);
      if (chunk.finishReason) result.doneReason = chunk.finishReason;
      if (chunk.usage) {
        result.promptTokens = chunk.usage.promptTokens;
        result.answerTokens = chunk.usage.answerTokens;
      }
    };
    const reader = res.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const event of parser.push(decoder.decode(value, { stream: true }))) handle(event.data);
    }
    for (const event of parser.flush()) handle(event.data);
    if (!finished && result.doneReason === null && !signal.aborted) throw new StreamCutError();
    return result;
  }
}
