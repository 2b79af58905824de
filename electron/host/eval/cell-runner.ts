// One cell of an evaluation: the model answers the turn (through the host's repair loop,
// which also runs the answer and, with attempts left, repairs it), then, apart, the answer
// is scored: does its code parse, does it run, how close is it to the reference (CodeBLEU
// and ROUGE as SimBench computes them), what does the physics contract say. The result is
// the cell's record; a cell the server or the runtime kept from being evaluated is a
// `failed` record, and a server that is gone stops the evaluation (the cell stays to do).
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Caller } from '../../common/contract';
import type { ChatErrorKind } from '../../common/contract/llm';
import type { RepairResult } from '../../common/contract/repair';
import type { RunSummary } from '../../common/contract/runtime';
import type {
  CellKey,
  CellRecord,
  CellRun,
  Protocol,
  SimilarityColumns,
} from '../../common/eval/cell-record';
import { CELL_FORMAT } from '../../common/eval/cell-record';
import { evaluateContract, type ContractVerdict } from '../../common/eval/contracts/evaluate';
import { needsTrajectory, type TurnContract } from '../../common/eval/contracts/schema';
import type { CellRequest } from '../../common/eval/protocol';
import {
  cleanModelAnswer,
  cleanScript,
  computeSimilarity,
  type PythonParser,
} from '../../common/review/similarity';
import type { LlmService } from '../llm/llm-service';
import { runRepairLoop, type LoopServices } from '../repair/repair-loop';
import type { RuntimeService } from '../runtime/runtime-service';
import type { ResultsFolder } from './results-store';
import type { CapturedRun, RunCapture } from './run-capture';

export interface CellPlan {
  key: CellKey;
  category: string;
  protocol: Protocol;
  request: CellRequest;
  /** truthN.py, with its comments. */
  reference: string;
  contract: TurnContract | null;
  attempts: number;
  limits: { simTime: number; wallTime: number };
}

export interface CellServices {
  llm: Pick<LlmService, 'chat' | 'abort' | 'provider'>;
  runtime: Pick<RuntimeService, 'start' | 'waitForRun' | 'collectedOutputs' | 'handlers'>;
  parser: PythonParser;
  capture: RunCapture;
  folder: ResultsFolder;
  /** Called once when the model starts streaming its answer (or has answered). */
  onModelStreaming?: () => void;
}

/** The model server stopped answering: the evaluation stops, the cell is left to do. */
export class ServerGoneError extends Error {
  override name = 'ServerGoneError';
}

/** The evaluation was stopped during the cell: nothing is recorded for it. */
export class CellCancelled extends Error {
  override name = 'CellCancelled';
}

const GONE: ChatErrorKind[] = ['unreachable', 'stream-cut'];

/** The files a contract reads from what the run wrote. */
export function contractFiles(turn: TurnContract): string[] {
  const files = new Set<string>();
  if (turn.run.expectCsv) files.add(turn.run.expectCsv);
  for (const d of turn.derive) {
    const csv = d.csv ?? (d.source === 'csv' || d.column ? turn.run.expectCsv : null);
    if (csv) files.add(csv);
  }
  return [...files];
}

/** True when the extracted code parses without ERROR or MISSING nodes. */
export function parses(parser: PythonParser, code: string | null): boolean {
  if (!code?.trim()) return false;
  const tree = parser.parse(code);
  if (!tree) return false;
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

function similarityColumns(
  parser: PythonParser,
  reference: string,
  answer: string,
): SimilarityColumns {
  const s = computeSimilarity(cleanScript(reference), cleanModelAnswer(answer), parser);
  return {
    codebleu: s.codebleu,
    ngram_match_score: s.ngram,
    weighted_ngram_match_score: s.weighted,
    syntax_match_score: s.syntax,
    dataflow_match_score: s.dataflow,
    rouge1: s.rouge1,
    rouge2: s.rouge2,
    rougeL: s.rougeL,
    rougeLsum: s.rougeLsum,
  };
}

interface AttemptData {
  runId: string;
  started: number;
  capture: CapturedRun | null;
  outputs: string[];
}

/** A cell the model has answered and whose runs are done: what is left is to score it. */
export interface AnsweredCell {
  /** The answer's code (the chain protocol gives it to the next turn), or null. */
  code: string | null;
  /** Scores the answer and makes the cell's record (CPU only: no model, no run). */
  score(): Promise<CellRecord>;
}

/** Asks the model, runs (and repairs) the answer; throws CellCancelled or ServerGoneError. */
export async function runCell(
  plan: CellPlan,
  services: CellServices,
  caller: Caller,
  signal: AbortSignal,
): Promise<AnsweredCell> {
  const started = Date.now();
  const { key, contract } = plan;
  const { llm, runtime, capture, folder } = services;
  let modelMs = 0;
  let simulationMs = 0;
  let chatError: { kind: ChatErrorKind; message: string } | null = null;
  const attempts: AttemptData[] = [];
  const files = contract ? contractFiles(contract) : [];
  const limits = {
    simTime: contract?.run.simTime ?? plan.limits.simTime,
    wallTime: contract?.run.timeout ?? plan.limits.wallTime,
  };
  await folder.clearCell(key);
  let streamed = false;
  const streaming = () => {
    if (streamed) return;
    streamed = true;
    services.onModelStreaming?.();
  };

  const loop: LoopServices = {
    chat: async (request, who) => {
      const outcome = await llm.chat(request, who, streaming);
      streaming();
      modelMs += outcome.durationMs;
      if (outcome.error && !chatError) chatError = outcome.error;
      return outcome;
    },
    abortChat: (requestId, who) => void llm.abort(requestId, who),
    startRun: async (params, who) => {
      const attempt = attempts.length;
      capture.recordTrajectory(contract !== null && needsTrajectory(contract));
      const into = folder.attemptDir(key, attempt);
      const run = await runtime.start(
        { script: params.script, scriptPath: null, limits: params.limits, lane: params.lane },
        who,
        files.length ? { collectOutputs: { files, into } } : {},
      );
      attempts.push({ runId: run.runId, started: Date.now(), capture: null, outputs: [] });
      return run;
    },
    waitForRun: async (runId, who) => {
      const summary = await runtime.waitForRun(runId, who);
      const data = attempts.find((a) => a.runId === runId);
      if (data) {
        simulationMs += Date.now() - data.started;
        data.capture = capture.take(runId);
        const into = folder.attemptDir(key, attempts.indexOf(data));
        data.outputs = (runtime.collectedOutputs(runId, who)?.copied ?? []).map((f) =>
          folder.relativeToCell(key, join(into, f)),
        );
      }
      return summary;
    },
    stopRun: (runId, who) =>
      void runtime.handlers()['runtime.control']({ runId, cmd: 'stop' }, who),
  };

  const result: RepairResult = await runRepairLoop(
    {
      requestId: randomUUID(),
      script: plan.request.script,
      scriptPath: null,
      prompt: plan.request.prompt,
      history: [],
      model: key.model,
      maxAttempts: plan.attempts - 1,
      limits,
      lane: 'eval',
      // SimBench's protocol: the model hears only the task and the error.
      ground: false,
    },
    plan.attempts - 1,
    caller,
    loop,
    () => undefined,
    signal,
  );
  if (result.status === 'stopped' || signal.aborted) throw new CellCancelled();

  const error = chatError as { kind: ChatErrorKind; message: string } | null;
  if (error && GONE.includes(error.kind) && !(await serverAnswers(llm))) {
    throw new ServerGoneError(error.message);
  }

  const generated = result.generated;
  const answerText = generated?.answer ?? '';
  const code = generated?.code ?? null;
  const runs: CellRun[] = result.attempts.map((a, i) => ({
    attempt: a.index,
    status: a.summary?.status ?? 'not run',
    reason: a.summary?.reason ?? '',
    simTime: a.summary?.simTime ?? 0,
    wallTime: a.summary?.wallTime ?? 0,
    failure: a.failure ? { message: a.failure.message, line: a.failure.line } : null,
    outputs: attempts[i]?.outputs ?? [],
  }));

  const failedReason = error
    ? error.message
    : result.reason === 'run-failed-to-start'
      ? result.diagnosis
      : null;
  const evaluated = failedReason === null;
  const answeredMs = Date.now() - started;

  // Scoring needs only the CPU: the evaluation runs it while the next cell waits for the
  // model, so its cost stays off the path of the GPU and the runs.
  const score = async (): Promise<CellRecord> => {
    const scoringStarted = Date.now();
    const similarity =
      evaluated && answerText.trim()
        ? similarityColumns(services.parser, plan.reference, answerText)
        : null;
    const verdict = async (index: number): Promise<ContractVerdict | null> =>
      contract ? grade(contract, result, index, attempts[index] ?? null, files, folder, key) : null;
    const first = evaluated ? await verdict(0) : null;
    const repaired =
      evaluated && result.status === 'fixed' ? await verdict(result.attempts.length - 1) : null;
    const compile = parses(services.parser, code);
    const scoringMs = Date.now() - scoringStarted;
    const totalMs = answeredMs + scoringMs;
    return {
      format: CELL_FORMAT,
      ...key,
      category: plan.category,
      status: evaluated ? 'evaluated' : 'failed',
      error: failedReason,
      protocol: plan.protocol,
      start: plan.request.start,
      prompt: plan.request.prompt,
      startScript: plan.request.start === 'previous-answer' ? plan.request.script : null,
      answer: generated
        ? {
            text: answerText,
            code,
            notice: generated.notice,
            promptTokens: generated.promptTokens,
            answerTokens: generated.answerTokens,
            durationMs: generated.durationMs,
            tokensPerSecond:
              generated.answerTokens !== null && generated.durationMs > 0
                ? generated.answerTokens / (generated.durationMs / 1000)
                : null,
          }
        : null,
      compile,
      pass1: runs.length > 0 && runs[0].failure === null && result.attempts[0].summary !== null,
      passK: result.status === 'runs' || result.status === 'fixed',
      attempts: plan.attempts,
      runs,
      repairedScript: result.status === 'fixed' ? result.script : null,
      similarity,
      judge: null,
      contract: first,
      contractRepaired: repaired,
      timing: {
        totalMs,
        modelMs,
        simulationMs,
        overheadMs: Math.max(0, totalMs - modelMs - simulationMs),
        scoringMs,
      },
      finishedAt: new Date().toISOString(),
    };
  };
  return { code: evaluated ? code : null, score };
}

async function serverAnswers(llm: Pick<LlmService, 'provider'>): Promise<boolean> {
  try {
    await (await llm.provider()).version();
    return true;
  } catch {
    return false;
  }
}

/** The contract's verdict on one attempt (the answer as given is attempt 0). */
async function grade(
  contract: TurnContract,
  result: RepairResult,
  index: number,
  data: AttemptData | null,
  files: string[],
  folder: ResultsFolder,
  key: CellKey,
): Promise<ContractVerdict> {
  const attempt = result.attempts[index];
  const summary: RunSummary | null = attempt?.summary ?? null;
  const texts: Record<string, string | null> = {};
  for (const file of files) {
    texts[file] = await readFile(join(folder.attemptDir(key, index), file), 'utf8').catch(
      () => null,
    );
  }
  return evaluateContract(contract, {
    source: attempt?.script ?? result.generated?.code ?? '',
    run: summary
      ? {
          ok: attempt.failure === null,
          status: summary.status,
          reason: summary.reason,
          failure: attempt.failure?.message ?? null,
          simTime: summary.simTime,
        }
      : {
          ok: false,
          status: 'no-code',
          reason: result.diagnosis ?? 'The answer holds no code to run.',
          failure: null,
          simTime: 0,
        },
    files: texts,
    stdout: data?.capture?.stdout ?? '',
    trajectory: data?.capture?.trajectory ?? null,
  });
}
