// What the review keeps of its two runs: each run's scene messages and body tracks, taken
// from the host's own event bus (the events the runtime sends the run's owner), so the
// runtime needs no hook of its own and the caller's views see the same runs live.
import { accumulateScene, type RunScene } from '../../common/review/scene-diff';
import { decodeFrame, type SceneMessage } from '../../common/stream';
import type { EventBus } from '../events';
import { TrackBuilder } from './track-builder';

/** One run's scene and tracks. */
export class RunRecording {
  readonly scenes: SceneMessage[] = [];
  readonly tracks: TrackBuilder;
  /** Frames that could not be read (the stream helper's format moved on, or a bad one). */
  badFrames = 0;

  constructor(sampleBudget?: number) {
    this.tracks = new TrackBuilder(sampleBudget);
  }

  onScene(message: SceneMessage): void {
    this.scenes.push(message);
    this.tracks.applyScene(message);
  }

  onFrame(data: Uint8Array): void {
    try {
      this.tracks.push(decodeFrame(data));
    } catch {
      this.badFrames++;
    }
  }

  /** The run's scene for `diffScenes`, null before any scene message came. */
  scene(): RunScene | null {
    if (this.scenes.length === 0) return null;
    return accumulateScene(this.scenes, [this.tracks.firstPoses()]);
  }
}

/**
 * Records the runs of one owner from the moment it is made: call it before starting the
 * runs (their first events may come before `runtime.start` answers), then `take` the ones
 * wanted and `close` it; the runs not taken are forgotten.
 */
export class RunRecorder {
  private readonly recordings = new Map<string, RunRecording>();
  private readonly wanted = new Set<string>();
  private picking = true;
  private readonly off: () => void;

  constructor(
    bus: EventBus,
    owner: string,
    private readonly sampleBudget?: number,
  ) {
    this.off = bus.subscribe((name, payload) => {
      if (name === 'runtime.started') {
        const { runId } = payload as { runId: string };
        if (this.picking || this.wanted.has(runId)) this.recording(runId);
      } else if (name === 'runtime.message') {
        const { runId, message } = payload as { runId: string; message: { type: string } };
        if (message.type === 'scene') this.recordings.get(runId)?.onScene(message as SceneMessage);
      } else if (name === 'runtime.frame') {
        const { runId, data } = payload as { runId: string; data: Uint8Array };
        this.recordings.get(runId)?.onFrame(data);
      }
    }, owner);
  }

  /** Keeps recording `runIds` only; returns their recordings. */
  take(...runIds: string[]): RunRecording[] {
    this.picking = false;
    for (const id of runIds) this.wanted.add(id);
    for (const id of [...this.recordings.keys()])
      if (!this.wanted.has(id)) this.recordings.delete(id);
    return runIds.map((id) => this.recording(id));
  }

  close(): void {
    this.off();
  }

  private recording(runId: string): RunRecording {
    let recording = this.recordings.get(runId);
    if (!recording) this.recordings.set(runId, (recording = new RunRecording(this.sampleBudget)));
    return recording;
  }
}
