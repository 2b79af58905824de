// The LLM service section: the model server (Ollama or an OpenAI-compatible local server),
// its models, and streaming chat with the PyChrono prompt. Chat tokens and pull progress
// arrive as events tagged with the caller's id.
import { z } from 'zod';
import type { TruncationSign } from '../llm/extract-code';

export type LlmProvider = 'ollama' | 'openai';

const id = z.string().min(1).max(100);
const modelName = z.string().min(1).max(300);

export const chatTurnSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string().max(2_000_000),
});
export type ChatTurn = z.infer<typeof chatTurnSchema>;

/** A failed run, as the repair request describes it to the model. */
export const runFailureSchema = z.object({
  message: z.string().max(200_000),
  line: z.number().int().nullable(),
  /** The source line the error points at, quoted back to the model. */
  lineText: z.string().max(10_000).nullable().optional(),
});
export type RunFailure = z.infer<typeof runFailureSchema>;

export const chatRequestSchema = z.object({
  /** Chosen by the caller, so that token events can be matched before the call returns. */
  requestId: id,
  /** The model; empty or absent means the one in the settings. */
  model: z.string().max(300).optional(),
  /** `write`: a request in the chat; `repair`: fix the current script after a failed run. */
  kind: z.enum(['write', 'repair']),
  prompt: z.string().max(200_000),
  /** The editor's script; sent from the second turn on and with every repair. */
  script: z.string().max(2_000_000).nullable().optional(),
  /** Earlier turns of this conversation, oldest first. */
  history: z.array(chatTurnSchema).max(500).default([]),
  failure: runFailureSchema.nullable().optional(),
  /** Ask a thinking model to think (Ollama `think`); ignored by models that cannot. */
  think: z.boolean().optional(),
  /**
   * Ground the request in what TwinForge knows (absent: sent as SimBench's protocol has it):
   * what one of the caller's runs did (`runId`), and the API of the classes the request and
   * its script name, from the PyChrono index in use (`api`).
   */
  grounding: z
    .object({ runId: id.nullable().optional(), api: z.boolean().default(true) })
    .optional(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

// Versions and messages belong to the project now; these names stay for the chat's imports.
export {
  conversationMessageSchema,
  versionSchema,
  type ConversationMessage,
  type TwinVersion,
} from './projects';

export const llmMethods = {
  /** Which server, whether it answers, and the model chosen in the settings. */
  'llm.status': z.object({}),
  /** Installed models (`/api/tags`, or `/v1/models`). */
  'llm.models': z.object({}),
  /** Details of one model (`/api/show`): context length, capabilities. */
  'llm.show': z.object({ model: modelName }),
  /** Models loaded in memory (`/api/ps`). */
  'llm.ps': z.object({}),
  'llm.unload': z.object({ model: modelName }),
  /** Starts a pull; progress arrives as `llm.pullProgress` events with the same pullId. */
  'llm.pull': z.object({ pullId: id, model: modelName }),
  'llm.pullCancel': z.object({ pullId: id }),
  /** Streams an answer as `llm.token` events; resolves with the whole outcome. */
  'llm.chat': chatRequestSchema,
  /** Stops a chat; the partial answer is kept in the outcome. */
  'llm.abort': z.object({ requestId: id }),
};

export interface LlmStatus {
  provider: LlmProvider;
  url: string;
  reachable: boolean;
  version: string | null;
  error: string | null;
  model: string | null;
}

export interface ModelInfo {
  name: string;
  sizeBytes: number | null;
  family: string | null;
  parameterSize: string | null;
  quantization: string | null;
  modifiedAt: string | null;
}

export interface ModelDetails {
  name: string;
  /** The model's own maximum context, in tokens, or null when the server does not say. */
  contextLength: number | null;
  /** E.g. completion, tools, thinking, vision. */
  capabilities: string[];
  family: string | null;
  parameterSize: string | null;
  quantization: string | null;
}

export interface LoadedModel {
  name: string;
  sizeBytes: number;
  vramBytes: number;
  /** Share of the model in GPU memory, 0..100; the rest runs on the CPU. */
  gpuPercent: number;
  contextLength: number | null;
  expiresAt: string | null;
}

/** How the prompt was sized against the model's context. */
export interface ContextReport {
  /** Our estimate of the prompt's tokens, before sending. */
  estimatedPromptTokens: number;
  /** The `num_ctx` sent (Ollama), or null when the server sizes it (OpenAI-compatible). */
  numCtx: number | null;
  /** The model's maximum, when known. */
  maxContext: number | null;
  /** Tokens the server says it read (`prompt_eval_count`), when it says. */
  promptTokens: number | null;
  answerTokens: number | null;
  /** True when the server read fewer tokens than were sent: the prompt was cut. */
  promptTruncated: boolean;
}

export type ChatErrorKind =
  | 'unreachable'
  | 'model-missing'
  | 'out-of-memory'
  | 'context-too-long'
  | 'stream-cut'
  | 'server'
  | 'no-model';

export interface ChatOutcome {
  requestId: string;
  model: string;
  /** `complete`: the model finished; `stopped`: the user stopped it; `cut`: the stream broke
   *  or hit the length limit; `error`: nothing usable came (see error). */
  state: 'complete' | 'stopped' | 'cut' | 'error';
  /** The answer's text as received so far: kept whatever happened. */
  answer: string;
  thinking: string;
  /** The script extracted from the answer, or null when it holds none. */
  code: string | null;
  truncation: TruncationSign[];
  /** Why the answer holds no usable code, or other advice, in one sentence; or null. */
  notice: string | null;
  error: { kind: ChatErrorKind; message: string } | null;
  context: ContextReport | null;
  doneReason: string | null;
  durationMs: number;
  /** What the request was grounded in, or null when it was sent without grounding. */
  grounding: GroundingReport | null;
}

/** What was added to a request to ground it, for the conversation to show. */
export interface GroundingReport {
  /** The run whose summary was sent, or null (none asked, or the host no longer knows it). */
  runId: string | null;
  /** The classes whose API was sent (`pychrono.core.ChBody`). */
  classes: string[];
  /** Why a part asked for could not be added (the index could not be read...), or null. */
  problem: string | null;
}

export interface PullProgress {
  pullId: string;
  model: string;
  status: string;
  completedBytes: number;
  totalBytes: number;
  /** 0..100, or null before the size is known. */
  percent: number | null;
  bytesPerSecond: number | null;
  done: boolean;
  error: string | null;
  cancelled: boolean;
}

/** A pull that has just been asked for: nothing received yet. */
export function pullStarting(pullId: string, model: string): PullProgress {
  return {
    pullId,
    model,
    status: 'starting',
    completedBytes: 0,
    totalBytes: 0,
    percent: null,
    bytesPerSecond: null,
    done: false,
    error: null,
    cancelled: false,
  };
}

export interface LlmResults {
  'llm.status': LlmStatus;
  'llm.models': { models: ModelInfo[] };
  'llm.show': ModelDetails;
  'llm.ps': { models: LoadedModel[] };
  'llm.unload': { ok: boolean };
  'llm.pull': { pullId: string };
  'llm.pullCancel': { ok: boolean };
  'llm.chat': ChatOutcome;
  'llm.abort': { ok: boolean };
}

export interface LlmEvents {
  /** A batch of streamed text for one chat request. */
  'llm.token': { requestId: string; content: string; thinking: string };
  'llm.pullProgress': PullProgress;
}
