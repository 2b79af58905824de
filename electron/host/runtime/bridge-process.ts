// One run's process: the run guard (python-runtime/twinforge_bridge/guard.py), which holds
// the run's cgroup, memory limit and confinement and runs the bridge under them, with the
// stream pipe on fd 3, the run's nonce as the first control line, and a stop that
// escalates from the bridge's `stop` command to SIGTERM and then to killing everything.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { delimiter, dirname } from 'node:path';
import { bubblewrapArgs, pathsToKeep } from './bubblewrap';
import type { RunHolding } from './isolation';

export interface BridgeSpawn {
  python: string;
  /** The bridge's own arguments (`-m twinforge_bridge run ...`). */
  args: string[];
  /** python-runtime/twinforge_bridge/guard.py (run by its file, without site packages). */
  guardScript: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The run's cgroup, memory limit and confinement. */
  holding: RunHolding;
  /** The secret the bridge puts in its own `end`; sent as the first control line. */
  nonce: string;
  /** How long the guard waits between SIGTERM and SIGKILL should the host be gone. */
  graceMs: number;
  platform?: NodeJS.Platform;
}

export interface BridgeExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BridgeListeners {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  stream(chunk: Buffer): void;
  /** The stream pipe ended or was closed: nothing more will come on it. */
  streamEnd?(): void;
}

/** How long the pipes may stay open after the process exited and the stream went quiet
 *  (a child that escaped keeps them open); and at most after the exit, however busy. */
const CLOSE_AFTER_EXIT_MS = 2000;
const DRAIN_AFTER_EXIT_MS = 30_000;
/** How long the guard gets to kill everything before the host kills the guard itself. */
const GUARD_KILL_MS = 1000;

/**
 * The command line of a run. On POSIX systems Python runs the guard, which joins the run's
 * cgroups, sets the per-process limit (RLIMIT_AS) when there is no cgroup memory limit,
 * and runs the bridge (inside bubblewrap when the run is confined); see guard.py for what
 * it does when the bridge or the host dies. Windows has no such tools: Python directly.
 */
export function guardedCommand(spec: BridgeSpawn): { command: string; args: string[] } {
  const platform = spec.platform ?? process.platform;
  if (platform === 'win32') return { command: spec.python, args: spec.args };
  const { holding } = spec;
  // -I -S: a bare interpreter, quick to start; the guard needs only the standard library.
  const guard = ['-I', '-S', spec.guardScript, '--grace', String(spec.graceMs / 1000)];
  guard.push('--pass-fd', '3');
  for (const dir of holding.cgroup?.dirs ?? []) guard.push('--cgroup', dir);
  const bytes = String(holding.memoryMiB * 1024 * 1024);
  if (holding.memory === 'rlimit-as') guard.push('--rlimit-as', bytes);
  if (holding.memory === 'cgroup') guard.push('--fallback-rlimit-as', bytes);
  let bridge = [spec.python, ...spec.args];
  if (holding.bubblewrap) {
    guard.push('--signal-exit-codes');
    // What the bridge imports must stay in sight: its package, the PYTHONPATH, the runtime.
    const imports = (spec.env.PYTHONPATH ?? '').split(delimiter).filter(Boolean);
    const keep = pathsToKeep(spec.python, [dirname(dirname(spec.guardScript)), ...imports]);
    bridge = bubblewrapArgs(holding.bubblewrap, spec.cwd, bridge, keep);
  }
  return { command: spec.python, args: [...guard, '--', ...bridge] };
}

export class BridgeProcess {
  readonly pid: number | undefined;
  /** Resolves once the process has exited and its pipes are drained. */
  readonly done: Promise<BridgeExit>;
  private readonly child: ChildProcess;
  private exitInfo: BridgeExit | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private spawnError: Error | null = null;
  private streamDataAt = 0;
  private readonly holding: RunHolding;
  private readonly windows: boolean;

  constructor(spec: BridgeSpawn, listeners: BridgeListeners) {
    this.holding = spec.holding;
    this.windows = (spec.platform ?? process.platform) === 'win32';
    const { command, args } = guardedCommand(spec);
    this.child = spawn(command, args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      detached: !this.windows,
      windowsHide: true,
    });
    this.pid = this.child.pid;
    this.child.stdin?.on('error', () => undefined); // the bridge may exit before reading
    this.child.stdin?.write(`${JSON.stringify({ nonce: spec.nonce })}\n`);
    this.child.stdout?.on('data', listeners.stdout);
    this.child.stderr?.on('data', listeners.stderr);
    const stream = this.child.stdio[3] as Readable | null;
    stream?.on('data', (chunk: Buffer) => {
      this.streamDataAt = Date.now();
      listeners.stream(chunk);
    });
    if (listeners.streamEnd) {
      if (stream) stream.once('close', listeners.streamEnd);
      else listeners.streamEnd();
    }
    this.done = new Promise<BridgeExit>((resolve) => {
      this.child.on('error', (err) => {
        this.spawnError = err;
        if (this.pid === undefined) resolve({ code: null, signal: null });
      });
      this.child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        // Whatever the run started goes with it (the guard has done so unless it was killed).
        this.holding.cgroup?.killAll();
        this.signalGroup('SIGKILL');
        const exitedAt = Date.now();
        const closeWhenQuiet = () => {
          // The stream still delivering (a large last message): read it to its end, unless
          // a child that escaped keeps writing.
          const quietFor = Date.now() - this.streamDataAt;
          if (quietFor < CLOSE_AFTER_EXIT_MS && Date.now() - exitedAt < DRAIN_AFTER_EXIT_MS) {
            return this.later(CLOSE_AFTER_EXIT_MS - quietFor, closeWhenQuiet);
          }
          for (const s of this.child.stdio) s?.destroy();
          resolve(this.exitInfo ?? { code, signal });
        };
        this.later(CLOSE_AFTER_EXIT_MS, closeWhenQuiet);
      });
      this.child.on('close', (code, signal) => resolve(this.exitInfo ?? { code, signal }));
    }).finally(() => this.clearTimers());
  }

  /** Why the process could not start (ENOENT and the like), if it could not. */
  get startError(): Error | null {
    return this.spawnError;
  }

  get exited(): boolean {
    return this.exitInfo !== null || (this.spawnError !== null && this.pid === undefined);
  }

  /** Sends a control command on stdin; false when the bridge no longer listens. */
  send(command: object): boolean {
    const stdin = this.child.stdin as Writable | null;
    if (this.exited || !stdin || stdin.destroyed || !stdin.writable) return false;
    stdin.write(`${JSON.stringify(command)}\n`);
    return true;
  }

  /**
   * Asks the bridge to stop; after `graceMs` sends the guard SIGTERM (it passes it on to
   * the bridge's group), and after another `graceMs` kills everything. Resolves when the
   * process is gone.
   */
  stop(graceMs: number): Promise<BridgeExit> {
    if (!this.exited) {
      this.send({ cmd: 'stop' });
      this.later(graceMs, () => {
        this.signalGroup('SIGTERM');
        this.later(graceMs, () => this.killEverything());
      });
    }
    return this.done;
  }

  /** Kills every process of the run at once. */
  kill(): Promise<BridgeExit> {
    if (!this.exited) this.killEverything();
    return this.done;
  }

  /** The cgroup (where there is one) at once; the guard kills the rest (SIGHUP), and the
   *  guard itself is killed if it has not exited a second later. Synchronous up to the
   *  timer, so it also works while the host exits. */
  private killEverything(): void {
    this.holding.cgroup?.killAll();
    if (this.windows) {
      this.signalGroup('SIGKILL');
      return;
    }
    this.signalGroup('SIGHUP');
    this.later(GUARD_KILL_MS, () => this.signalGroup('SIGKILL'));
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.pid === undefined) return;
    try {
      if (this.windows) this.child.kill(signal);
      else process.kill(-this.pid, signal);
    } catch {
      // ESRCH: the group is already gone
    }
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
