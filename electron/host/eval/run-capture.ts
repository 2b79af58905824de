// What an evaluation keeps of each of its runs while they stream: what the script printed
// (its last JSON line and printed numbers feed the physics contracts) and, when a contract
// measures motion, the trajectory from the scene and the sample frames. It listens to the
// evaluation's own owner on the host's bus, so the runs' events never reach a window.
import type { EventName, HostEvents } from '../../common/contract';
import { TrajectoryRecorder, type Trajectory } from '../../common/eval/contracts/trajectory';
import { decodeFrame } from '../../common/stream';
import type { EventBus } from '../events';

/** Enough for a JSON line at the end and a number per step of a long run. */
const STDOUT_CAP = 4 * 1024 * 1024;

interface Capture {
  stdout: string;
  stdoutCut: boolean;
  recorder: TrajectoryRecorder | null;
}

export interface CapturedRun {
  stdout: string;
  trajectory: Trajectory | null;
}

export class RunCapture {
  private readonly runs = new Map<string, Capture>();
  private recordNext = false;
  private readonly off: () => void;

  constructor(bus: EventBus, owner: string) {
    this.off = bus.subscribe((name, payload) => this.onEvent(name, payload), owner);
  }

  /** Whether the runs that start from now on record their trajectory. */
  recordTrajectory(on: boolean): void {
    this.recordNext = on;
  }

  /** What a finished run left, forgotten once taken. */
  take(runId: string): CapturedRun {
    const capture = this.runs.get(runId);
    this.runs.delete(runId);
    return {
      stdout: capture?.stdout ?? '',
      trajectory: capture?.recorder?.result() ?? null,
    };
  }

  dispose(): void {
    this.off();
    this.runs.clear();
  }

  private onEvent<E extends EventName>(name: E, payload: HostEvents[E]): void {
    if (name === 'runtime.started') {
      const { runId } = payload as HostEvents['runtime.started'];
      this.runs.set(runId, {
        stdout: '',
        stdoutCut: false,
        recorder: this.recordNext ? new TrajectoryRecorder() : null,
      });
      return;
    }
    if (name === 'runtime.output') {
      const out = payload as HostEvents['runtime.output'];
      const capture = this.runs.get(out.runId);
      if (!capture || out.stream !== 'stdout' || capture.stdoutCut) return;
      capture.stdout += out.text;
      if (capture.stdout.length > STDOUT_CAP) {
        capture.stdout = capture.stdout.slice(0, STDOUT_CAP);
        capture.stdoutCut = true;
      }
      return;
    }
    if (name === 'runtime.message') {
      const { runId, message } = payload as HostEvents['runtime.message'];
      if (message.type === 'scene') this.runs.get(runId)?.recorder?.scene(message);
      return;
    }
    if (name === 'runtime.frame') {
      const { runId, data } = payload as HostEvents['runtime.frame'];
      const recorder = this.runs.get(runId)?.recorder;
      if (recorder) recorder.frame(decodeFrame(data));
    }
  }
}
