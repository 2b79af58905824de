// The trajectory table of a run (`twinforge run --trajectory`): one row per body per
// sample frame, with the pose of the body's visual-model (reference) frame in world
// coordinates, in full double precision (sample frames carry Chrono's doubles). Engineers
// load it in pandas; runs are compared through it.
import { createWriteStream, type WriteStream } from 'node:fs';
import { FRAME_SAMPLE, POSE_STRIDE, type Frame, type Poses } from '../../common/stream';
import type { SceneTracker } from './scene-tracker';

export const TRAJECTORY_HEADER = 'time,id,name,x,y,z,qw,qx,qy,qz';

/**
 * Turns sample frames into CSV rows; keeps the last sampled pose of every item (a sample
 * leaves out what did not change since the previous one). Display frames are ignored:
 * their float32 poses are for drawing.
 */
export class TrajectoryTable {
  private readonly poses = new Map<number, Poses>();

  constructor(private readonly scene: SceneTracker) {}

  /** Rows for this frame (empty unless it is a sample frame), each ending in a newline. */
  rows(frame: Frame): string {
    if (!(frame.flags & FRAME_SAMPLE)) return '';
    for (let i = 0; i < frame.keys.length; i++) {
      const at = i * POSE_STRIDE;
      this.poses.set(frame.keys[i], frame.poses.slice(at, at + 7));
    }
    const time = formatTime(frame.simTime);
    let out = '';
    for (const body of this.scene.bodies()) {
      const pose = this.poses.get(body.key);
      if (!pose) continue;
      out += `${time},${body.id},${csvField(body.name)}`;
      for (let k = 0; k < 7; k++) out += `,${formatG17(pose[k])}`;
      out += '\n';
    }
    return out;
  }
}

/** Writes the table to a file as the run goes. */
export class TrajectoryWriter {
  private readonly out: WriteStream;
  private readonly table: TrajectoryTable;
  private failure: Error | null = null;

  constructor(
    readonly path: string,
    scene: SceneTracker,
  ) {
    this.table = new TrajectoryTable(scene);
    this.out = createWriteStream(path);
    this.out.on('error', (err) => (this.failure ??= err));
    this.out.write(`${TRAJECTORY_HEADER}\n`);
  }

  frame(frame: Frame): void {
    const rows = this.table.rows(frame);
    if (rows) this.out.write(rows);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.out.end(resolve));
    if (this.failure)
      throw new Error(`Could not write the trajectory ${this.path}: ${this.failure.message}`);
  }
}

/** Simulated time without the binary noise of accumulated steps (0.30000000000000004). */
export function formatTime(t: number): string {
  return String(Number(t.toPrecision(12)));
}

/**
 * C's `%.17g`: 17 significant digits, trailing zeros dropped, exponent form below 1e-4 and
 * from 1e17. Every double reads back exactly (0.1 is 0.10000000000000001).
 */
export function formatG17(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa, exponent] = v.toExponential(16).split('e');
  const e = Number(exponent);
  if (e < -4 || e >= 17) {
    return `${stripZeros(mantissa)}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return stripZeros(v.toFixed(16 - e));
}

function stripZeros(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/\.?0+$/, '') : decimal;
}

export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
