// One rubric judgement of an evaluation cell: the review's judge (electron/host/review,
// SimBench's J-LLM prompt and sampling) asked once through the LLM service as the
// evaluation's own worker, and its report read as the cell's record. A server that fails
// throws, so the cell is judged again on the next start; an answer without a score is a
// result (ok false, with its text), never 0.
import type { Caller } from '../../common/contract';
import type { CellJudge } from '../../common/eval/cell-record';
import type { JudgeMode, JudgeTemplates } from '../../common/review/judge';
import type { LlmService } from '../llm/llm-service';
import { JUDGE_CHAT_SAMPLING, runJudge as runReviewJudge } from '../review/judge-runner';

export interface JudgeRequest {
  /** Names the judgement's chat request (and its abort). */
  requestId: string;
  model: string;
  mode: JudgeMode;
  /** The candidate as SimBench's judge reads it: the extracted code, with its comments. */
  answer: string;
  /** truthN.py, with its comments. */
  reference: string;
  apiDocument: string;
  templates: JudgeTemplates;
}

export async function runJudge(
  llm: Pick<LlmService, 'plainChat' | 'abort'>,
  worker: Caller,
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
  let serverError: string | null = null;
  const report = await runReviewJudge(
    {
      requestId: request.requestId,
      options: { model: request.model, mode: request.mode, repeats: 1 },
      answer: request.answer,
      reference: request.reference,
      apiDocument: { text: request.apiDocument, source: 'evaluation' },
      templates: request.templates,
    },
    {
      chat: async (chat) => {
        const outcome = await llm.plainChat({ ...chat, sampling: JUDGE_CHAT_SAMPLING }, worker);
        // Any failure but a prompt too long for the model says nothing about the answer.
        if (outcome.error && outcome.error.kind !== 'context-too-long')
          serverError = outcome.error.message;
        return outcome;
      },
      abort: (chatRequestId) => void llm.abort(chatRequestId, worker),
    },
    () => undefined,
    signal,
  );
  if (signal.aborted || report.stopped) throw new Error('The judge was stopped.');
  if (serverError) throw new JudgeServerError(serverError);
  const run = report.runs[0];
  const parse = run?.parse;
  if (!parse) return failed(report.error ?? run?.error ?? 'The judge gave no answer.', run?.answer);
  if (!parse.ok) return failed(parse.reason, run.answer);
  return {
    ...base,
    ok: true,
    score: parse.score,
    rawScore: parse.rawScore,
    parser: parse.parser,
    reason: null,
    text: run.answer,
    durationMs: Date.now() - started,
  };
}

/** The server failed the judge's request: the judgement is not made (and is tried again). */
export class JudgeServerError extends Error {
  override name = 'JudgeServerError';
}
