// The LLM service: the model server chosen in the settings, its models, and streaming chat
// with our PyChrono prompt. Electron-free.
import type { Caller } from '../../common/contract';
import type {
  ChatOutcome,
  ChatRequest,
  ContextReport,
  GroundingReport,
  LlmStatus,
  ModelDetails,
  PullProgress,
} from '../../common/contract/llm';
import { pullStarting } from '../../common/contract/llm';
import type { Settings } from '../../common/contract/settings';
import {
  estimatePromptTokens,
  planContext,
  promptWasTruncated,
} from '../../common/llm/context-size';
import { extractCode } from '../../common/llm/extract-code';
import { groundInApi } from '../../common/llm/api-grounding';
import { describeRun, type RunContext } from '../../common/llm/run-context';
import type { ApiModel } from '../../common/lint/api-model';
import type { EventBus } from '../events';
import type { Handlers } from '../handlers';
import { classifyError } from './errors';
import { OllamaProvider } from './ollama-provider';
import { OpenAiProvider } from './openai-provider';
import { buildPrompt, type PromptGrounding, type PromptResources } from './prompt-builder';
import { loadPromptResources } from './prompt-resources';
import type { ProviderClient, ProviderMessage } from './provider';
import { normaliseOpenAiUrl, resolveOllamaUrl } from './server-url';

export interface LlmServiceOptions {
  bus: EventBus;
  settings: { get(): Promise<Settings> };
  env?: NodeJS.ProcessEnv;
  resourcesDir?: string;
  /** What grounds a request that asks for it: the caller's runs and the API index. */
  grounding?: GroundingSources;
}

export interface GroundingSources {
  /** What one of the caller's runs did, or null when the host does not know the run. */
  runContext(runId: string, caller: Caller): RunContext | null;
  /** The API index in use (the installed pychrono's, else the bundled one). */
  apiModel(): Promise<ApiModel>;
}

/** Sampling of a plain chat: SimBench's judge asks with temperature 0.2 and top_p 0.7. */
export interface ChatSampling {
  temperature?: number;
  topP?: number;
  /** Upper bound on the answer's tokens (kept within what the context leaves). */
  maxTokens?: number;
}

export interface PlainChatRequest {
  requestId: string;
  /** The model; the model setting when absent or empty. */
  model?: string;
  messages: ProviderMessage[];
  sampling?: ChatSampling;
  /** Ask a thinking model to think; off by default. */
  think?: boolean;
}

/** How often streamed text is handed on: one event per batch keeps the transport calm. */
const TOKEN_FLUSH_MS = 16;

type LlmMethod =
  | 'llm.status'
  | 'llm.models'
  | 'llm.show'
  | 'llm.ps'
  | 'llm.unload'
  | 'llm.pull'
  | 'llm.pullCancel'
  | 'llm.chat'
  | 'llm.abort';

/** A request in flight and who asked for it: only its owner hears it and can stop it. */
interface Owned {
  owner: string;
  controller: AbortController;
}

export class LlmService {
  private readonly chats = new Map<string, Owned>();
  private readonly pulls = new Map<string, Owned>();
  private readonly details = new Map<string, ModelDetails>();
  /** The num_ctx last sent per server and model, so it is not lowered (no reload). */
  private readonly numCtx = new Map<string, number>();
  private resources: PromptResources | null = null;

  constructor(private readonly options: LlmServiceOptions) {}

  handlers(): Handlers<LlmMethod> {
    return {
      'llm.status': () => this.status(),
      'llm.models': async () => ({ models: await (await this.provider()).list() }),
      'llm.show': ({ model }) => this.show(model),
      'llm.ps': async () => ({ models: await (await this.provider()).ps() }),
      'llm.unload': async ({ model }) => {
        await (await this.provider()).unload(model);
        return { ok: true };
      },
      'llm.pull': ({ pullId, model }, caller) => this.pull(pullId, model, caller),
      'llm.pullCancel': ({ pullId }, caller) => ({ ok: abortOwn(this.pulls, pullId, caller) }),
      'llm.chat': (request, caller) => this.chat(request, caller),
      'llm.abort': ({ requestId }, caller) => ({ ok: abortOwn(this.chats, requestId, caller) }),
    };
  }

  async provider(): Promise<ProviderClient> {
    const s = await this.options.settings.get();
    return s.llmProvider === 'openai'
      ? new OpenAiProvider(normaliseOpenAiUrl(s.openaiUrl))
      : new OllamaProvider(resolveOllamaUrl(s.ollamaUrl, this.options.env ?? process.env));
  }

  async status(): Promise<LlmStatus> {
    const s = await this.options.settings.get();
    let provider: ProviderClient;
    try {
      provider = await this.provider();
    } catch (err) {
      const url = s.llmProvider === 'openai' ? s.openaiUrl : s.ollamaUrl;
      return {
        provider: s.llmProvider,
        url,
        reachable: false,
        version: null,
        error: (err as Error).message,
        model: s.model || null,
      };
    }
    const base = { provider: provider.kind, url: provider.url, model: s.model || null };
    try {
      const version = await provider.version();
      return { ...base, reachable: true, version, error: null };
    } catch (err) {
      const { message } = classifyError(err, { provider: provider.kind, url: provider.url });
      return { ...base, reachable: false, version: null, error: message };
    }
  }

  async show(model: string): Promise<ModelDetails> {
    const provider = await this.provider();
    const key = `${provider.url}|${model}`;
    const cached = this.details.get(key);
    if (cached) return cached;
    const details = await provider.show(model);
    this.details.set(key, details);
    return details;
  }

  async pull(pullId: string, model: string, caller: Caller): Promise<{ pullId: string }> {
    const provider = await this.provider();
    const controller = new AbortController();
    this.pulls.set(pullId, { owner: caller.owner, controller });
    const progress: PullProgress = pullStarting(pullId, model);
    const emit = () => this.options.bus.emit('llm.pullProgress', { ...progress }, caller.owner);
    // Speed over a sliding window of a few seconds, across layers.
    const samples: { t: number; bytes: number }[] = [];
    const layers = new Map<string, { total: number; completed: number }>();
    emit();
    void provider
      .pull(
        model,
        (step) => {
          progress.status = step.status;
          if (step.digest && step.total !== null) {
            layers.set(step.digest, { total: step.total, completed: step.completed ?? 0 });
          }
          let total = 0;
          let completed = 0;
          for (const l of layers.values()) {
            total += l.total;
            completed += l.completed;
          }
          progress.totalBytes = total;
          progress.completedBytes = completed;
          progress.percent = total > 0 ? Math.min(100, (completed / total) * 100) : null;
          const t = Date.now();
          samples.push({ t, bytes: completed });
          while (samples.length > 2 && t - samples[0].t > 3000) samples.shift();
          const first = samples[0];
          progress.bytesPerSecond =
            t > first.t ? ((completed - first.bytes) * 1000) / (t - first.t) : null;
          emit();
        },
        controller.signal,
      )
      .then(() => {
        progress.done = true;
        progress.status = 'success';
        progress.percent = 100;
        this.details.clear();
      })
      .catch((err: unknown) => {
        progress.done = true;
        if (controller.signal.aborted) {
          progress.cancelled = true;
          progress.status = 'cancelled';
        } else {
          progress.error = classifyError(err, {
            provider: provider.kind,
            url: provider.url,
            model,
          }).message;
          if (/file does not exist|manifest/i.test(String((err as Error).message))) {
            progress.error = `No model named ${model} in the registry: check the name (e.g. qwen2.5-coder:7b).`;
          }
          progress.status = 'failed';
        }
      })
      .finally(() => {
        this.pulls.delete(pullId);
        emit();
      });
    return { pullId };
  }

  /**
   * Streams one answer to the caller (`llm.token` events) and resolves with the outcome.
   * `onText` lets a host-side caller (the repair loop) watch the text as it comes.
   */
  async chat(
    request: ChatRequest,
    caller: Caller,
    onText?: (content: string, thinking: string) => void,
  ): Promise<ChatOutcome> {
    let messages: ProviderMessage[] | null = null;
    let problem: string | null = null;
    const { words, report } = await this.ground(request, caller);
    try {
      this.resources ??= loadPromptResources(this.options.resourcesDir);
      messages = buildPrompt(this.resources, request, words).messages;
    } catch (err) {
      problem = (err as Error).message;
    }
    const outcome = await this.stream(
      {
        requestId: request.requestId,
        model: request.model,
        messages,
        problem,
        think: request.think,
      },
      caller,
      onText,
    );
    this.describeAnswer(outcome);
    outcome.grounding = report;
    return outcome;
  }

  /** The words that ground a request that asks for grounding, and what they hold. */
  private async ground(
    request: ChatRequest,
    caller: Caller,
  ): Promise<{ words: PromptGrounding; report: GroundingReport | null }> {
    const asked = request.grounding;
    if (!asked) return { words: {}, report: null };
    const report: GroundingReport = { runId: null, classes: [], problem: null };
    const words: PromptGrounding = {};
    const sources = this.options.grounding;
    if (asked.runId) {
      const context = sources?.runContext(asked.runId, caller) ?? null;
      if (context) {
        words.run = describeRun(context, request.script ?? null);
        report.runId = context.runId;
      }
    }
    if (asked.api && sources) {
      try {
        const api = await sources.apiModel();
        const found = groundInApi(api, [request.prompt, request.script ?? null]);
        words.api = found.text;
        report.classes = found.classes;
      } catch (err) {
        report.problem = `The PyChrono API could not be added to the request: ${(err as Error).message}`;
      }
    }
    return { words, report };
  }

  /**
   * A chat with messages the caller wrote (the review's rubric judge), with its own
   * sampling; no write/repair prompt and no code extraction. Streams as `llm.token` events
   * to the caller, stops with `llm.abort` (or `abort`) like any chat.
   */
  async plainChat(
    request: PlainChatRequest,
    caller: Caller,
    onText?: (content: string, thinking: string) => void,
  ): Promise<ChatOutcome> {
    return this.stream(
      {
        requestId: request.requestId,
        model: request.model,
        messages: request.messages,
        problem: request.messages.length ? null : 'There is nothing to send to the model.',
        think: request.think ?? false,
        sampling: request.sampling,
      },
      caller,
      onText,
    );
  }

  private async stream(
    request: {
      requestId: string;
      model?: string;
      messages: ProviderMessage[] | null;
      /** Why the messages could not be made; the outcome then says so. */
      problem: string | null;
      think?: boolean;
      sampling?: ChatSampling;
    },
    caller: Caller,
    onText?: (content: string, thinking: string) => void,
  ): Promise<ChatOutcome> {
    const started = Date.now();
    const settings = await this.options.settings.get();
    const model = request.model?.trim() || settings.model.trim();
    const outcome: ChatOutcome = {
      requestId: request.requestId,
      model,
      state: 'error',
      answer: '',
      thinking: '',
      code: null,
      truncation: [],
      notice: null,
      error: null,
      context: null,
      doneReason: null,
      durationMs: 0,
      grounding: null,
    };
    const finish = (): ChatOutcome => {
      outcome.durationMs = Date.now() - started;
      this.chats.delete(request.requestId);
      return outcome;
    };
    if (!model) {
      outcome.error = {
        kind: 'no-model',
        message:
          'No model is chosen. Pick one in the Model menu, or pull one (qwen2.5-coder:7b suits PyChrono work).',
      };
      return finish();
    }
    const controller = new AbortController();
    this.chats.set(request.requestId, { owner: caller.owner, controller });
    let provider: ProviderClient;
    try {
      provider = await this.provider();
    } catch (err) {
      outcome.error = { kind: 'unreachable', message: (err as Error).message };
      return finish();
    }
    const where = { provider: provider.kind, url: provider.url, model };

    const messages = request.messages;
    if (!messages) {
      outcome.error = { kind: 'server', message: request.problem ?? 'No prompt was made.' };
      return finish();
    }

    // Size the context before sending: refuse what cannot fit.
    const estimated = estimatePromptTokens(messages);
    let details: ModelDetails;
    try {
      details = await this.show(model);
    } catch (err) {
      outcome.error = classifyError(err, where);
      return finish();
    }
    const key = `${provider.url}|${model}`;
    const plan = planContext(estimated, details.contextLength, this.numCtx.get(key) ?? null);
    if (!plan.ok) {
      outcome.error = { kind: 'context-too-long', message: plan.message };
      return finish();
    }
    const numCtx = provider.kind === 'ollama' ? plan.numCtx : null;
    if (numCtx !== null) this.numCtx.set(key, numCtx);
    const context: ContextReport = {
      estimatedPromptTokens: estimated,
      numCtx,
      maxContext: details.contextLength,
      promptTokens: null,
      answerTokens: null,
      promptTruncated: false,
    };
    outcome.context = context;
    const sampling = request.sampling;
    let maxAnswerTokens = numCtx !== null ? null : plan.maxAnswer;
    if (sampling?.maxTokens !== undefined) {
      maxAnswerTokens = Math.min(sampling.maxTokens, plan.maxAnswer);
    }

    // Stream, handing text on in small batches.
    let pending = { content: '', thinking: '' };
    let timer: NodeJS.Timeout | null = null;
    const flush = () => {
      timer = null;
      if (!pending.content && !pending.thinking) return;
      this.options.bus.emit(
        'llm.token',
        { requestId: request.requestId, ...pending },
        caller.owner,
      );
      onText?.(pending.content, pending.thinking);
      pending = { content: '', thinking: '' };
    };
    const think = request.think ?? details.capabilities.includes('thinking');
    try {
      const result = await provider.chat(
        {
          model,
          messages,
          numCtx,
          maxAnswerTokens,
          think,
          ...(sampling
            ? { sampling: { temperature: sampling.temperature, topP: sampling.topP } }
            : {}),
        },
        (content, thinking) => {
          outcome.answer += content;
          outcome.thinking += thinking;
          pending.content += content;
          pending.thinking += thinking;
          timer ??= setTimeout(flush, TOKEN_FLUSH_MS);
        },
        controller.signal,
      );
      outcome.doneReason = result.doneReason;
      context.promptTokens = result.promptTokens;
      context.answerTokens = result.answerTokens;
      context.promptTruncated = promptWasTruncated(result.promptTokens, numCtx);
      outcome.state = result.doneReason === 'length' ? 'cut' : 'complete';
    } catch (err) {
      if (controller.signal.aborted) outcome.state = 'stopped';
      else {
        outcome.error = classifyError(err, where);
        outcome.state = outcome.answer ? 'cut' : 'error';
      }
    } finally {
      if (timer) clearTimeout(timer);
      flush();
    }
    if (controller.signal.aborted && outcome.state !== 'stopped') outcome.state = 'stopped';
    return finish();
  }

  /** Extracts the code and says, in one sentence, what the user should know about it. */
  private describeAnswer(outcome: ChatOutcome): void {
    const notices: string[] = [];
    if (outcome.context?.promptTruncated) {
      notices.push(
        `The server read only ${outcome.context.promptTokens} tokens of about ${outcome.context.estimatedPromptTokens} sent: the start of the conversation was cut. Start a new chat to give the model the whole context.`,
      );
    }
    outcome.notice = notices.length > 0 ? notices.join(' ') : null;
    if (!outcome.answer.trim()) return;
    const extracted = extractCode(outcome.answer, { doneReason: outcome.doneReason });
    if (extracted.code === null) {
      notices.push('The answer holds no Python script; ask again, or ask for the complete script.');
    } else if (extracted.truncation.length > 0 || outcome.state !== 'complete') {
      const cut =
        outcome.state === 'stopped' ? 'You stopped the answer' : 'The answer was cut short';
      notices.push(
        `${cut}, so its script is incomplete and is not offered for the editor. Ask again, or ask the model to continue from where it stopped.`,
      );
    } else if (extracted.broken) {
      notices.push(
        extracted.broken === 'open-string'
          ? 'The script leaves a string open and will not run as written; a run will show the error to fix.'
          : 'The script leaves a bracket open and will not run as written; a run will show the error to fix.',
      );
    }
    // For a cut answer only its complete part is kept as code; the chat does not offer it
    // for the editor, so the editor never gets half a script.
    outcome.code =
      extracted.truncation.length > 0 || outcome.state !== 'complete'
        ? extracted.salvaged
        : extracted.code;
    outcome.truncation = extracted.truncation;
    outcome.notice = notices.length > 0 ? notices.join(' ') : null;
  }

  /** Stops one of the caller's chats; false when it has none by that id. */
  abort(requestId: string, caller: Caller): boolean {
    return abortOwn(this.chats, requestId, caller);
  }

  /** The owner has gone: its chats stop. Pulls go on: the model is for everyone. */
  release(owner: string): void {
    for (const [id, chat] of this.chats) {
      if (chat.owner === owner) {
        chat.controller.abort();
        this.chats.delete(id);
      }
    }
  }

  async dispose(): Promise<void> {
    for (const c of this.chats.values()) c.controller.abort();
    for (const c of this.pulls.values()) c.controller.abort();
    this.chats.clear();
    this.pulls.clear();
  }
}

function abortOwn(requests: Map<string, Owned>, id: string, caller: Caller): boolean {
  const request = requests.get(id);
  if (request?.owner !== caller.owner) return false;
  request.controller.abort();
  return true;
}
