// Plot data for the selected bodies over the timeline's frames: one shared time axis, and
// per body the position and velocity components (null where the body did not exist yet).
// Also the CSV export of the same numbers.
import { POSE_STRIDE } from '../../../../electron/common/stream';
import type { StoredFrame } from './frame-store';
import { rowOf } from './frame-store';

export const COMPONENTS = ['x', 'y', 'z', 'vx', 'vy', 'vz'] as const;

export interface BodySeries {
  key: number;
  label: string;
  /** x, y, z, vx, vy, vz, each aligned with `time`. */
  values: (number | null)[][];
}

export interface PlotData {
  time: number[];
  bodies: BodySeries[];
}

const OFFSETS = [0, 1, 2, 7, 8, 9];

export function buildPlotData(
  frames: readonly StoredFrame[],
  bodies: { key: number; label: string }[],
): PlotData {
  const time = frames.map((f) => f.simTime);
  return {
    time,
    bodies: bodies.map(({ key, label }) => {
      const values = OFFSETS.map(() => new Array<number | null>(frames.length).fill(null));
      let hint = -1;
      frames.forEach((f, i) => {
        hint = rowOf(f.keys, key, hint);
        if (hint < 0) return;
        const o = hint * POSE_STRIDE;
        OFFSETS.forEach((off, c) => {
          values[c][i] = f.poses[o + off];
        });
      });
      return { key, label, values };
    }),
  };
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(data: PlotData): string {
  const header = ['time'];
  for (const b of data.bodies) for (const c of COMPONENTS) header.push(csvField(`${b.label} ${c}`));
  const lines = [header.join(',')];
  data.time.forEach((t, i) => {
    const row = [String(t)];
    for (const b of data.bodies)
      for (const col of b.values) row.push(col[i] === null ? '' : String(col[i]));
    lines.push(row.join(','));
  });
  return `${lines.join('\n')}\n`;
}
