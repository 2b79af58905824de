// The state of one run as the status bar and the CLI show it, computed from what the
// bridge sent and how its process ended. Pure: the clock is passed in.
import type { ErrorMessage, JsonMessage } from '../../common/stream';
import type { RunIsolation, RunStatus, RunSummary } from '../../common/contract/runtime';

const SIGNAL_NAMES: Record<string, string> = {
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted',
  SIGKILL: 'killed; the memory limit or the system ran out of memory, or it was killed',
  SIGBUS: 'bus error',
  SIGFPE: 'arithmetic error',
  SIGILL: 'illegal instruction',
  SIGTERM: 'terminated',
};

/** "1 GiB", "1.5 GiB", "400 MiB". */
export function formatMiB(mib: number): string {
  return mib >= 1024 ? `${Number((mib / 1024).toFixed(2))} GiB` : `${mib} MiB`;
}

/** Why a run that went over its memory limit ended, naming the limit and how it is held. */
export function memoryLimitReason(isolation: RunIsolation): string {
  const limit = formatMiB(isolation.memoryMiB);
  return isolation.memory === 'cgroup'
    ? `the run used more than its ${limit} memory limit (cgroup)`
    : `a process of the run used more than its ${limit} memory limit (RLIMIT_AS, per process)`;
}

/** A MemoryError, or an OSError for ENOMEM (what a failed mmap raises). */
function isOutOfMemory(error: ErrorMessage | null): boolean {
  if (!error) return false;
  return (
    error.errorType === 'MemoryError' ||
    (error.errorType === 'OSError' && /\[Errno 12\]|Cannot allocate memory/.test(error.message))
  );
}

export class RunTracker {
  private status: RunStatus = 'starting';
  private reason = 'starting Python';
  private simTime = 0;
  private frames = 0;
  private error: ErrorMessage | null = null;
  /** The bridge's own `end`, once it came: a claim that the exit must bear out. */
  private endStatus: RunStatus | null = null;
  /** Set when the run went over its memory limit: that is its outcome, whatever it said. */
  private memoryBreach: string | null = null;
  /** Why the host ended the run itself (its stream broke the protocol), or null. */
  private refused: string | null = null;
  private isolation: RunIsolation | undefined;
  private stopAs: { status: 'stopped' | 'limit'; reason: string } | null = null;
  private pausedSince: number | null = null;
  private pausedTotal = 0;
  private finishedAt: number | null = null;
  /** The scene's items by key, true for bodies; null until the first scene message. */
  private sceneItems: Map<number, boolean> | null = null;

  constructor(
    readonly runId: string,
    private readonly startedAt: number,
    readonly lane = 'twin',
  ) {}

  get current(): RunStatus {
    return this.status;
  }

  get isActive(): boolean {
    return this.status === 'starting' || this.status === 'running' || this.status === 'paused';
  }

  /** Returns true when the status changed. */
  onMessage(message: JsonMessage): boolean {
    switch (message.type) {
      case 'hello':
        return this.set('running', 'running');
      case 'error':
        this.error = message;
        return false;
      case 'scene': {
        if (!this.sceneItems || message.full) this.sceneItems = new Map();
        for (const item of message.add) this.sceneItems.set(item.key, item.kind === 'body');
        for (const key of message.remove) this.sceneItems.delete(key);
        return false;
      }
      case 'end': {
        this.endStatus = message.status;
        this.simTime = Math.max(this.simTime, message.simTime);
        // Under a per-process limit, running out of memory is that limit: say so.
        const overLimit =
          message.status === 'error' &&
          this.isolation?.memory === 'rlimit-as' &&
          isOutOfMemory(this.error);
        const reason = overLimit
          ? `${memoryLimitReason(this.isolation as RunIsolation)}: ${message.reason}`
          : message.reason;
        return this.set(message.status, reason);
      }
      default:
        return false;
    }
  }

  onFrame(simTime: number): void {
    this.frames++;
    if (simTime > this.simTime) this.simTime = simTime;
  }

  onPause(now: number): boolean {
    if (this.status !== 'running') return false;
    this.pausedSince = now;
    return this.set('paused', 'paused');
  }

  onResume(now: number): boolean {
    if (this.status !== 'paused') return false;
    this.resumeClock(now);
    return this.set('running', 'running');
  }

  /** The host is ending the run: if the bridge does not say `end`, this is the outcome. */
  onStopRequested(status: 'stopped' | 'limit', reason: string): void {
    this.stopAs ??= { status, reason };
  }

  /** What holds the run (confinement, memory method), shown in its summary. */
  onHeld(isolation: RunIsolation): void {
    this.isolation = isolation;
  }

  /** The run went over its memory limit (the kernel said so): it ends as an error. */
  onMemoryLimit(reason: string): boolean {
    this.memoryBreach ??= reason;
    return this.set('error', this.memoryBreach);
  }

  /** The process could not be started at all. */
  onSpawnError(reason: string, now: number): boolean {
    this.finishedAt = now;
    return this.set('error', reason);
  }

  /**
   * The process is gone. Its exit is the truth: an `end` counts only when the process then
   * exited the way that outcome exits (code 0, or 1 for an error) and not by a signal.
   * Otherwise the run crashed, unless the host itself ended it (stop or a limit).
   */
  /** The host ended the run itself (its stream broke the protocol): that is the outcome,
   *  whatever the process does once it is killed. */
  onRefused(reason: string): boolean {
    this.refused = reason;
    return this.set('error', reason);
  }

  onExit(code: number | null, signal: string | null, now: number, detail?: string): boolean {
    this.resumeClock(now);
    this.finishedAt = now;
    if (this.memoryBreach) return this.force('error', this.memoryBreach);
    if (this.refused) return this.force('error', this.refused);
    const expected = this.endStatus === 'error' ? 1 : 0;
    if (this.endStatus && signal === null && code === expected) return false;
    if (this.stopAs) return this.force(this.stopAs.status, this.stopAs.reason);
    const how = signal
      ? `killed by ${signal} (${SIGNAL_NAMES[signal] ?? 'signal'})`
      : `exited with code ${code ?? 'unknown'}`;
    const why = this.endStatus
      ? `${how} after reporting "${this.endStatus}"`
      : signal
        ? how
        : `${how} before ending the run`;
    return this.force('crashed', detail ? `${why}: ${detail}` : why);
  }

  summary(now: number): RunSummary {
    const end = this.finishedAt ?? now;
    const paused = this.pausedTotal + (this.pausedSince !== null ? end - this.pausedSince : 0);
    const wallTime = Math.max(0, (end - this.startedAt - paused) / 1000);
    let bodies = 0;
    for (const isBody of this.sceneItems?.values() ?? []) if (isBody) bodies += 1;
    return {
      runId: this.runId,
      lane: this.lane,
      status: this.status,
      reason: this.reason,
      simTime: this.simTime,
      wallTime,
      realtimeFactor: wallTime > 0 ? this.simTime / wallTime : 0,
      frames: this.frames,
      error: this.error,
      missingModule: this.error?.missingModule ?? null,
      bodies: this.sceneItems ? bodies : null,
      items: this.sceneItems ? this.sceneItems.size : null,
      ...(this.isolation ? { isolation: this.isolation } : {}),
    };
  }

  private resumeClock(now: number): void {
    if (this.pausedSince === null) return;
    this.pausedTotal += now - this.pausedSince;
    this.pausedSince = null;
  }

  /** The outcome once the process is gone, over whatever the stream said before. */
  private force(status: RunStatus, reason: string): boolean {
    const changed = status !== this.status || reason !== this.reason;
    this.status = status;
    this.reason = reason;
    return changed;
  }

  private set(status: RunStatus, reason: string): boolean {
    if (!this.isActive) return false; // an ended run keeps its outcome
    const changed = status !== this.status || reason !== this.reason;
    this.status = status;
    this.reason = reason;
    return changed;
  }
}
