// The review section: hold the twin against an expert reference script. The host runs both
// (in the caller's lanes `twin` and `reference`, so the caller's views show them live),
// compares their code (CodeBLEU and ROUGE as SimBench computes them), their scenes and their
// motion, and asks the rubric judge for a score. Progress arrives as `review.event` events
// tagged with the caller's request id; the UI and the CLI share the one service.
import { z } from 'zod';
import type { JudgeMode, JudgeParse, JudgeRunsSummary } from '../review/judge';
import type { SceneDiff } from '../review/scene-diff';
import type { SimilarityScores } from '../review/similarity';
import type { ItemKind, SceneSystem } from '../stream';
import type { RunSummary } from './runtime';

const id = z.string().min(1).max(100);
const path = z.string().min(1).max(4096);

/** One side of a review: the script as it runs and as the judge reads it (with comments). */
export const reviewScriptSchema = z.object({
  script: z.string().max(5_000_000),
  scriptPath: z.string().max(4096).nullable().optional(),
  /**
   * The text the similarity metrics compare. SimBench scored its references' stored
   * `cleaned_truthN.py` (SIMILARITY.md 2.2): pass it for parity; absent, the host applies
   * the benchmark's comment stripping (`cleanScript`) to `script`.
   */
  cleaned: z.string().max(5_000_000).optional(),
});
export type ReviewScript = z.output<typeof reviewScriptSchema>;

export const JUDGE_MODE_VALUES = ['reference', 'reference-document', 'document'] as const;

export const judgeOptionsSchema = z.object({
  /** The judge model; the model setting when absent. */
  model: z.string().max(300).optional(),
  mode: z.enum(JUDGE_MODE_VALUES).default('reference'),
  /** A file on the host holding the API document; TwinForge's PyChrono notes when absent. */
  apiDocumentPath: path.nullable().optional(),
  /** How many times to ask (the score's mean and spread over the repeats). */
  repeats: z.number().int().min(1).max(20).default(1),
  /** What the engineer asked for, added to the prompt (SimBench's judge has none). */
  taskPrompt: z.string().max(200_000).nullable().optional(),
});
export type JudgeOptions = z.output<typeof judgeOptionsSchema>;

export const reviewLimitsSchema = z.object({
  simTime: z.number().positive().optional(),
  wallTime: z.number().positive().optional(),
});

export const reviewCompareSchema = z.object({
  requestId: id,
  twin: reviewScriptSchema,
  reference: reviewScriptSchema,
  /** Run both scripts (at once, with the same limits) for the scene diff and the gap. */
  run: z.boolean().default(true),
  /** The same for both runs; the settings' when absent. */
  limits: reviewLimitsSchema.optional(),
  /** Ask the rubric judge too. */
  judge: judgeOptionsSchema.optional(),
});
export type ReviewCompareRequest = z.output<typeof reviewCompareSchema>;

export const reviewJudgeSchema = z.object({
  requestId: id,
  twin: reviewScriptSchema,
  reference: reviewScriptSchema,
  judge: judgeOptionsSchema,
});
export type ReviewJudgeRequest = z.output<typeof reviewJudgeSchema>;

export const reviewMethods = {
  /** Runs both, compares, judges when asked; resolves with the report (events meanwhile). */
  'review.compare': reviewCompareSchema,
  /** Only the rubric judge (to ask again, or N more times), with the same events. */
  'review.judge': reviewJudgeSchema,
  /** Stops a review or judge of the caller: its runs and the judge's answer stop too. */
  'review.cancel': z.object({ requestId: id }),
  /** The SimBench-layout tasks in a folder of the host (or the folder itself as one task). */
  'review.tasks': z.object({ dir: path }),
  /** One task's turn: its prompt, its reference script and what SimBench compared. */
  'review.task': z.object({
    dir: path,
    task: z.string().min(1).max(255),
    turn: z.number().int().min(1).max(3),
  }),
};

// ---- tasks ---------------------------------------------------------------------------

export interface ReviewTaskTurn {
  turn: number;
  /** The turn has a reference script (`truth<turn>.py`). */
  available: boolean;
  /** Files of the turn that the folder lacks (`input2.txt`, `pyinput2.py`...). */
  missing: string[];
}

export interface ReviewTaskInfo {
  name: string;
  /** The task's folder on the host. */
  dir: string;
  turns: ReviewTaskTurn[];
}

export interface ReviewTaskList {
  /** The folder as the host read it (absolute). */
  dir: string;
  tasks: ReviewTaskInfo[];
}

export interface ReviewTaskTurnText {
  dir: string;
  task: string;
  turn: number;
  /** What the model was asked in this turn (`input<turn>.txt`), or null when absent. */
  prompt: string | null;
  /** The expert reference (`truth<turn>.py`), with its comments. */
  reference: string;
  referencePath: string;
  /** The cleaned reference SimBench scored against (`cleaned_truth<turn>.py`), or null. */
  cleaned: string | null;
  /** The script turns 2 and 3 start from (`pyinput<turn>.py`), or null. */
  startScript: string | null;
  startPath: string | null;
}

// ---- results -------------------------------------------------------------------------

export type ReviewSideName = 'twin' | 'reference';

export interface ReviewRun {
  runId: string | null;
  summary: RunSummary | null;
  /** Why the run did not get through (its error, crash or failure to start), or null. */
  error: string | null;
}

export interface ReviewSide {
  scriptPath: string | null;
  lines: number;
  /** Null when the review did not run the scripts. */
  run: ReviewRun | null;
}

export interface SimilarityReport {
  scores: SimilarityScores;
  /** Which text stood for the reference: the given cleaned text, or `cleanScript` of it. */
  referenceText: 'given' | 'cleaned';
  /** What a reader should know about the figures (an empty or unparsable answer), or null. */
  note: string | null;
  durationMs: number;
}

/** Max, RMS and final value; null where a run blew up (NaN) or there were no samples. */
export interface GapFigures {
  max: number | null;
  rms: number | null;
  final: number | null;
}

export interface GapBody {
  name: string;
  twinKey: number;
  referenceKey: number;
  grid: 'common' | 'twin' | 'reference';
  /** Simulated times, s. */
  times: number[];
  /** Position gap per time, m (null: NaN). */
  position: (number | null)[];
  /** Orientation gap per time, rad. */
  angle: (number | null)[];
  positionStats: GapFigures;
  angleStats: GapFigures;
}

export interface GapReport {
  bodies: GapBody[];
  overall: { position: GapFigures; angle: GapFigures } | null;
  skipped: { name: string; twinKey: number; referenceKey: number; reason: string }[];
  /** What limited the comparison (a run's samples cut at the memory budget...). */
  notes: string[];
}

export interface JudgeRunRecord {
  /** 1-based. */
  index: number;
  chatRequestId: string;
  model: string;
  state: 'complete' | 'stopped' | 'cut' | 'error';
  /** The judge's whole answer, as received. */
  answer: string;
  /** Why no answer came (the server down, the model missing), or null. */
  error: string | null;
  /** The score and deductions read from the answer; null when no answer came. */
  parse: JudgeParse | null;
  durationMs: number;
}

export interface JudgeReport {
  model: string;
  mode: JudgeMode;
  repeats: number;
  /** The API document given to the judge (modes with a document), or null. */
  apiDocument: { source: string; chars: number } | null;
  taskPrompt: boolean;
  runs: JudgeRunRecord[];
  /** Over the runs that answered: parse failures are counted, never averaged in as 0. */
  summary: JudgeRunsSummary;
  /** Why the judge stopped short (no script, server down, unreadable document), or null. */
  error: string | null;
  stopped: boolean;
}

/** One item of a run as the review's tables show it. */
export interface ItemFacts {
  /** Its Chrono name, else the variable its script line assigns, else kind and key. */
  label: string;
  kind: ItemKind;
  mass: number | null;
  fixed: boolean;
  /** Its visual shapes in a few words ("cylinder r 0.2 h 2"). */
  shapes: string;
  /** The script line that made it, or null. */
  line: number | null;
  /** Its first position (visual-model frame), m, or null. */
  position: [number, number, number] | null;
  linkType: string | null;
}

export interface ReviewItems {
  twin: Record<number, ItemFacts>;
  reference: Record<number, ItemFacts>;
}

export interface ReviewReport {
  requestId: string;
  createdAt: string;
  durationMs: number;
  status: 'done' | 'stopped';
  twin: ReviewSide;
  reference: ReviewSide;
  limits: { simTime: number; wallTime: number; sampleDt: number } | null;
  similarity: SimilarityReport | null;
  scene: SceneDiff | null;
  /** What each item of either run is (by key), for tables; null without a scene. */
  items: ReviewItems | null;
  /** Each run's system (gravity, step, solver...), for the table; null without a scene. */
  systems: { twin: SceneSystem | null; reference: SceneSystem | null } | null;
  gap: GapReport | null;
  judge: JudgeReport | null;
  /** Why a part is missing or partial, in plain sentences. */
  notes: string[];
}

export type ReviewEvent =
  | { type: 'run-start'; side: ReviewSideName; runId: string }
  | { type: 'run-end'; side: ReviewSideName; run: ReviewRun }
  | { type: 'similarity'; similarity: SimilarityReport | null; error: string | null }
  | {
      type: 'scene';
      scene: SceneDiff;
      items: ReviewItems;
      systems: { twin: SceneSystem | null; reference: SceneSystem | null };
    }
  | { type: 'gap'; gap: GapReport }
  | { type: 'judge-start'; index: number; of: number; chatRequestId: string; model: string }
  | { type: 'judge-end'; run: JudgeRunRecord }
  | { type: 'judge-done'; judge: JudgeReport }
  | { type: 'note'; text: string }
  | { type: 'done'; report: ReviewReport };

export interface ReviewResults {
  'review.compare': ReviewReport;
  'review.judge': JudgeReport;
  'review.cancel': { ok: boolean };
  'review.tasks': ReviewTaskList;
  'review.task': ReviewTaskTurnText;
}

export interface ReviewEvents {
  'review.event': { requestId: string; event: ReviewEvent };
}
