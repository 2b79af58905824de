// One cell of an evaluation (a model, a task, a turn) as its record file holds it: what the
// model was asked and answered, how the answer ran (and was repaired), how close it is to
// the expert reference, what the judge and the physics contract said, and what it cost.
// Records are read back by resume, the results and the panel, so reading validates them.
// Pure.
import { z } from 'zod';
import type { ContractVerdict } from './contracts/evaluate';

export const CELL_FORMAT = 'twinforge-eval-cell/1';
export const EVAL_FORMAT = 'twinforge-eval/1';

/** `simbench`: turns 2 and 3 start from the task's own pyinputN.py (SimBench's protocol);
 *  `chain`: from the model's own answer to the turn before. */
export type Protocol = 'simbench' | 'chain';

export interface CellKey {
  model: string;
  task: string;
  turn: number;
}

export function cellId(key: CellKey): string {
  return `${key.model}\u0000${key.task}\u0000${key.turn}`;
}

/** The similarity columns of SimBench's evaluation_results.csv, same names and meaning. */
export interface SimilarityColumns {
  codebleu: number;
  ngram_match_score: number;
  weighted_ngram_match_score: number;
  syntax_match_score: number;
  dataflow_match_score: number;
  rouge1: number;
  rouge2: number;
  rougeL: number;
  rougeLsum: number;
}

export const SIMILARITY_COLUMNS = [
  'codebleu',
  'ngram_match_score',
  'weighted_ngram_match_score',
  'syntax_match_score',
  'dataflow_match_score',
  'rouge1',
  'rouge2',
  'rougeL',
  'rougeLsum',
] as const satisfies readonly (keyof SimilarityColumns)[];

export interface CellRun {
  /** 0 for the answer as given; n after the n-th repair. */
  attempt: number;
  status: string;
  reason: string;
  simTime: number;
  wallTime: number;
  /** Why the run counts as failed (the error told to the model), or null when it passed. */
  failure: { message: string; line: number | null } | null;
  /** Files the run wrote that were kept, relative to the cell's folder. */
  outputs: string[];
}

export interface CellAnswer {
  /** The model's whole answer. */
  text: string;
  /** The script taken from it, or null when it holds none. */
  code: string | null;
  notice: string | null;
  promptTokens: number | null;
  answerTokens: number | null;
  durationMs: number;
  /** Answer tokens over the request's wall time. */
  tokensPerSecond: number | null;
}

export interface CellJudge {
  model: string;
  mode: string;
  /** False when the judge gave no score (never counted as 0). */
  ok: boolean;
  score: number | null;
  rawScore: number | null;
  /** Which rule read the score (`strict` is SimBench's). */
  parser: string | null;
  reason: string | null;
  /** The judge's whole answer. */
  text: string;
  durationMs: number;
}

export interface CellTiming {
  totalMs: number;
  /** Waiting for the model: the answer and any repairs. */
  modelMs: number;
  /** Runs, from start to the process gone. */
  simulationMs: number;
  /** The runner's own work: everything else (scoring, records, bookkeeping). */
  overheadMs: number;
  /** Of which scoring: the parse, CodeBLEU and ROUGE, the contract. */
  scoringMs: number;
}

export interface CellRecord extends CellKey {
  format: typeof CELL_FORMAT;
  category: string;
  /** `evaluated`: the answer was scored (pass or fail); `failed`: it could not be (the
   *  server failed, the run could not start): `--retry-failed` tries it again. */
  status: 'evaluated' | 'failed';
  error: string | null;
  protocol: Protocol;
  /** What the model started from: the prompt alone (turn 1), the task's pyinputN.py, or
   *  its own previous answer. */
  start: 'prompt' | 'pyinput' | 'previous-answer';
  prompt: string;
  /** The script given with the prompt when it was the model's previous answer. */
  startScript: string | null;
  answer: CellAnswer | null;
  /** The extracted code parses (tree-sitter, without ERROR or MISSING nodes). */
  compile: boolean;
  /** The answer as given runs (to its limit or its end, no error, a non-empty scene). */
  pass1: boolean;
  /** It runs within attempts − 1 repairs. */
  passK: boolean;
  /** K: the runs allowed (the answer, then repairs). */
  attempts: number;
  runs: CellRun[];
  /** The script that ran at last when a repair made it run. */
  repairedScript: string | null;
  similarity: SimilarityColumns | null;
  judge: CellJudge | null;
  /** The physics contract on the answer as given, and on the repaired script. */
  contract: ContractVerdict | null;
  contractRepaired: ContractVerdict | null;
  timing: CellTiming;
  finishedAt: string;
}

const nullableNumber = z.number().nullable();

/** Checks the parts of a record the results read; the rest is kept as written. */
export const cellRecordSchema = z
  .object({
    format: z.literal(CELL_FORMAT),
    model: z.string(),
    task: z.string(),
    turn: z.number().int().min(1).max(3),
    category: z.string(),
    status: z.enum(['evaluated', 'failed']),
    error: z.string().nullable(),
    protocol: z.enum(['simbench', 'chain']),
    start: z.enum(['prompt', 'pyinput', 'previous-answer']),
    compile: z.boolean(),
    pass1: z.boolean(),
    passK: z.boolean(),
    attempts: z.number().int().min(1),
    runs: z.array(z.object({ attempt: z.number(), status: z.string() }).passthrough()),
    similarity: z.record(z.number()).nullable(),
    judge: z
      .object({ model: z.string(), ok: z.boolean(), score: nullableNumber })
      .passthrough()
      .nullable(),
    contract: z.object({ score: z.number(), triage: z.string() }).passthrough().nullable(),
    timing: z.object({
      totalMs: z.number(),
      modelMs: z.number(),
      simulationMs: z.number(),
      overheadMs: z.number(),
      scoringMs: z.number(),
    }),
  })
  .passthrough();

/** Reads a record file's text; null with the reason when it is not one. */
export function parseCellRecord(
  text: string,
): { record: CellRecord } | { record: null; reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { record: null, reason: `not JSON (${(err as Error).message})` };
  }
  const parsed = cellRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { record: null, reason: `${issue.path.join('.') || 'record'} ${issue.message}` };
  }
  return { record: parsed.data as unknown as CellRecord };
}

/** A cell as lists show it: the record without the long texts. */
export type CellSummary = Omit<
  CellRecord,
  'prompt' | 'startScript' | 'answer' | 'repairedScript' | 'judge'
> & {
  answerTokens: number | null;
  tokensPerSecond: number | null;
  hasCode: boolean;
  judge: Omit<CellJudge, 'text'> | null;
};

export function summariseCell(record: CellRecord): CellSummary {
  const { prompt: _p, startScript: _s, answer, repairedScript: _r, judge, ...rest } = record;
  return {
    ...rest,
    answerTokens: answer?.answerTokens ?? null,
    tokensPerSecond: answer?.tokensPerSecond ?? null,
    hasCode: Boolean(answer?.code),
    judge: judge ? (({ text: _t, ...j }) => j)(judge) : null,
  };
}

/** The settings of a results folder (`eval.json`): what every cell in it was run with. */
export interface EvalSettings {
  format: typeof EVAL_FORMAT;
  tasksDir: string;
  protocol: Protocol;
  attempts: number;
  simTime: number;
  wallTime: number;
  createdAt: string;
  updatedAt: string;
}

export const evalSettingsSchema = z.object({
  format: z.literal(EVAL_FORMAT),
  tasksDir: z.string(),
  protocol: z.enum(['simbench', 'chain']),
  attempts: z.number().int().min(1),
  simTime: z.number().positive(),
  wallTime: z.number().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Why a folder's cells cannot be mixed with a new run's, or null when they can. */
export function settingsConflict(
  existing: EvalSettings,
  wanted: Pick<EvalSettings, 'tasksDir' | 'protocol' | 'attempts' | 'simTime' | 'wallTime'>,
): string | null {
  const differences: string[] = [];
  if (existing.tasksDir !== wanted.tasksDir)
    differences.push(`tasks from ${existing.tasksDir}, not ${wanted.tasksDir}`);
  if (existing.protocol !== wanted.protocol)
    differences.push(`the ${existing.protocol} protocol, not ${wanted.protocol}`);
  if (existing.attempts !== wanted.attempts)
    differences.push(`${existing.attempts} attempts, not ${wanted.attempts}`);
  if (existing.simTime !== wanted.simTime)
    differences.push(`a ${existing.simTime} s simulated-time limit, not ${wanted.simTime} s`);
  if (existing.wallTime !== wanted.wallTime)
    differences.push(`a ${existing.wallTime} s wall-clock limit, not ${wanted.wallTime} s`);
  return differences.length
    ? `The results folder holds cells run with ${differences.join('; ')}: choose another folder, or the same settings.`
    : null;
}
