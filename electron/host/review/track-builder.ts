// The float64 body tracks of one run, built as its stream arrives: scene messages say which
// keys are bodies, frames give poses. Written against `decodeFrame`'s output, whatever the
// precision of its poses (float32 today, float64 once sample frames carry doubles): the
// numbers are copied into Float64Arrays as they come, never rounded again.
import { FRAME_SAMPLE, POSE_STRIDE, type ItemKind, type SceneMessage } from '../../common/stream';
import type { PosedFrame } from '../../common/review/scene-diff';
import type { BodyTrack } from '../../common/review/trajectory-gap';

/** What the builder reads of a frame (a decoded stream `Frame` fits). */
export interface PoseFrame extends PosedFrame {
  simTime: number;
  flags: number;
}

/** Numbers kept per sample: the time, x y z, e0 e1 e2 e3. */
const PER_SAMPLE = 8;
const POSE = 7;

/** 16 M numbers: 128 MiB of samples per run, e.g. 500 bodies over 4000 samples. */
export const DEFAULT_SAMPLE_BUDGET = 16 * 1024 * 1024;

class GrowingTrack {
  length = 0;
  times = new Float64Array(64);
  positions = new Float64Array(64 * 3);
  rotations = new Float64Array(64 * 4);

  push(time: number, pose: Float64Array): void {
    if (this.length === this.times.length) this.grow();
    const n = this.length++;
    this.times[n] = time;
    this.positions.set(pose.subarray(0, 3), 3 * n);
    this.rotations.set(pose.subarray(3, POSE), 4 * n);
  }

  track(key: number): BodyTrack {
    return {
      key,
      times: this.times.slice(0, this.length),
      positions: this.positions.slice(0, 3 * this.length),
      rotations: this.rotations.slice(0, 4 * this.length),
    };
  }

  private grow(): void {
    const size = this.times.length * 2;
    const grown = (old: Float64Array, per: number) => {
      const next = new Float64Array(size * per);
      next.set(old);
      return next;
    };
    this.times = grown(this.times, 1);
    this.positions = grown(this.positions, 3);
    this.rotations = grown(this.rotations, 4);
  }
}

/**
 * Per body, one sample per sample frame from the first frame that posed it. The bridge
 * leaves out of a frame the items that did not move since the previous frame of its kind,
 * so a body absent from a sample frame keeps the last pose any frame gave it.
 */
export class TrackBuilder {
  /** Items of the scene as it stands, by key. */
  private readonly kinds = new Map<number, ItemKind>();
  private readonly last = new Map<number, Float64Array>();
  private readonly first = new Map<number, Float64Array>();
  private readonly tracks = new Map<number, GrowingTrack>();
  private stored = 0;
  /** The time of the first sample frame left out for the budget, or null. */
  cutAt: number | null = null;

  constructor(private readonly budget = DEFAULT_SAMPLE_BUDGET) {}

  applyScene(message: SceneMessage): void {
    if (message.full) {
      // A new full scene starts over, as accumulateScene does.
      this.kinds.clear();
      this.last.clear();
      this.first.clear();
      this.tracks.clear();
      this.stored = 0;
      this.cutAt = null;
    }
    for (const key of message.remove ?? []) {
      this.kinds.delete(key);
      this.last.delete(key);
    }
    for (const item of message.add ?? []) this.kinds.set(item.key, item.kind);
  }

  push(frame: PoseFrame): void {
    const { keys, poses } = frame;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      let pose = this.last.get(key);
      if (!pose) this.last.set(key, (pose = new Float64Array(POSE)));
      const o = i * POSE_STRIDE;
      for (let k = 0; k < POSE; k++) pose[k] = poses[o + k];
      if (!this.first.has(key)) this.first.set(key, pose.slice());
    }
    if (!(frame.flags & FRAME_SAMPLE) || this.cutAt !== null) return;
    let bodies = 0;
    for (const [key, kind] of this.kinds) if (kind === 'body' && this.last.has(key)) bodies++;
    if (this.stored + bodies * PER_SAMPLE > this.budget) {
      this.cutAt = frame.simTime;
      return;
    }
    for (const [key, kind] of this.kinds) {
      const pose = this.last.get(key);
      if (kind !== 'body' || !pose) continue;
      let track = this.tracks.get(key);
      if (!track) this.tracks.set(key, (track = new GrowingTrack()));
      track.push(frame.simTime, pose);
    }
    this.stored += bodies * PER_SAMPLE;
  }

  /** Every body's track so far. */
  bodyTracks(): BodyTrack[] {
    return [...this.tracks].map(([key, track]) => track.track(key));
  }

  /** The first pose of every item, as one frame for `accumulateScene`. */
  firstPoses(): PosedFrame {
    const keys = [...this.first.keys()];
    const poses = new Float64Array(keys.length * POSE_STRIDE);
    keys.forEach((key, i) => poses.set(this.first.get(key) as Float64Array, i * POSE_STRIDE));
    return { keys, poses };
  }
}
