import { z } from 'zod';
import type { EndStatus, ErrorMessage, JsonMessage, PychronoModule } from '../stream';

export const runLimitsSchema = z.object({
  simTime: z.number().positive().optional(),
  wallTime: z.number().positive().optional(),
  sampleDt: z.number().positive().optional(),
  displayHz: z.number().positive().max(240).optional(),
  /** Per cent of the loop the bridge may spend streaming (the setting when absent). */
  streamBudget: z.number().min(0.5).max(50).optional(),
});

/** A lane of runs: one run per owner and lane at a time (`twin`, `reference`, `bench`...). */
export const laneSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'a lane is a short lower-case name such as twin')
  .default('twin');
export type Lane = z.output<typeof laneSchema>;

export const runtimeMethods = {
  /** Finds Python and reports what it has. */
  'runtime.probe': z.object({ refresh: z.boolean().optional() }),
  'runtime.start': z.object({
    script: z.string().max(5_000_000),
    scriptPath: z.string().nullable().optional(),
    limits: runLimitsSchema.optional(),
    /** Starting a run stops only the caller's earlier run in the same lane. */
    lane: laneSchema,
    /** Record the run into this project's runs/ (an opening from `projects.*`). */
    projectId: z.string().min(1).max(100).optional(),
  }),
  /** The caller's own runs that are still known to the host (active or recently ended). */
  'runtime.list': z.object({}),
  'runtime.control': z.object({
    runId: z.string(),
    cmd: z.enum(['pause', 'resume', 'step', 'stop']),
  }),
  'runtime.driver': z.object({
    runId: z.string(),
    steering: z.number().min(-1).max(1),
    throttle: z.number().min(0).max(1),
    braking: z.number().min(0).max(1),
  }),
};

export interface RuntimeProbe {
  /** The interpreter found, or null when none was. */
  python: string | null;
  pythonVersion: string | null;
  /** Where the interpreter came from: setting, TWINFORGE_PYTHON, conda, PATH. */
  source: string | null;
  /** pychrono's version, or null when unknown: a build from source records none. */
  pychrono: string | null;
  /** Whether pychrono (and pychrono.core) import, whatever the version says. */
  pychronoFound: boolean;
  /** The folder of the pychrono package that imports, or null. */
  pychronoPath: string | null;
  modules: Record<PychronoModule, boolean>;
  dataPath: string | null;
  /** Why pychrono could not be used, in one sentence, or null. */
  problem: string | null;
  /** How runs are held on this machine (the status bar shows it). */
  confinement: RunConfinement;
}

/** How a run's memory limit is held: one limit for all its processes together (cgroup),
 *  a limit of address space per process (rlimit-as), or none. */
export type MemoryLimitMethod = 'cgroup' | 'rlimit-as' | null;

export interface RunConfinement {
  /** Runs have no network and see the file system read-only outside their scratch folder. */
  active: boolean;
  method: 'bubblewrap' | null;
  memory: MemoryLimitMethod;
  /** How every process of a run is found and killed with it: its cgroup, the run guard's
   *  subreaper (Linux), or its process group (elsewhere). */
  processes: 'cgroup' | 'subreaper' | 'process-group';
  /** What applies and why, in a sentence or two. */
  note: string;
}

/** What held one run (the probe says what would hold the next). */
export interface RunIsolation {
  confined: boolean;
  memory: MemoryLimitMethod;
  /** The memory limit in MiB; 0 for none. */
  memoryMiB: number;
}

/** What probing an interpreter finds, before the host adds how it holds runs. */
export type PythonProbe = Omit<RuntimeProbe, 'confinement'>;

export type RunStatus = EndStatus | 'crashed' | 'running' | 'paused' | 'starting';

export interface RunSummary {
  runId: string;
  lane: string;
  status: RunStatus;
  reason: string;
  simTime: number;
  wallTime: number;
  realtimeFactor: number;
  frames: number;
  error: ErrorMessage | null;
  missingModule: string | null;
  /** Bodies in the run's scene now, or null before any scene arrived. */
  bodies: number | null;
  /** Every item of the scene (bodies, links, FEA meshes, other items), or null before one. */
  items: number | null;
  /** Whether the run was confined and how its memory was limited (set by the host). */
  isolation?: RunIsolation;
}

export interface RuntimeResults {
  'runtime.probe': RuntimeProbe;
  'runtime.start': { runId: string; lane: string };
  'runtime.list': { runs: RunSummary[] };
  'runtime.control': { ok: boolean };
  'runtime.driver': { ok: boolean };
}

/** A run of the owner began (whoever asked for it: the owner's UI, a repair loop, a
 *  review): the lane it plays in and the script it runs, before any of its messages. */
export interface RunStarted {
  runId: string;
  lane: string;
  script: string;
  scriptPath: string | null;
  limits: { simTime: number; wallTime: number; sampleDt: number };
}

export interface RuntimeEvents {
  'runtime.started': RunStarted;
  /** A JSON message of the stream (hello, scene, log, error, end). */
  'runtime.message': { runId: string; message: JsonMessage };
  /** A binary frame as sent by the bridge (decode with decodeFrame). */
  'runtime.frame': { runId: string; data: Uint8Array };
  /** Text the script printed. */
  'runtime.output': { runId: string; stream: 'stdout' | 'stderr'; text: string };
  /** Run state for the status bar and the controls, sent on every change and ~4 Hz. */
  'runtime.status': RunSummary;
}
