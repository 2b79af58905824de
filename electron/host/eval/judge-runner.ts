// Asks the rubric judge (SimBench's J-LLM, electron/common/review/judge.ts) for one score on
// the local model server: the judge's single user message, no system prompt, SimBench's
// sampling (T 0.2, top-p 0.7, at most 12,000 answer tokens), through the LLM service's
// provider so the server chosen in the settings answers. The review service has a judge of
// its own in progress (electron/host/review): the two are meant to become one.
import type { CellJudge } from '../../common/eval/cell-record';
import {
  JUDGE_SAMPLING,
  buildJudgePrompt,
  parseJudgeAnswer,
  type JudgeMode,
  type JudgeTemplates,
} from '../../common/review/judge';
import { estimatePromptTokens, planContext } from '../../common/llm/context-size';
import type { LlmService } from '../llm/llm-service';
import { classifyError } from '../llm/errors';

export interface JudgeRequest {
  model: string;
  mode: JudgeMode;
  /** The candidate as SimBench's judge reads it: the extracted code, with its comments. */
  answer: string;
  /** truthN.py, with its comments. */
  reference: string;
  apiDocument: string;
  templates: JudgeTemplates;
}

/** One judgement; a judge that gives no score is a result (ok false), never 0. */
export async function runJudge(
  llm: Pick<LlmService, 'provider' | 'show'>,
  request: JudgeRequest,
  signal: AbortSignal,
): Promise<CellJudge> {
  const started = Date.now();
  const base = { model: request.model, mode: request.mode };
  const failed = (reason: string, text = ''): CellJudge => ({
    ...base,
    ok: false,
    score: null,
    rawScore: null,
    parser: null,
    reason,
    text,
    durationMs: Date.now() - started,
  });
  if (!request.answer.trim()) return failed('The answer holds no code to judge.');
  const messages = buildJudgePrompt({
    mode: request.mode,
    answer: request.answer,
    reference: request.reference,
    apiDocument: request.apiDocument,
    templates: request.templates,
  });
  const provider = await llm.provider();
  const details = await llm.show(request.model);
  const plan = planContext(estimatePromptTokens(messages), details.contextLength);
  if (!plan.ok) return failed(plan.message);
  let text = '';
  try {
    await provider.chat(
      {
        model: request.model,
        messages,
        numCtx: provider.kind === 'ollama' ? plan.numCtx : null,
        maxAnswerTokens: Math.min(JUDGE_SAMPLING.maxTokens, plan.maxAnswer),
        think: false,
        sampling: { temperature: JUDGE_SAMPLING.temperature, topP: JUDGE_SAMPLING.topP },
      },
      (content) => (text += content),
      signal,
    );
  } catch (err) {
    if (signal.aborted) throw err;
    const { message } = classifyError(err, {
      provider: provider.kind,
      url: provider.url,
      model: request.model,
    });
    throw new JudgeServerError(message);
  }
  const parsed = parseJudgeAnswer(text);
  if (!parsed.ok) return failed(parsed.reason, text);
  return {
    ...base,
    ok: true,
    score: parsed.score,
    rawScore: parsed.rawScore,
    parser: parsed.parser,
    reason: null,
    text,
    durationMs: Date.now() - started,
  };
}

/** The server failed the judge's request: the judgement is not made (and is tried again). */
export class JudgeServerError extends Error {
  override name = 'JudgeServerError';
}
