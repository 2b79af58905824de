// The runtime service: finds Python, probes it, and runs scripts through the bridge, one
// run at a time per host. Its events feed the viewer, the console and the status bar.
import type { Params, Result } from '../../common/contract';
import type { RunSummary, RuntimeProbe } from '../../common/contract/runtime';
import type { EventBus } from '../events';
import type { Handlers } from '../handlers';
import type { SettingsService } from '../settings/settings-service';
import { bridgeEnv } from './child-env';
import { probePython, probeWithoutPython } from './probe';
import {
  PythonNotUsableError,
  findPython,
  type DiscoveryInput,
  type FoundPython,
} from './python-discovery';
import { RuntimeRun, type RunLimits } from './runtime-run';

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
  /** Overrides of the interpreter search (tests make it hermetic). */
  discovery?: Pick<DiscoveryInput, 'home' | 'listCondaEnvs' | 'systemCondaRoots'>;
}

export const NO_PYTHON_PROBLEM =
  'No Python interpreter found. Run `npm run setup:runtime` to create the twinforge conda ' +
  'environment, or point TwinForge at a Python with pychrono (the Python setting or ' +
  'TWINFORGE_PYTHON).';

type RuntimeMethod = 'runtime.probe' | 'runtime.start' | 'runtime.control' | 'runtime.driver';

export class RuntimeService {
  private current: RuntimeRun | null = null;
  private readonly runs = new Map<string, RuntimeRun>();
  private pythonCache: { key: string; found: Promise<FoundPython | null> } | null = null;
  private probeCache: { key: string; probe: Promise<RuntimeProbe> } | null = null;
  private disposed = false;

  /** Starts run one after the other, so two quick Run clicks cannot leave two runs going. */
  private startQueue: Promise<unknown> = Promise.resolve();
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
      'runtime.start': (p) => this.start(p),
      'runtime.control': (p) => ({ ok: this.runs.get(p.runId)?.control(p.cmd) ?? false }),
      'runtime.driver': (p) => ({
        ok: this.runs.get(p.runId)?.driver(p.steering, p.throttle, p.braking) ?? false,
      }),
    };
  }

  async probe(refresh = false): Promise<RuntimeProbe> {
    const key = await this.cacheKey();
    if (refresh || this.probeCache?.key !== key) {
      const probe = this.python(refresh).then(
        (found) =>
          found ? probePython(found, this.childEnv()) : probeWithoutPython(NO_PYTHON_PROBLEM),
        (err: Error) => probeWithoutPython(err.message),
      );
      this.probeCache = { key, probe };
    }
    return this.probeCache.probe;
  }

  start(params: Params<'runtime.start'>): Promise<Result<'runtime.start'>> {
    const started = this.startQueue.then(() => this.startNow(params));
    this.startQueue = started.catch(() => undefined);
    return started;
  }

  private async startNow(params: Params<'runtime.start'>): Promise<Result<'runtime.start'>> {
    if (this.disposed) throw new Error('The runtime service is shut down');
    const found = await this.python(false);
    if (!found) throw new Error(NO_PYTHON_PROBLEM);
    // One run at a time: a new run stops the one before it.
    if (this.current?.isActive) await this.current.stop();
    const settings = await this.options.settings.get();
    const limits: RunLimits = {
      simTime: params.limits?.simTime ?? settings.runSimTime,
      wallTime: params.limits?.wallTime ?? settings.runWallTime,
      sampleDt: params.limits?.sampleDt ?? settings.sampleDt,
      displayHz: params.limits?.displayHz,
    };
    const run = new RuntimeRun({
      script: params.script,
      scriptPath: params.scriptPath ?? null,
      python: found.python,
      env: this.childEnv(),
      limits,
      memoryMiB: settings.runMemoryMiB,
      bus: this.options.bus,
      outputCapBytes: this.options.outputCapBytes,
      stopGraceMs: this.options.stopGraceMs ?? 3000,
      statusIntervalMs: this.options.statusIntervalMs ?? 250,
      scratchRoot: this.options.scratchRoot,
      wallLimitMarginMs: this.options.wallLimitMarginMs,
    });
    this.current = run;
    this.runs.set(run.id, run);
    // Keep the finished run answerable for a while (late controls get ok: false), then forget it.
    void run.done.then(() => setTimeout(() => this.runs.delete(run.id), 60_000).unref());
    return { runId: run.id };
  }

  /** The final summary of a run, once its process is gone. */
  async waitForRun(runId: string): Promise<RunSummary> {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`No run ${runId}`);
    return run.done;
  }

  /** The interpreter a run would use now, or null. Throws when an explicit one is unusable. */
  async python(refresh: boolean): Promise<FoundPython | null> {
    const key = await this.cacheKey();
    if (refresh || this.pythonCache?.key !== key) {
      const settings = await this.options.settings.get();
      const found = findPython({
        override: this.options.pythonPath,
        setting: settings.pythonPath,
        env: this.options.env,
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

  private async cacheKey(): Promise<string> {
    const settings = await this.options.settings.get();
    return `${this.options.pythonPath ?? ''}\n${settings.pythonPath}`;
  }

  private childEnv(): NodeJS.ProcessEnv {
    return bridgeEnv(this.options.env, this.options.pythonRuntimeDir);
  }
}

export { PythonNotUsableError };
