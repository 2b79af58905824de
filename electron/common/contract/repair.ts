// The repair loop section: generate (optionally), run, and repair a script on the host, so
// the chat, the CLI and the benchmark runner share one loop. Progress arrives as
// `repair.event` events tagged with the caller's request id; nothing here touches an
// editor: the caller decides what to do with the result.
import { z } from 'zod';
import { chatTurnSchema, type GroundingReport, type RunFailure } from './llm';
import { laneSchema, runLimitsSchema, type RunSummary } from './runtime';

const id = z.string().min(1).max(100);

export const repairRequestSchema = z.object({
  requestId: id,
  /** The script to run first; null when `prompt` asks the model to write one. */
  script: z.string().max(5_000_000).nullable().default(null),
  /** The script's file, named in tracebacks. */
  scriptPath: z.string().max(4096).nullable().optional(),
  /** When given, the model first writes (or, with a script, modifies) the script. */
  prompt: z.string().max(200_000).optional(),
  /** Earlier turns of the conversation, for the first request. */
  history: z.array(chatTurnSchema).max(500).default([]),
  model: z.string().max(300).optional(),
  /** Repairs after the first run; the setting (3) when absent; 0 only runs. */
  maxAttempts: z.number().int().min(0).max(10).optional(),
  limits: runLimitsSchema.optional(),
  /** The lane the runs go to (the chat's runs show in the twin's view). */
  lane: laneSchema,
  /** The project the runs are recorded into (see `runtime.start`). */
  projectId: z.string().min(1).max(100).optional(),
  /**
   * Ground each request to the model in the API index and, for a repair, in what the failed
   * run did (see `llm.chat`'s grounding). Off for SimBench's protocol (the evaluations).
   */
  ground: z.boolean().default(true),
});
export type RepairRequest = z.output<typeof repairRequestSchema>;

export const repairMethods = {
  /** Starts the loop; resolves with its result once it ends (events come meanwhile). */
  'repair.start': repairRequestSchema,
  /** Stops a loop of the caller: the model's answer and the run in progress stop too. */
  'repair.cancel': z.object({ requestId: id }),
};

export type RepairStatus =
  /** The first run worked: nothing to fix. */
  | 'runs'
  /** A repair made it run. */
  | 'fixed'
  /** It still fails; the diagnosis says why the loop gave up. */
  | 'failed'
  /** The caller cancelled it. */
  | 'stopped';

/** Why a loop gave up. */
export type DiagnosisReason =
  | 'same-error'
  | 'circle'
  | 'exhausted'
  | 'missing-module'
  | 'no-code'
  | 'same-code'
  | 'server'
  | 'run-failed-to-start';

/** One run of the loop and the repair that followed it, if any. */
export interface RepairAttemptRecord {
  /** 0 for the first run; n for the run after the n-th repair. */
  index: number;
  runId: string | null;
  summary: RunSummary | null;
  failure: RunFailure | null;
  /** The script this run ran. */
  script: string;
  /** The repair the model proposed after this run (null when none was asked or came). */
  repair: {
    model: string;
    answer: string;
    code: string | null;
    promptTokens: number | null;
    answerTokens: number | null;
    durationMs: number;
  } | null;
}

export interface RepairResult {
  requestId: string;
  status: RepairStatus;
  /** The script as it ends: the one that runs when fixed, else the last one tried. */
  script: string | null;
  attempts: RepairAttemptRecord[];
  diagnosis: string | null;
  reason: DiagnosisReason | null;
  /** The model's first answer when the loop began with a prompt. */
  generated: {
    model: string;
    answer: string;
    code: string | null;
    promptTokens: number | null;
    answerTokens: number | null;
    durationMs: number;
    notice: string | null;
  } | null;
  durationMs: number;
}

/** What the loop is doing, in order; a UI and a CLI render the same list. */
export type RepairEvent =
  | { type: 'generating'; chatRequestId: string; model: string }
  | { type: 'generated'; code: string | null; notice: string | null; error: string | null }
  | { type: 'run-start'; attempt: number; runId: string; script: string }
  | {
      type: 'run-end';
      attempt: number;
      runId: string;
      summary: RunSummary;
      failure: RunFailure | null;
    }
  | { type: 'asking'; attempt: number; chatRequestId: string; failure: RunFailure; model: string }
  | {
      type: 'proposal';
      attempt: number;
      before: string;
      after: string;
      /** The model's whole answer, and which model gave it. */
      answer: string;
      model: string;
      /** What the repair request was grounded in (the failed run, the API), or null. */
      grounding: GroundingReport | null;
    }
  | { type: 'diagnosis'; reason: DiagnosisReason; text: string }
  | { type: 'done'; result: RepairResult };

export interface RepairResults {
  'repair.start': RepairResult;
  'repair.cancel': { ok: boolean };
}

export interface RepairEvents {
  'repair.event': { requestId: string; event: RepairEvent };
}
