// One run of a script: a scratch directory, the bridge process, the stream parsed into
// events, the console output capped, and the status kept up to date.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ErrorMessage, JsonMessage, StreamMessage } from '../../common/stream';
import { StreamParser } from '../../common/stream-reader';
import { RunDigest, type RunContext } from '../../common/llm/run-context';
import type { EventName, HostEvents } from '../../common/contract';
import type { RunSummary } from '../../common/contract/runtime';
import type { EventBus } from '../events';
import { BridgeProcess } from './bridge-process';
import { confinedEnv } from './bubblewrap';
import { collectOutputs, type CollectOutputs, type CollectedOutputs } from './collect-outputs';
import { faultDetail, readFaultReport } from './fault-report';
import { holdRun, type IsolationSupport, type RunHolding } from './isolation';
import { OutputCap } from './output-cap';
import { memoryLimitReason, RunTracker } from './run-tracker';
import { staleBridgeProblem } from './stale-bridge';
import { scratchPrefix } from './stale-runs';

export interface RunLimits {
  simTime: number;
  wallTime: number;
  sampleDt: number;
  /** Display frames per second of wall clock; the bridge's own default (60) when absent. */
  displayHz?: number;
  /** Per cent of the simulation loop the bridge may spend streaming (the bridge's default: 5). */
  streamBudget?: number;
}

export interface RunOptions {
  /** Who started the run: its events go to this owner only. */
  owner: string;
  lane: string;
  script: string;
  scriptPath: string | null;
  python: string;
  /** The folder holding the `twinforge_bridge` package (its guard is run by file). */
  pythonRuntimeDir: string;
  env: NodeJS.ProcessEnv;
  /** The folder holding TwinForge's own `twinforge_bridge` (named when another one ran). */
  bridgeDir?: string;
  limits: RunLimits;
  memoryMiB: number;
  /** What this machine offers to hold runs (cgroups, bubblewrap). */
  isolation: IsolationSupport;
  /** Confine the run (no network, read-only files outside its folder) where possible. */
  confine: boolean;
  bus: EventBus;
  outputCapBytes?: number;
  stopGraceMs: number;
  statusIntervalMs: number;
  scratchRoot?: string;
  /** How long after the wall-clock limit the host ends a run the bridge did not end. */
  wallLimitMarginMs?: number;
  /** Files to copy out of the scratch folder before it is removed (host services only). */
  collectOutputs?: CollectOutputs;
}

/** The host ends a run itself this long after its wall-clock limit if the bridge did not. */
const WALL_LIMIT_MARGIN_MS = 5000;

export class RuntimeRun {
  readonly id = randomUUID();
  /** Resolves with the final summary once the process is gone and the scratch dir removed. */
  readonly done: Promise<RunSummary>;
  private readonly tracker: RunTracker;
  private readonly parser = new StreamParser();
  /** What the run did, kept for the next request to the model. */
  private readonly digest = new RunDigest();
  private readonly output: OutputCap;
  private process: BridgeProcess | null = null;
  private holding: RunHolding | null = null;
  /** Only the bridge knows it: an `end` without it was written by the script. */
  private readonly nonce = randomBytes(16).toString('hex');
  private forgedEnd = false;
  private overMemory = false;
  private streamProblem: string | null = null;
  private stopping: Promise<unknown> | null = null;
  /** The copy of the script the bridge runs, named in its tracebacks. */
  private scriptFile: string | null = null;
  private resolveStarted: (p: BridgeProcess | null) => void = () => undefined;
  private readonly started = new Promise<BridgeProcess | null>((r) => (this.resolveStarted = r));
  private resolveStreamEnd: () => void = () => undefined;
  /** The stream pipe was read to its end (or closed): only then is the outcome known. */
  private readonly streamEnded = new Promise<void>((r) => (this.resolveStreamEnd = r));
  /** What `collectOutputs` copied, once the run is done; null when nothing was asked. */
  collected: CollectedOutputs | null = null;

  constructor(private readonly options: RunOptions) {
    this.tracker = new RunTracker(this.id, Date.now(), options.lane);
    this.output = new OutputCap(options.outputCapBytes);
    const { simTime, wallTime, sampleDt } = options.limits;
    this.emit('runtime.started', {
      runId: this.id,
      lane: options.lane,
      script: options.script,
      scriptPath: options.scriptPath,
      limits: { simTime, wallTime, sampleDt },
    });
    this.done = this.run();
  }

  get owner(): string {
    return this.options.owner;
  }

  get lane(): string {
    return this.options.lane;
  }

  /** The script that ran, as given (review and recordings refer to it). */
  get script(): string {
    return this.options.script;
  }

  get python(): string {
    return this.options.python;
  }

  get isActive(): boolean {
    return this.tracker.isActive;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  summary(): RunSummary {
    return this.tracker.summary(Date.now());
  }

  /** What the run did so far (all of it, once done), for the model. */
  context(): RunContext {
    return this.digest.context(this.summary(), this.options.script);
  }

  control(cmd: 'pause' | 'resume' | 'step' | 'stop'): boolean {
    if (!this.tracker.isActive) return false;
    if (cmd === 'stop') {
      void this.stop();
      return true;
    }
    if (!this.process?.send({ cmd })) return false;
    const now = Date.now();
    if (cmd === 'pause' && this.tracker.onPause(now)) this.emitStatus();
    if (cmd === 'resume' && this.tracker.onResume(now)) this.emitStatus();
    return true;
  }

  driver(steering: number, throttle: number, braking: number): boolean {
    if (!this.tracker.isActive) return false;
    return this.process?.send({ cmd: 'driver', steering, throttle, braking }) ?? false;
  }

  /** Kills the process group at once (the host is exiting). */
  killNow(): void {
    void this.process?.kill();
  }

  /** Stops the run (stop command, then SIGTERM, then SIGKILL) and waits until it is gone. */
  async stop(graceMs = this.options.stopGraceMs): Promise<RunSummary> {
    if (this.tracker.isActive) {
      this.tracker.onStopRequested('stopped', 'stopped by the user');
      this.stopping ??= this.started.then((p) => p?.stop(graceMs));
    }
    return this.done;
  }

  private async run(): Promise<RunSummary> {
    const o = this.options;
    let scratch: string | null = null;
    let statusTimer: NodeJS.Timeout | undefined;
    try {
      scratch = await mkdtemp(join(o.scratchRoot ?? tmpdir(), scratchPrefix()));
      const scriptFile = join(scratch, scriptName(o.scriptPath));
      this.scriptFile = scriptFile;
      await writeFile(scriptFile, o.script);
      const holding = holdRun(o.isolation, this.id.slice(0, 8), o.memoryMiB, o.confine);
      this.holding = holding;
      this.tracker.onHeld({
        confined: holding.bubblewrap !== null,
        memory: holding.memory,
        memoryMiB: holding.memory ? o.memoryMiB : 0,
      });
      const proc = new BridgeProcess(
        {
          python: o.python,
          args: bridgeArgs(scriptFile, scratch, o.limits),
          guardScript: join(o.pythonRuntimeDir, 'twinforge_bridge', 'guard.py'),
          env: holding.bubblewrap ? confinedEnv(o.env, scratch) : o.env,
          cwd: scratch,
          holding,
          nonce: this.nonce,
          graceMs: o.stopGraceMs,
        },
        {
          stdout: (chunk) => this.onOutput('stdout', chunk),
          stderr: (chunk) => this.onOutput('stderr', chunk),
          stream: (chunk) => this.onStream(chunk),
          streamEnd: () => this.resolveStreamEnd(),
        },
      );
      this.process = proc;
      this.resolveStarted(proc);
      this.emitStatus();
      statusTimer = setInterval(() => {
        this.enforceMemoryLimit(proc);
        this.emitStatus();
        this.enforceWallLimit(proc);
      }, o.statusIntervalMs);
      const exit = await proc.done;
      // An exit right after a large message: what is still in the pipe decides the outcome.
      if (proc.pid !== undefined) await this.streamEnded;
      this.enforceMemoryLimit(proc);
      const started = proc.startError;
      if (started && proc.pid === undefined) {
        this.tracker.onSpawnError(`could not start ${o.python}: ${started.message}`, Date.now());
      } else {
        const crash = exit.signal ? await this.crashDetail(scratch, scriptFile) : null;
        this.tracker.onExit(
          exit.code,
          exit.signal,
          Date.now(),
          this.streamProblem ?? crash ?? undefined,
        );
      }
    } catch (err) {
      this.tracker.onSpawnError(`could not start the run: ${(err as Error).message}`, Date.now());
    } finally {
      this.resolveStarted(null);
      clearInterval(statusTimer);
      await this.holding?.cgroup?.remove().catch(() => undefined);
      if (scratch && o.collectOutputs) await this.collect(scratch, o.collectOutputs);
      if (scratch) await rm(scratch, { recursive: true, force: true }).catch(() => undefined);
    }
    const summary = this.summary();
    this.emit('runtime.status', summary);
    return summary;
  }

  private async collect(scratch: string, request: CollectOutputs): Promise<void> {
    try {
      this.collected = await collectOutputs(
        scratch,
        request,
        this.scriptFile ? [this.scriptFile] : [],
      );
    } catch (err) {
      this.collected = {
        copied: [],
        notice: `The run's files could not be kept: ${(err as Error).message}`,
      };
    }
  }

  /**
   * The bridge ends a run at its wall-clock limit; if it cannot (stuck in a long C++ call),
   * the host does, a margin later. Paused time does not count.
   */
  private enforceWallLimit(proc: BridgeProcess): void {
    const margin = this.options.wallLimitMarginMs ?? WALL_LIMIT_MARGIN_MS;
    const limitMs = this.options.limits.wallTime * 1000 + margin;
    if (this.stopping || this.summary().wallTime * 1000 < limitMs) return;
    this.tracker.onStopRequested('limit', 'wall-clock limit reached (the host ended the run)');
    this.stopping = proc.stop(this.options.stopGraceMs);
  }

  /** Over the cgroup's memory limit (the kernel killed a process of the run): the run ends,
   *  with the limit named, even where the kernel killed only one of its processes. */
  private enforceMemoryLimit(proc: BridgeProcess): void {
    if (this.overMemory || !this.holding?.cgroup?.oomKills()) return;
    this.overMemory = true;
    const { isolation } = this.summary();
    if (isolation && this.tracker.onMemoryLimit(memoryLimitReason(isolation))) this.emitStatus();
    const killed = proc.kill(); // at once, even while a stop is under way
    this.stopping ??= killed;
  }

  private onOutput(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    const taken = this.output.take(stream, chunk);
    if (!taken) return;
    if (taken.text) this.emit('runtime.output', { runId: this.id, stream, text: taken.text });
    if (taken.notice) {
      this.emit('runtime.output', {
        runId: this.id,
        stream: 'stderr',
        text: taken.notice,
      });
    }
  }

  private onStream(chunk: Buffer): void {
    if (this.streamProblem) return;
    let messages: StreamMessage[];
    try {
      messages = this.parser.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch (err) {
      this.refuse('StreamError', `The run was ended: ${(err as Error).message}.`);
      return;
    }
    for (const m of messages) {
      if (this.streamProblem) return;
      if (m.kind === 'json') {
        if (m.message.type === 'hello') {
          const stale = staleBridgeProblem(m.message, this.options.env, this.options.bridgeDir);
          if (stale) {
            this.refuse('StaleBridge', stale);
            return;
          }
        }
        const message = this.trusted(m.message);
        if (!message) continue;
        this.digest.observe(message);
        this.emit('runtime.message', { runId: this.id, message });
        if (this.tracker.onMessage(message)) this.emitStatus();
      } else {
        this.tracker.onFrame(m.frame.simTime);
        this.digest.observeFrame(m.frame);
        this.emit('runtime.frame', { runId: this.id, data: payloadOf(m.frame) });
      }
    }
  }

  /** Where the script was when the process died on a signal (the bridge's fault log). */
  private async crashDetail(workdir: string, scriptFile: string): Promise<string | null> {
    const report = await readFaultReport(workdir, scriptFile, this.options.script);
    const name = this.options.scriptPath
      ? basename(this.options.scriptPath)
      : 'the untitled script';
    return report && faultDetail(report, name);
  }

  /**
   * The host ends the run: the stream broke the protocol (too large, malformed, a stale
   * bridge). The run ends as an error that says why, told to the owner as the bridge
   * would; what the process sends after this is ignored.
   */
  private refuse(errorType: string, message: string): void {
    this.streamProblem = message;
    const error: ErrorMessage = {
      type: 'error',
      errorType,
      message,
      line: null,
      traceback: '',
      missingModule: null,
      phase: 'run',
    };
    const end: JsonMessage = {
      type: 'end',
      status: 'error',
      reason: message,
      simTime: this.summary().simTime,
      steps: 0,
    };
    for (const m of [error, end]) this.emit('runtime.message', { runId: this.id, message: m });
    this.digest.observe(error);
    this.tracker.onMessage(error);
    this.tracker.onRefused(message);
    this.emitStatus();
    void this.process?.kill();
  }

  /**
   * The message as the host takes it: an `end` without the run's nonce was written by the
   * script, not the bridge, and is left out (the process's exit decides the outcome);
   * the nonce itself goes no further than here.
   */
  private trusted(message: JsonMessage): JsonMessage | null {
    if (message.type === 'error') return this.userPaths(message);
    if (message.type !== 'end') return message;
    const { nonce, ...end } = message;
    if (nonce === this.nonce) return end;
    if (!this.forgedEnd) {
      this.forgedEnd = true;
      this.emit('runtime.message', {
        runId: this.id,
        message: {
          type: 'log',
          level: 'warning',
          message:
            'The script wrote an "end" message of its own on the runtime stream; it was ignored (the run is judged by how its process ends).',
        },
      });
    }
    return null;
  }

  /** Tracebacks name the user's file (or `<untitled>`), not the scratch copy that ran. */
  private userPaths(error: ErrorMessage): ErrorMessage {
    if (!this.scriptFile) return error;
    const shown = this.options.scriptPath ?? '<untitled>';
    return {
      ...error,
      traceback: error.traceback.split(this.scriptFile).join(shown),
      message: error.message.split(this.scriptFile).join(shown),
    };
  }

  private emitStatus(): void {
    this.emit('runtime.status', this.summary());
  }

  private emit<E extends EventName>(name: E, payload: HostEvents[E]): void {
    this.options.bus.emit(name, payload, this.options.owner);
  }
}

/** The bridge's command line (python-runtime/twinforge_bridge, `run`). */
export function bridgeArgs(scriptFile: string, workdir: string, limits: RunLimits): string[] {
  const args = ['-m', 'twinforge_bridge', 'run', '--script', scriptFile, '--workdir', workdir];
  args.push('--sim-time', String(limits.simTime), '--wall-time', String(limits.wallTime));
  args.push('--sample-dt', String(limits.sampleDt), '--stream-fd', '3', '--stop-on-eof');
  args.push('--nonce-from-stdin');
  if (limits.displayHz !== undefined) args.push('--display-hz', String(limits.displayHz));
  if (limits.streamBudget !== undefined) {
    args.push('--stream-budget', String(limits.streamBudget));
  }
  return args;
}

/** The script keeps its file name (tracebacks show it); an untitled one gets a neutral one. */
function scriptName(scriptPath: string | null): string {
  const name = scriptPath ? basename(scriptPath) : '';
  // A script named like a module it imports (pychrono.py) would shadow that module.
  return /^[\w.-]+\.py$/.test(name) && !/^(pychrono|twinforge_bridge)\.py$/.test(name)
    ? name
    : 'untitled.py';
}

/** The frame's bytes as the bridge sent them (the parser gives each payload its own buffer). */
function payloadOf(frame: { keys: Uint32Array }): Uint8Array {
  return new Uint8Array(frame.keys.buffer);
}
