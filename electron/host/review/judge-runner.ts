// The rubric judge on the local model: SimBench's J-LLM prompt (judge.ts) sent N times with
// its sampling, each answer streamed to the caller and parsed; parse failures and server
// failures are kept with their text and reason, never counted as a score of 0. A server
// that is down ends the repeats at the first failure, with a message that says so.
import type { ChatOutcome } from '../../common/contract/llm';
import type {
  JudgeOptions,
  JudgeReport,
  JudgeRunRecord,
  ReviewEvent,
} from '../../common/contract/review';
import {
  JUDGE_SAMPLING,
  buildJudgePrompt,
  parseJudgeAnswer,
  summariseJudgeRuns,
  type JudgeMessage,
  type JudgeTemplates,
} from '../../common/review/judge';

/** How the runner reaches the model (LlmService.plainChat in the host, a fake in tests). */
export interface JudgeModel {
  chat(request: {
    requestId: string;
    model?: string;
    messages: JudgeMessage[];
  }): Promise<ChatOutcome>;
  abort(requestId: string): void;
}

export interface JudgeInput {
  requestId: string;
  options: JudgeOptions;
  /** The twin, with its comments, as SimBench's judge reads it. */
  answer: string;
  reference: string;
  /** The API document's text and where it came from (modes with a document). */
  apiDocument: { text: string; source: string } | null;
  templates: JudgeTemplates;
}

/** Errors after which asking again is pointless: the same thing would happen. */
const FINAL_ERRORS = new Set(['unreachable', 'model-missing', 'no-model', 'context-too-long']);

export async function runJudge(
  input: JudgeInput,
  model: JudgeModel,
  onEvent: (event: ReviewEvent) => void,
  signal: AbortSignal,
): Promise<JudgeReport> {
  const { options } = input;
  const needsDocument = options.mode !== 'reference';
  const report: JudgeReport = {
    model: options.model ?? '',
    mode: options.mode,
    repeats: options.repeats,
    apiDocument:
      needsDocument && input.apiDocument
        ? { source: input.apiDocument.source, chars: input.apiDocument.text.length }
        : null,
    taskPrompt: Boolean(options.taskPrompt?.trim()),
    runs: [],
    summary: summariseJudgeRuns([]),
    error: null,
    stopped: false,
  };
  const done = () => {
    report.summary = summariseJudgeRuns(report.runs.flatMap((r) => (r.parse ? [r.parse] : [])));
    onEvent({ type: 'judge-done', judge: report });
    return report;
  };

  let messages: JudgeMessage[];
  try {
    messages = buildJudgePrompt({
      mode: options.mode,
      answer: input.answer,
      reference: input.reference,
      apiDocument: input.apiDocument?.text ?? null,
      taskPrompt: options.taskPrompt ?? null,
      templates: input.templates,
    });
  } catch (err) {
    report.error = (err as Error).message;
    return done();
  }

  for (let index = 1; index <= options.repeats; index++) {
    if (signal.aborted) {
      report.stopped = true;
      break;
    }
    const chatRequestId = `${input.requestId}:judge:${index}`;
    onEvent({
      type: 'judge-start',
      index,
      of: options.repeats,
      chatRequestId,
      model: report.model,
    });
    const stop = () => model.abort(chatRequestId);
    signal.addEventListener('abort', stop);
    let outcome: ChatOutcome;
    try {
      outcome = await model.chat({ requestId: chatRequestId, model: options.model, messages });
    } finally {
      signal.removeEventListener('abort', stop);
    }
    report.model = outcome.model || report.model;
    const run: JudgeRunRecord = {
      index,
      chatRequestId,
      model: outcome.model,
      state: outcome.state,
      answer: outcome.answer,
      error: outcome.error?.message ?? null,
      parse: outcome.answer.trim() ? parseJudgeAnswer(outcome.answer) : null,
      durationMs: outcome.durationMs,
    };
    report.runs.push(run);
    onEvent({ type: 'judge-end', run });
    if (outcome.state === 'stopped' || signal.aborted) {
      report.stopped = true;
      break;
    }
    if (outcome.error && FINAL_ERRORS.has(outcome.error.kind)) {
      report.error = outcome.error.message;
      break;
    }
  }
  if (!report.error && report.runs.length > 0 && report.runs.every((r) => r.parse === null)) {
    report.error = report.runs[report.runs.length - 1].error ?? 'The judge gave no answer.';
  }
  return done();
}

/** SimBench's judge sampling, for LlmService.plainChat. */
export const JUDGE_CHAT_SAMPLING = {
  temperature: JUDGE_SAMPLING.temperature,
  topP: JUDGE_SAMPLING.topP,
  maxTokens: JUDGE_SAMPLING.maxTokens,
};
