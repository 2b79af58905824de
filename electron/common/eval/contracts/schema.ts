// The physics contract of a task (`contract.json`), in ChronoBench v2's form (BENCHMARK.md
// 3.2): single-turn fields at the top level or a `turns` list; per turn the run's
// expectations (L1), the capability patterns (L2), the derived observables and the checks
// (L3); optional scoring weights. TwinForge reads that form as it is and adds what SimBench's
// tasks need, whose answers write no CSV: observables measured from the run's trajectory,
// from its scene, from what it printed, and formulas; `abs_tol` checks; targets that name a
// parameter; a simulated-time limit per turn; and a `why` beside every tolerance. Pure.
import { z } from 'zod';

const finite = z.number().finite();
const vec3 = z.tuple([finite, finite, finite]);

const scoringSchema = z
  .object({
    weights: z
      .object({ L1: finite.optional(), L2: finite.optional(), L3: finite.optional() })
      .partial()
      .optional(),
    invariant_fail_cap: finite.optional(),
  })
  .passthrough();

const runSchema = z
  .object({
    entry: z.string().optional(),
    /** Wall-clock seconds the run may take (ChronoBench: 120 by default). */
    timeout: z.number().positive().optional(),
    expect_csv: z.string().min(1).nullable().optional(),
    expect_json_keys: z.array(z.string()).optional(),
    env_id: z.string().optional(),
    /** TwinForge: the simulated seconds this turn needs (a script that stops by itself at
     *  20 s needs more than the evaluation's default). */
    sim_time: z.number().positive().optional(),
  })
  .passthrough();

const bodySchema = z
  .object({
    name: z.string().optional(),
    pick: z
      .enum([
        'first-moving',
        'most-moving',
        'most-rotating',
        'most-linear',
        'heaviest-moving',
        'heaviest',
      ])
      .optional(),
  })
  .strict();

export const deriveSchema = z
  .object({
    name: z.string().min(1),
    kind: z.string().min(1),
    /** Where the series comes from; `csv` when a `csv` file is named (ChronoBench's only). */
    source: z.enum(['csv', 'trajectory', 'stdout', 'run']).optional(),
    csv: z.string().optional(),
    column: z.string().optional(),
    time_column: z.string().optional(),
    t_min: finite.optional(),
    t_max: finite.optional(),
    about: z.union([finite, z.enum(['mid', 'mean'])]).optional(),
    body: bodySchema.optional(),
    signal: z.string().optional(),
    point: vec3.optional(),
    /** For `stdout`: a regular expression whose first group is one number per match. */
    pattern: z.string().optional(),
    /** For `expr`: the formula. */
    expr: z.string().optional(),
    desc: z.string().optional(),
    why: z.string().optional(),
  })
  .passthrough();
export type DeriveSpec = z.infer<typeof deriveSchema>;

const target = z.union([finite, z.string().min(1)]);

export const checkSchema = z
  .object({
    kind: z.string().min(1),
    key: z.string().min(1),
    target: target.optional(),
    tol: finite.optional(),
    bound: target.optional(),
    lo: target.optional(),
    hi: target.optional(),
    desc: z.string().optional(),
    /** Why the tolerance is what it is (TwinForge's contracts give one for each). */
    why: z.string().optional(),
  })
  .passthrough();
export type CheckSpec = z.infer<typeof checkSchema>;

const turnFields = {
  params: z.record(z.unknown()).optional(),
  probe_vector: z.array(z.string()).optional(),
  run: runSchema.optional(),
  L2_caps: z.record(z.string()).optional(),
  derive: z.array(deriveSchema).optional(),
  L3: z.array(checkSchema).optional(),
  scoring: scoringSchema.optional(),
};

const turnSchema = z.object({ turn: z.number().int().min(1).max(3), ...turnFields }).passthrough();

export const contractFileSchema = z
  .object({
    task: z.string().optional(),
    axis: z.string().optional(),
    simulator: z.string().optional(),
    source: z.string().optional(),
    /** TwinForge: the task's category in the results (see electron/common/eval/categories.ts). */
    category: z.string().optional(),
    turn: z.number().int().min(1).max(3).optional(),
    turns: z.array(turnSchema).optional(),
    ...turnFields,
  })
  .passthrough();

export interface Scoring {
  weights: { L1: number; L2: number; L3: number };
  /** The most a candidate scores when any L3 check fails. */
  invariantFailCap: number;
}

/** ChronoBench's defaults: 0.30 / 0.20 / 0.50, capped at 40 when an invariant fails. */
export const DEFAULT_SCORING: Scoring = {
  weights: { L1: 0.3, L2: 0.2, L3: 0.5 },
  invariantFailCap: 40,
};

export interface TurnContract {
  turn: number;
  params: Record<string, unknown>;
  run: {
    timeout: number | null;
    expectCsv: string | null;
    expectJsonKeys: string[];
    simTime: number | null;
  };
  caps: Record<string, string>;
  derive: DeriveSpec[];
  checks: CheckSpec[];
  scoring: Scoring;
}

export interface PhysicsContract {
  task: string | null;
  source: string | null;
  category: string | null;
  turns: Map<number, TurnContract>;
}

type ScoringInput = z.infer<typeof scoringSchema> | undefined;

function mergeScoring(base: Scoring, over: ScoringInput): Scoring {
  if (!over) return base;
  return {
    weights: { ...base.weights, ...stripUndefined(over.weights ?? {}) },
    invariantFailCap: over.invariant_fail_cap ?? base.invariantFailCap,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Reads a contract.json's text; throws a message that names the file's problem. */
export function parseContract(text: string, where = 'contract.json'): PhysicsContract {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where} is not JSON: ${(err as Error).message}`);
  }
  const parsed = contractFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where}: ${issue.path.join('.') || 'the file'} ${issue.message}`);
  }
  const file = parsed.data;
  const scoring = mergeScoring(DEFAULT_SCORING, file.scoring);
  const turns = new Map<number, TurnContract>();
  const list = file.turns ?? (file.turn !== undefined ? [{ ...file, turn: file.turn }] : []);
  if (list.length === 0) throw new Error(`${where} names no turn (a "turn" or a "turns" list)`);
  for (const t of list) {
    if (turns.has(t.turn)) throw new Error(`${where} has turn ${t.turn} twice`);
    turns.set(t.turn, {
      turn: t.turn,
      params: t.params ?? {},
      run: {
        timeout: t.run?.timeout ?? null,
        expectCsv: t.run?.expect_csv ?? null,
        expectJsonKeys: t.run?.expect_json_keys ?? [],
        simTime: t.run?.sim_time ?? null,
      },
      caps: t.L2_caps ?? {},
      derive: t.derive ?? [],
      checks: t.L3 ?? [],
      scoring: mergeScoring(scoring, t.scoring),
    });
  }
  return {
    task: file.task ?? null,
    source: file.source ?? null,
    category: file.category ?? null,
    turns,
  };
}

const TRAJECTORY_KINDS = [
  'circle_radius',
  'circle_spread',
  'line_deviation',
  'path_length',
  'mass',
  'moving_bodies',
];
const RUN_KINDS = ['gravity', 'end_time', 'sim_time'];

/** Where an observable comes from: as declared, else as its fields tell (ChronoBench's
 *  observables name a CSV; a body or a signal means the trajectory). */
export function deriveSource(spec: DeriveSpec): NonNullable<DeriveSpec['source']> | 'expr' {
  if (spec.kind === 'expr') return 'expr';
  if (spec.source) return spec.source;
  if (spec.csv || spec.column) return 'csv';
  if (spec.body || spec.signal || TRAJECTORY_KINDS.includes(spec.kind)) return 'trajectory';
  if (RUN_KINDS.includes(spec.kind)) return 'run';
  return 'csv';
}

/** Whether the turn reads the run's motion or scene (then the host records them). */
export function needsTrajectory(turn: TurnContract): boolean {
  return turn.derive.some(
    (d) => deriveSource(d) === 'trajectory' || (deriveSource(d) === 'run' && d.kind === 'gravity'),
  );
}
