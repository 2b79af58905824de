// The generate → run → repair loop, on the host: optionally asks the model for a script,
// runs it in the caller's lane, and while it fails (and the rules of repair-rules.ts allow)
// sends the error back for a fix and runs the fix. Bounded by the attempts, cancellable at
// any point, and reporting every step as an event. It changes no file and no editor: the
// caller gets the scripts and decides.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../../common/contract';
import type { ChatOutcome, ChatRequest, RunFailure } from '../../common/contract/llm';
import type {
  DiagnosisReason,
  RepairAttemptRecord,
  RepairEvent,
  RepairRequest,
  RepairResult,
} from '../../common/contract/repair';
import type { RunSummary } from '../../common/contract/runtime';
import { afterAnswer, afterRun, type RepairAttempt } from '../../common/llm/repair-rules';
import { runFailure } from '../../common/llm/run-failure';

/** What the loop needs of the host: a chat and a run, both on behalf of the caller. */
export interface LoopServices {
  chat(request: ChatRequest, caller: Caller): Promise<ChatOutcome>;
  abortChat(requestId: string, caller: Caller): void;
  startRun(
    params: {
      script: string;
      scriptPath: string | null;
      limits: RepairRequest['limits'];
      lane: string;
      projectId?: string;
    },
    caller: Caller,
  ): Promise<{ runId: string }>;
  waitForRun(runId: string, caller: Caller): Promise<RunSummary>;
  stopRun(runId: string, caller: Caller): void;
}

export async function runRepairLoop(
  request: RepairRequest,
  maxAttempts: number,
  caller: Caller,
  services: LoopServices,
  onEvent: (event: RepairEvent) => void,
  signal: AbortSignal,
): Promise<RepairResult> {
  const started = Date.now();
  const result: RepairResult = {
    requestId: request.requestId,
    status: 'failed',
    script: request.script,
    attempts: [],
    diagnosis: null,
    reason: null,
    generated: null,
    durationMs: 0,
  };
  const finish = (): RepairResult => {
    result.durationMs = Date.now() - started;
    onEvent({ type: 'done', result });
    return result;
  };
  const giveUp = (reason: DiagnosisReason, text: string): RepairResult => {
    result.status = 'failed';
    result.reason = reason;
    result.diagnosis = text;
    onEvent({ type: 'diagnosis', reason, text });
    return finish();
  };
  const cancelled = (): RepairResult => {
    result.status = 'stopped';
    result.diagnosis = 'Stopped by you.';
    return finish();
  };

  // The chat or run in progress, so that a cancel reaches it.
  let currentChat: string | null = null;
  let currentRun: string | null = null;
  const onAbort = () => {
    if (currentChat) services.abortChat(currentChat, caller);
    if (currentRun) services.stopRun(currentRun, caller);
  };
  signal.addEventListener('abort', onAbort);

  const ask = async (chat: ChatRequest): Promise<ChatOutcome> => {
    currentChat = chat.requestId;
    try {
      return await services.chat(chat, caller);
    } finally {
      currentChat = null;
    }
  };

  try {
    let script = request.script;
    if (request.prompt !== undefined) {
      const chatRequestId = randomUUID();
      onEvent({ type: 'generating', chatRequestId, model: request.model ?? '' });
      const outcome = await ask({
        requestId: chatRequestId,
        kind: 'write',
        model: request.model,
        prompt: request.prompt,
        script: request.script,
        history: request.history,
        ...(request.ground ? { grounding: { api: true } } : {}),
      });
      if (signal.aborted) return cancelled();
      const usable = outcome.state === 'complete' && outcome.truncation.length === 0;
      const code = usable ? outcome.code : null;
      result.generated = {
        model: outcome.model,
        answer: outcome.answer,
        code,
        promptTokens: outcome.context?.promptTokens ?? null,
        answerTokens: outcome.context?.answerTokens ?? null,
        durationMs: outcome.durationMs,
        notice: outcome.notice,
      };
      onEvent({
        type: 'generated',
        code,
        notice: outcome.notice,
        error: outcome.error?.message ?? null,
      });
      if (outcome.error) return giveUp('server', outcome.error.message);
      if (!code) {
        return giveUp(
          'no-code',
          outcome.notice ??
            'The answer holds no complete Python script, so there is nothing to run.',
        );
      }
      script = code;
      result.script = code;
    }
    if (script === null) return giveUp('no-code', 'There is no script to run.');

    const history: RepairAttempt[] = [];
    for (let index = 0; ; index += 1) {
      if (signal.aborted) return cancelled();
      let runId: string;
      try {
        ({ runId } = await services.startRun(
          {
            script,
            scriptPath: request.scriptPath ?? null,
            limits: request.limits,
            lane: request.lane,
            projectId: request.projectId,
          },
          caller,
        ));
      } catch (err) {
        return giveUp('run-failed-to-start', `The run could not start: ${(err as Error).message}`);
      }
      if (signal.aborted) {
        services.stopRun(runId, caller);
        return cancelled();
      }
      currentRun = runId;
      onEvent({ type: 'run-start', attempt: index, runId, script });
      const summary = await services.waitForRun(runId, caller);
      currentRun = null;
      const record: RepairAttemptRecord = {
        index,
        runId,
        summary,
        failure: null,
        script,
        repair: null,
      };
      result.attempts.push(record);
      if (signal.aborted || summary.status === 'stopped') return cancelled();
      const failure = runFailure(summary, script);
      record.failure = failure;
      onEvent({ type: 'run-end', attempt: index, runId, summary, failure });

      const decision = afterRun(failure, history, maxAttempts, summary.missingModule);
      if (decision.action === 'fixed') {
        result.status = index === 0 ? 'runs' : 'fixed';
        result.script = script;
        result.diagnosis =
          index === 0
            ? 'The script runs as it is: nothing to fix.'
            : `Fixed in ${index} ${index === 1 ? 'attempt' : 'attempts'}: the script runs.`;
        return finish();
      }
      if (decision.action === 'stop') {
        return giveUp(reasonOf(decision.diagnosis, summary), decision.diagnosis);
      }

      const problem = failure as RunFailure;
      history.push({
        index: index + 1,
        failure: problem,
        before: script,
        after: null,
        outcome: null,
      });
      const chatRequestId = randomUUID();
      onEvent({
        type: 'asking',
        attempt: index + 1,
        chatRequestId,
        failure: problem,
        model: request.model ?? '',
      });
      const outcome = await ask({
        requestId: chatRequestId,
        kind: 'repair',
        model: request.model,
        prompt: '',
        script,
        failure: problem,
        history: [],
        ...(request.ground ? { grounding: { runId, api: true } } : {}),
      });
      if (signal.aborted) return cancelled();
      const fixed = outcome.state === 'complete' ? outcome.code : null;
      record.repair = {
        model: outcome.model,
        answer: outcome.answer,
        code: fixed,
        promptTokens: outcome.context?.promptTokens ?? null,
        answerTokens: outcome.context?.answerTokens ?? null,
        durationMs: outcome.durationMs,
      };
      if (outcome.error) return giveUp('server', outcome.error.message);
      const next = afterAnswer(script, fixed);
      if (next.action === 'stop') {
        return giveUp(fixed === null ? 'no-code' : 'same-code', next.diagnosis);
      }
      const after = fixed as string;
      history[history.length - 1].after = after;
      onEvent({
        type: 'proposal',
        attempt: index + 1,
        before: script,
        after,
        answer: outcome.answer,
        model: outcome.model,
        grounding: outcome.grounding,
      });
      script = after;
      result.script = after;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** The rules say why in words; the result also says it as a code the UI and reports sort on. */
function reasonOf(diagnosis: string, summary: RunSummary): DiagnosisReason {
  if (summary.missingModule) return 'missing-module';
  if (/same error/.test(diagnosis)) return 'same-error';
  if (/round in circles/.test(diagnosis)) return 'circle';
  return 'exhausted';
}
