// One bridge process: its own process group (so a stop takes the script's children too),
// a memory limit, the stream pipe on fd 3, and a stop that escalates from the bridge's
// `stop` command to SIGTERM and then SIGKILL for the whole group.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface BridgeSpawn {
  python: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Memory limit of the run in MiB; 0 for none. */
  memoryMiB: number;
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

/**
 * The command that starts Python under the memory limit. A POSIX shell sets the limit and
 * then `exec`s Python, so the pid (and the process group) is Python's own and no shell
 * lingers. On Linux the limit is RLIMIT_DATA (`ulimit -d`): it counts what the process
 * allocates, heap and anonymous mappings, and not the address space that CUDA or thread
 * stacks reserve without using, which RLIMIT_AS would count. macOS does not enforce data
 * limits, so there the address-space limit is set as a best effort. Windows has no
 * equivalent without job objects: no limit.
 *
 * On Linux, `setpriv --pdeathsig KILL` (util-linux) also makes the kernel kill Python if
 * the host dies without stopping it (a crash, SIGKILL): the run is in a process group of
 * its own, so nothing else would.
 */
export function limitedCommand(spec: BridgeSpawn): { command: string; args: string[] } {
  const platform = spec.platform ?? process.platform;
  if (platform === 'win32') return { command: spec.python, args: spec.args };
  const steps: string[] = [];
  if (spec.memoryMiB > 0) {
    const kib = Math.floor(spec.memoryMiB * 1024);
    steps.push(
      `ulimit ${platform === 'linux' ? '-d' : '-v'} ${kib} 2>/dev/null || ` +
        `echo "TwinForge: could not set the memory limit of ${spec.memoryMiB} MiB" >&2`,
    );
  }
  if (platform === 'linux') {
    steps.push(
      'if command -v setpriv >/dev/null 2>&1; then exec setpriv --pdeathsig KILL -- "$0" "$@"; fi',
    );
  }
  if (!steps.length) return { command: spec.python, args: spec.args };
  steps.push('exec "$0" "$@"');
  return { command: '/bin/sh', args: ['-c', steps.join('\n'), spec.python, ...spec.args] };
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

  constructor(spec: BridgeSpawn, listeners: BridgeListeners) {
    const { command, args } = limitedCommand(spec);
    this.child = spawn(command, args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    this.pid = this.child.pid;
    this.child.stdin?.on('error', () => undefined); // the bridge may exit before reading
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
        // Whatever the script started in its group goes with it.
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
   * Asks the bridge to stop; after `graceMs` sends SIGTERM to the group, and SIGKILL after
   * another `graceMs`. Resolves when the process is gone.
   */
  stop(graceMs: number): Promise<BridgeExit> {
    if (!this.exited) {
      this.send({ cmd: 'stop' });
      this.later(graceMs, () => {
        this.signalGroup('SIGTERM');
        this.later(graceMs, () => this.signalGroup('SIGKILL'));
      });
    }
    return this.done;
  }

  /** Kills the whole group at once. */
  kill(): Promise<BridgeExit> {
    if (!this.exited) this.signalGroup('SIGKILL');
    return this.done;
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.pid === undefined) return;
    try {
      if (process.platform === 'win32') this.child.kill(signal);
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
