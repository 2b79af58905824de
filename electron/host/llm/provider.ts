// What the LLM service needs from a model server, whichever kind it is.
import type { LoadedModel, LlmProvider, ModelDetails, ModelInfo } from '../../common/contract/llm';

export interface ProviderMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ProviderChatRequest {
  model: string;
  messages: ProviderMessage[];
  /** Context size to load the model with (Ollama); null lets the server decide. */
  numCtx: number | null;
  /** Upper bound on the answer's tokens. */
  maxAnswerTokens: number | null;
  think: boolean;
  /** Sampling that a caller fixes (the rubric judge's); the server's defaults when absent. */
  sampling?: { temperature?: number; topP?: number };
}

export interface ProviderChatResult {
  doneReason: string | null;
  promptTokens: number | null;
  answerTokens: number | null;
}

export interface PullStep {
  status: string;
  digest: string | null;
  total: number | null;
  completed: number | null;
}

export interface ProviderClient {
  readonly kind: LlmProvider;
  readonly url: string;
  /** The server's version, or null if it does not say; throws when it cannot be reached. */
  version(): Promise<string | null>;
  list(): Promise<ModelInfo[]>;
  show(model: string): Promise<ModelDetails>;
  ps(): Promise<LoadedModel[]>;
  unload(model: string): Promise<void>;
  pull(model: string, onStep: (step: PullStep) => void, signal: AbortSignal): Promise<void>;
  chat(
    request: ProviderChatRequest,
    onToken: (content: string, thinking: string) => void,
    signal: AbortSignal,
  ): Promise<ProviderChatResult>;
}

/** An error from the server with its HTTP status, as opposed to a network failure. */
export class ServerError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}
