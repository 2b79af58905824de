// Collects what `twinforge run` reports from the host's events: the scene, the versions,
// the error, the tail of the script's output; and feeds the trajectory and recording
// writers as the run goes.
import type { HostEvents } from '../common/contract';
import type { RunSummary } from '../common/contract/runtime';
import {
  PYCHRONO_MODULES,
  decodeFrame,
  type HelloMessage,
  type PychronoModule,
  type ShapeType,
} from '../common/stream';
import type { RecordingWriter } from '../host/recordings/recording-writer';
import { SceneTracker } from '../host/recordings/scene-tracker';
import type { TrajectoryWriter } from '../host/recordings/trajectory-csv';

export const STDOUT_TAIL_CHARS = 4000;

export interface RunReport {
  status: RunSummary['status'];
  reason: string;
  simTime: number;
  wallTime: number;
  realtimeFactor: number;
  frames: number;
  bodies: number;
  shapes: Partial<Record<ShapeType, number>>;
  upAxis: 'Y' | 'Z' | null;
  pychrono: { version: string | null; modules: Record<PychronoModule, boolean> };
  missingModule: string | null;
  error: { type: string; message: string; line: number | null; traceback: string } | null;
  stdoutTail: string;
}

export class RunReporter {
  private hello: HelloMessage | null = null;
  private stdoutTail = '';

  constructor(
    readonly scene: SceneTracker = new SceneTracker(),
    private readonly writers: { trajectory?: TrajectoryWriter; recording?: RecordingWriter } = {},
  ) {}

  /** Feeds one host event (the CLI runs one run per host, so every runtime event is ours). */
  onEvent<E extends keyof HostEvents>(name: E, payload: HostEvents[E]): void {
    if (name === 'runtime.message') {
      const { message } = payload as HostEvents['runtime.message'];
      if (message.type === 'hello') this.hello = message;
      if (message.type === 'scene') this.scene.apply(message);
      this.writers.recording?.message(message);
    } else if (name === 'runtime.frame') {
      const { data } = payload as HostEvents['runtime.frame'];
      const frame = decodeFrame(data);
      this.writers.trajectory?.frame(frame);
      this.writers.recording?.frame(data, frame);
    } else if (name === 'runtime.output') {
      const out = payload as HostEvents['runtime.output'];
      if (out.stream === 'stdout') {
        this.stdoutTail = (this.stdoutTail + out.text).slice(-STDOUT_TAIL_CHARS);
      }
    }
  }

  report(summary: RunSummary): RunReport {
    const modules = Object.fromEntries(
      PYCHRONO_MODULES.map((m) => [m, this.hello?.modules?.[m] === true]),
    ) as Record<PychronoModule, boolean>;
    const e = summary.error;
    return {
      status: summary.status,
      reason: summary.reason,
      simTime: summary.simTime,
      wallTime: summary.wallTime,
      realtimeFactor: summary.realtimeFactor,
      frames: summary.frames,
      bodies: this.scene.bodies().length,
      shapes: this.scene.shapeCounts(),
      upAxis: this.scene.upAxis,
      pychrono: { version: this.hello?.pychrono ?? null, modules },
      missingModule: summary.missingModule,
      error: e
        ? { type: e.errorType, message: e.message, line: e.line, traceback: e.traceback }
        : null,
      stdoutTail: this.stdoutTail,
    };
  }
}

/** 0 when the script ran to its end or to a limit; otherwise a code per outcome. */
export function exitCodeFor(status: RunSummary['status']): number {
  switch (status) {
    case 'finished':
    case 'limit':
      return 0;
    case 'error':
      return 1;
    case 'crashed':
      return 3;
    default:
      return 4; // stopped (Ctrl+C), or a run that never got going
  }
}
