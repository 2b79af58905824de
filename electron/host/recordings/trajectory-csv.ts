// The trajectory table of a run (`twinforge run --trajectory`): one row per body per
// sample frame, with the pose of the body's visual-model (reference) frame in world
// coordinates. Engineers load it in pandas; runs are compared through it.
import { createWriteStream, type WriteStream } from 'node:fs';
import { FRAME_SAMPLE, POSE_STRIDE, type Frame } from '../../common/stream';
import type { SceneTracker } from './scene-tracker';

export const TRAJECTORY_HEADER = 'time,id,name,x,y,z,qw,qx,qy,qz';

/** Turns frames into CSV rows; keeps the last pose of every item (absent = unchanged). */
export class TrajectoryTable {
  private readonly poses = new Map<number, Float32Array>();

  constructor(private readonly scene: SceneTracker) {}

  /** Rows for this frame (empty unless it is a sample frame), each ending in a newline. */
  rows(frame: Frame): string {
    for (let i = 0; i < frame.keys.length; i++) {
      const at = i * POSE_STRIDE;
      this.poses.set(frame.keys[i], frame.poses.slice(at, at + 7));
    }
    if (!(frame.flags & FRAME_SAMPLE)) return '';
    const time = formatTime(frame.simTime);
    let out = '';
    for (const body of this.scene.bodies()) {
      const pose = this.poses.get(body.key);
      if (!pose) continue;
      out += `${time},${body.id},${csvField(body.name)}`;
      for (let k = 0; k < 7; k++) out += `,${formatFloat32(pose[k])}`;
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

/** The shortest decimal that reads back as the same float32. */
export function formatFloat32(v: number): string {
  for (let digits = 6; digits < 9; digits++) {
    const s = Number(v.toPrecision(digits));
    if (Math.fround(s) === v) return String(s);
  }
  return String(Number(v.toPrecision(9)));
}

export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
