// The runtime service: finds Python, probes it, and runs scripts through the bridge. A run
// belongs to an owner (a window, a connection, a CLI call) and a lane (twin, reference,
// bench...): a new run stops only the same owner's run in the same lane, its events reach
// only its owner, and only its owner can control it.
import { tmpdir } from 'node:os';
import type { Caller, ParsedParams, Result } from '../../common/contract';
import type { RunSummary, RuntimeProbe } from '../../common/contract/runtime';
import type { RunContext } from '../../common/llm/run-context';
import type { EventBus } from '../events';
import type { Handlers } from '../handlers';
import type { SettingsService } from '../settings/settings-service';
import { bridgeEnv } from './child-env';
import {
  describeConfinement,
  detectIsolation,
  type IsolationChoices,
  type IsolationSupport,
} from './isolation';
import { probePython, probeWithoutPython, type PythonProbe } from './probe';
import { removeStaleCgroups } from './run-cgroup';
import { isProcessAlive, removeStaleScratch } from './stale-runs';
import {
  PythonNotUsableError,
  findPython,
  type DiscoveryInput,
  type FoundPython,
} from './python-discovery';
import type { CollectOutputs, CollectedOutputs } from './collect-outputs';
import { RuntimeRun, type RunLimits } from './runtime-run';

/** Records runs started with a project id (the host's recordings/run-recorder.ts). */
export interface RunRecording {
  record(run: {
    runId: string;
    owner: string;
    lane: string;
    projectId: string;
    script: string;
    scriptPath: string | null;
    startedAt: string;
    done: Promise<RunSummary>;
  }): unknown;
}

/** What a host service may ask of a run beyond the contract's parameters. */
export interface HostRunOptions {
  /** Copy files the script writes out of its scratch folder before the folder goes. */
  collectOutputs?: CollectOutputs;
}

export interface RuntimeServiceOptions {
  bus: EventBus;
  settings: SettingsService;
  env: NodeJS.ProcessEnv;
  /** The folder holding the `twinforge_bridge` package. */
  pythonRuntimeDir: string;
  /** An interpreter that overrides the setting and discovery (the CLI's --python). */
  pythonPath?: string;
  /** Where scratch directories of runs go; the OS temp dir by default. */
  scratchRoot?: string;
  outputCapBytes?: number;
  stopGraceMs?: number;
  statusIntervalMs?: number;
  wallLimitMarginMs?: number;
  /** Features of run isolation to leave unused (tests exercise the fallbacks). */
  isolation?: IsolationChoices;
  /** Records the runs started with a project id. */
  recorder?: RunRecording;
  /** Overrides of the interpreter search (tests make it hermetic). */
  discovery?: Pick<DiscoveryInput, 'home' | 'listCondaEnvs' | 'systemCondaRoots'>;
  /** The runtime installed and selected in TwinForge (electron/host/runtimes), read anew
   *  on every lookup so that a CLI install is seen by a running app. */
  selectedRuntime?: () => Promise<{ id: string; python: string } | null>;
}

export const NO_PYTHON_PROBLEM =
  'No Python interpreter found. Install a PyChrono runtime (Help > Simulation Runtime, or ' +
  '`twinforge runtime install`), run `npm run setup:runtime` to create the twinforge conda ' +
  'environment, or point TwinForge at a Python with pychrono (the Python setting or ' +
  'TWINFORGE_PYTHON).';

type RuntimeMethod =
  'runtime.probe' | 'runtime.start' | 'runtime.list' | 'runtime.control' | 'runtime.driver';

/** How long an ended run stays answerable (late controls get ok: false, lists show it). */
const ENDED_RUN_KEPT_MS = 60_000;

export class RuntimeService {
  /** Every known run by id, active or recently ended. */
  private readonly runs = new Map<string, RuntimeRun>();
  /** The latest run of each owner and lane. */
  private readonly lanes = new Map<string, RuntimeRun>();
  /** What the latest finished run of each owner's lane did, by lane key. */
  private readonly lastContexts = new Map<string, RunContext>();
  private pythonCache: { key: string; found: Promise<FoundPython | null> } | null = null;
  private probeCache: { key: string; probe: Promise<RuntimeProbe> } | null = null;
  private isolationSupport: Promise<IsolationSupport> | null = null;
  private staleSwept: Promise<void> | null = null;
  private disposed = false;

  /** Starts per owner and lane run one after the other, so two quick Run clicks cannot
   *  leave two runs going in one lane. */
  private readonly startQueues = new Map<string, Promise<unknown>>();
  /** Runs are process groups of their own: if the host exits, take them down with it. */
  private readonly killOnExit = () => {
    for (const run of this.runs.values()) run.killNow();
  };

  constructor(private readonly options: RuntimeServiceOptions) {
    process.on('exit', this.killOnExit);
  }

  handlers(): Handlers<RuntimeMethod> {
    return {
      'runtime.probe': (p) => this.probe(p.refresh ?? false),
      'runtime.start': (p, caller) => this.start(p, caller),
      'runtime.list': (_p, caller) => ({ runs: this.list(caller.owner) }),
      'runtime.control': (p, caller) => ({
        ok: this.ownRun(p.runId, caller)?.control(p.cmd) ?? false,
      }),
      'runtime.driver': (p, caller) => ({
        ok: this.ownRun(p.runId, caller)?.driver(p.steering, p.throttle, p.braking) ?? false,
      }),
    };
  }

  /** The owner's runs, newest first. */
  list(owner: string): RunSummary[] {
    return [...this.runs.values()]
      .filter((run) => run.owner === owner)
      .reverse()
      .map((run) => run.summary());
  }

  /** A run of this caller, or undefined: another owner's run is as good as unknown. */
  private ownRun(runId: string, caller: Caller): RuntimeRun | undefined {
    const run = this.runs.get(runId);
    return run?.owner === caller.owner ? run : undefined;
  }

  /**
   * What one of the caller's runs did, for the model: a run still known to the host, or
   * the latest finished run of one of the caller's lanes (kept until the next one ends).
   */
  runContext(runId: string, caller: Caller): RunContext | null {
    const run = this.ownRun(runId, caller);
    if (run) return run.context();
    for (const [key, context] of this.lastContexts) {
      if (context.runId === runId && key.startsWith(laneKey(caller.owner, ''))) return context;
    }
    return null;
  }

  /** The owner has gone: its runs stop. */
  async release(owner: string): Promise<void> {
    for (const key of this.lastContexts.keys()) {
      if (key.startsWith(laneKey(owner, ''))) this.lastContexts.delete(key);
    }
    const mine = [...this.runs.values()].filter((run) => run.owner === owner);
    await Promise.all(mine.map((run) => run.stop()));
  }

  async probe(refresh = false): Promise<RuntimeProbe> {
    const settings = await this.options.settings.get();
    // The selected runtime, confinement and the memory limit are part of the answer: a
    // change of any asks again.
    const runtime = (await this.options.selectedRuntime?.()) ?? null;
    const key = `${await this.cacheKey(runtime)}\n${settings.confineRuns}\n${settings.runMemoryMiB}`;
    if (refresh || this.probeCache?.key !== key) {
      const found: Promise<PythonProbe> = this.python(refresh).then(
        (python) =>
          python ? probePython(python, this.childEnv()) : probeWithoutPython(NO_PYTHON_PROBLEM),
        (err: Error) => probeWithoutPython(err.message),
      );
      const probe = Promise.all([found, this.isolation()]).then(([python, support]) => ({
        ...python,
        confinement: describeConfinement(support, settings.confineRuns, settings.runMemoryMiB),
      }));
      this.probeCache = { key, probe };
    }
    return this.probeCache.probe;
  }

  /** What this machine offers to hold runs; found once per host. */
  private isolation(): Promise<IsolationSupport> {
    this.isolationSupport ??= detectIsolation(this.options.env, this.options.isolation);
    return this.isolationSupport;
  }

  /**
   * Once per host, before its first run: scratch folders and cgroups of runs whose host
   * was killed (and could not clean up) are removed; every process of such a run died
   * with its guard, and any left in a cgroup is killed now.
   */
  private sweepStaleRuns(support: IsolationSupport): Promise<void> {
    this.staleSwept ??= Promise.all([
      removeStaleScratch(this.options.scratchRoot ?? tmpdir()),
      removeStaleCgroups(support.cgroups, isProcessAlive),
    ]).then(
      () => undefined,
      () => undefined,
    );
    return this.staleSwept;
  }

  start(
    params: ParsedParams<'runtime.start'>,
    caller: Caller,
    host: HostRunOptions = {},
  ): Promise<Result<'runtime.start'>> {
    const key = laneKey(caller.owner, params.lane);
    const started = (this.startQueues.get(key) ?? Promise.resolve()).then(() =>
      this.startNow(params, caller, key, host),
    );
    const settled = started.catch(() => undefined);
    this.startQueues.set(key, settled);
    void settled.then(() => {
      if (this.startQueues.get(key) === settled) this.startQueues.delete(key);
    });
    return started;
  }

  private async startNow(
    params: ParsedParams<'runtime.start'>,
    caller: Caller,
    key: string,
    host: HostRunOptions,
  ): Promise<Result<'runtime.start'>> {
    if (this.disposed) throw new Error('The runtime service is shut down');
    const found = await this.python(false);
    if (!found) throw new Error(NO_PYTHON_PROBLEM);
    // One run per owner and lane: a new run stops the one before it in that lane only.
    const previous = this.lanes.get(key);
    if (previous?.isActive) await previous.stop();
    const settings = await this.options.settings.get();
    const support = await this.isolation();
    await this.sweepStaleRuns(support);
    const limits: RunLimits = {
      simTime: params.limits?.simTime ?? settings.runSimTime,
      wallTime: params.limits?.wallTime ?? settings.runWallTime,
      sampleDt: params.limits?.sampleDt ?? settings.sampleDt,
      displayHz: params.limits?.displayHz,
      streamBudget: params.limits?.streamBudget ?? settings.streamBudget,
    };
    const run = new RuntimeRun({
      owner: caller.owner,
      lane: params.lane,
      script: params.script,
      scriptPath: params.scriptPath ?? null,
      python: found.python,
      pythonRuntimeDir: this.options.pythonRuntimeDir,
      env: this.childEnv(),
      bridgeDir: this.options.pythonRuntimeDir,
      limits,
      memoryMiB: settings.runMemoryMiB,
      isolation: support,
      confine: settings.confineRuns,
      bus: this.options.bus,
      outputCapBytes: this.options.outputCapBytes,
      stopGraceMs: this.options.stopGraceMs ?? 3000,
      statusIntervalMs: this.options.statusIntervalMs ?? 250,
      scratchRoot: this.options.scratchRoot,
      wallLimitMarginMs: this.options.wallLimitMarginMs,
      collectOutputs: host.collectOutputs,
    });
    this.lanes.set(key, run);
    this.runs.set(run.id, run);
    // Before any message can arrive: the bridge has not even been spawned yet.
    if (params.projectId !== undefined) {
      void this.options.recorder?.record({
        runId: run.id,
        owner: caller.owner,
        lane: run.lane,
        projectId: params.projectId,
        script: params.script,
        scriptPath: params.scriptPath ?? null,
        startedAt: new Date().toISOString(),
        done: run.done,
      });
    }
    void run.done.then(() => {
      this.lastContexts.set(key, run.context());
      setTimeout(() => {
        this.runs.delete(run.id);
        if (this.lanes.get(key) === run) this.lanes.delete(key);
      }, ENDED_RUN_KEPT_MS).unref();
    });
    return { runId: run.id, lane: run.lane };
  }

  /** The final summary of one of the caller's runs, once its process is gone. */
  async waitForRun(runId: string, caller: Caller): Promise<RunSummary> {
    const run = this.ownRun(runId, caller);
    if (!run) throw new Error(`No run ${runId}`);
    return run.done;
  }

  /** What a finished run of the caller kept of its files (null when it was not asked). */
  collectedOutputs(runId: string, caller: Caller): CollectedOutputs | null {
    return this.ownRun(runId, caller)?.collected ?? null;
  }

  /** The script a run of the caller ran (null for an unknown run). */
  scriptOf(runId: string, caller: Caller): string | null {
    return this.ownRun(runId, caller)?.script ?? null;
  }

  /** The interpreter a run would use now, or null. Throws when an explicit one is unusable. */
  async python(refresh: boolean): Promise<FoundPython | null> {
    const runtime = (await this.options.selectedRuntime?.()) ?? null;
    const key = await this.cacheKey(runtime);
    if (refresh || this.pythonCache?.key !== key) {
      const settings = await this.options.settings.get();
      const found = findPython({
        override: this.options.pythonPath,
        setting: settings.pythonPath,
        env: this.options.env,
        runtime,
        ...this.options.discovery,
      });
      this.pythonCache = { key, found };
      found.catch(() => {
        if (this.pythonCache?.found === found) this.pythonCache = null;
      });
    }
    return this.pythonCache.found;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    process.off('exit', this.killOnExit);
    await Promise.all([...this.runs.values()].map((run) => run.stop(500)));
  }

  /** Interpreters of the runs going now (a runtime in use is not removed). */
  activePythons(): string[] {
    return [...this.runs.values()].filter((run) => run.isActive).map((run) => run.python);
  }

  private async cacheKey(runtime: { python: string } | null): Promise<string> {
    const settings = await this.options.settings.get();
    return `${this.options.pythonPath ?? ''}\n${settings.pythonPath}\n${runtime?.python ?? ''}`;
  }

  private childEnv(): NodeJS.ProcessEnv {
    return bridgeEnv(this.options.env, this.options.pythonRuntimeDir);
  }
}

function laneKey(owner: string, lane: string): string {
  return `${owner}\u0000${lane}`;
}

export { PythonNotUsableError };
