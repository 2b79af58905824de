// The evaluation section: a task set (SimBench's folder layout) run through one or more
// local models, one after another, each answer run on PyChrono (and repaired when asked),
// scored as the benchmark scores it, judged when a judge model is chosen and held against
// the task's physics contract. `eval.start` answers at once; the work goes on in the host
// and reports `eval.progress` events to the caller. Everything lands in a results folder,
// one record per cell, so a run that stops for any reason is resumed by starting it again.
import { z } from 'zod';
import type { CellRecord, CellSummary, EvalSettings } from '../eval/cell-record';
import type { LeaderboardRow } from '../eval/leaderboard';

const id = z.string().min(1).max(100);
const path = z.string().min(1).max(4096);
const modelName = z.string().min(1).max(300);

/** Seconds of simulated time per run unless a contract asks for more (SimBench had none). */
export const EVAL_SIM_TIME = 5;
export const EVAL_WALL_TIME = 120;

export const evalJudgeSchema = z.object({
  model: modelName,
  /** `reference` (J-LLM_Ref), `reference-document` (J-LLM_Ref_Doc) or `document`. */
  mode: z.enum(['reference', 'reference-document', 'document']).default('reference'),
  /** A host file with the API document; TwinForge's PyChrono notes when absent. */
  apiDocumentPath: path.nullable().optional(),
});
export type EvalJudge = z.output<typeof evalJudgeSchema>;

export const evalStartSchema = z.object({
  evalId: id,
  /** The task set: a host folder of task folders (input1.txt, truth1.py, …). */
  tasksDir: path,
  models: z.array(modelName).min(1).max(50),
  /** Task names to run; every complete task when absent. */
  tasks: z.array(z.string().min(1).max(255)).max(1000).optional(),
  turns: z.array(z.number().int().min(1).max(3)).min(1).max(3).default([1, 2, 3]),
  /** K: runs allowed per cell, the answer and then K − 1 repairs (pass@k). */
  attempts: z.number().int().min(1).max(10).default(1),
  judge: evalJudgeSchema.optional(),
  /** Turns 2 and 3 start from the model's own previous answer instead of pyinputN.py. */
  chain: z.boolean().default(false),
  /** Run again the cells that could not be evaluated last time (server or runtime errors). */
  retryFailed: z.boolean().default(false),
  /** The results folder; `<user data>/evals/<task set's name>` when absent. */
  outDir: path.optional(),
  simTime: z.number().positive().max(3600).default(EVAL_SIM_TIME),
  wallTime: z
    .number()
    .positive()
    .max(24 * 3600)
    .default(EVAL_WALL_TIME),
});
export type EvalStartRequest = z.output<typeof evalStartSchema>;

export const evalMethods = {
  /** The tasks of a folder: the complete ones, and the others with what they lack. */
  'eval.tasks': z.object({ dir: path }),
  /** Starts an evaluation; resolves at once with what it will do (progress follows). */
  'eval.start': evalStartSchema,
  /** Stops one of the caller's evaluations; the cells finished so far stay saved. */
  'eval.cancel': z.object({ evalId: id }),
  /** The caller's evaluations still going (a reloaded panel picks them up again). */
  'eval.active': z.object({}),
  /** What a results folder holds: the leaderboard and every cell, without long texts. */
  'eval.results': z.object({ outDir: path }),
  /** One cell's whole record, with the reference it was scored against. */
  'eval.cell': z.object({
    outDir: path,
    model: modelName,
    task: z.string().min(1).max(255),
    turn: z.number().int().min(1).max(3),
  }),
};

export interface EvalTaskInfo {
  name: string;
  dir: string;
  category: string;
  /** Turns whose files are all there. */
  turns: number[];
  /** Files a turn lacks (`input2.txt`, `pyinput3.py`…): that turn is skipped. */
  missing: string[];
  /** Where its physics contract comes from: the task folder, TwinForge's own, or none. */
  contract: 'task' | 'builtin' | null;
  /** A contract.json that could not be read, in one sentence. */
  contractProblem: string | null;
}

export interface EvalTaskList {
  /** The folder as the host resolved it. */
  dir: string;
  /** Tasks with at least one complete turn. */
  tasks: EvalTaskInfo[];
  /** Folders that are not tasks: no complete turn, with what they lack. */
  skipped: { name: string; missing: string[] }[];
  /** Where `eval.start` puts results when not told. */
  defaultOutDir: string;
}

export type EvalState = 'running' | 'judging' | 'done' | 'stopped' | 'interrupted' | 'failed';

export interface EvalProgress {
  evalId: string;
  outDir: string;
  state: EvalState;
  /** What is happening, in one line (also what the CLI prints). */
  message: string;
  model: string | null;
  task: string | null;
  turn: number | null;
  /** Cells to run in this start, and how many of them are done. */
  total: number;
  done: number;
  /** Cells already finished in the folder, not run again. */
  skipped: number;
  /** Cells of this start that could not be evaluated. */
  failed: number;
  judgeTotal: number;
  judgeDone: number;
  elapsedMs: number;
  etaSeconds: number | null;
  /** The ETA leaves out a phase not timed yet (the judge's). */
  etaPartial: boolean;
  /** Models the server does not have: their cells are not run (pull them first). */
  missingModels: string[];
  /** The cell that just finished, when this event reports one. */
  cell: CellSummary | null;
}

export interface EvalStarted {
  evalId: string;
  outDir: string;
  total: number;
  skipped: number;
  missingModels: string[];
  /** Tasks the filter named that the folder does not have. */
  unknownTasks: string[];
}

export interface EvalResultsView {
  outDir: string;
  settings: EvalSettings | null;
  leaderboard: LeaderboardRow[];
  cells: CellSummary[];
  categories: string[];
  /** Record files that could not be read, each with why. */
  problems: string[];
}

export interface EvalCellView {
  record: CellRecord;
  /** truthN.py as the cell was scored against it, or null when the task folder is gone. */
  reference: string | null;
  referencePath: string | null;
  /** The script the model started from (pyinputN.py or its previous answer), or null. */
  startScript: string | null;
}

export interface EvalResults {
  'eval.tasks': EvalTaskList;
  'eval.start': EvalStarted;
  'eval.cancel': { ok: boolean };
  'eval.active': { evals: EvalProgress[] };
  'eval.results': EvalResultsView;
  'eval.cell': EvalCellView;
}

export interface EvalEvents {
  'eval.progress': EvalProgress;
}
