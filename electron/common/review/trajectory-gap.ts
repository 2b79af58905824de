// The gap between the twin's motion and the reference's: per matched body, the distance
// between their positions and the angle between their orientations over simulated time,
// with summary figures, and a CSV export. Float64 throughout, so a run compared with
// itself gives exactly 0.
import { rotationAngle, slerpInto } from './rotation';

/** One body's samples over simulated time. */
export interface BodyTrack {
  key: number;
  /** Simulated times, s, non-decreasing. */
  times: Float64Array;
  /** x, y, z per sample, m. */
  positions: Float64Array;
  /** e0, e1, e2, e3 per sample (scalar first). */
  rotations: Float64Array;
}

/** A matched pair of bodies (keys of each run's tracks) and the name to show. */
export interface TrackPair {
  twin: number;
  reference: number;
  name: string;
}

export interface GapStats {
  max: number;
  rms: number;
  final: number;
}

export interface BodyGap {
  name: string;
  twinKey: number;
  referenceKey: number;
  /** Whose sample times the series use: both runs' (`common`), or the coarser run's. */
  grid: 'common' | 'twin' | 'reference';
  times: Float64Array;
  /** |p_twin − p_ref| per time, m. */
  position: Float64Array;
  /** Angle of q_twin⁻¹·q_ref per time, rad (0..π). */
  angle: Float64Array;
  positionStats: GapStats;
  angleStats: GapStats;
}

export interface SkippedPair {
  name: string;
  twinKey: number;
  referenceKey: number;
  reason: string;
}

export interface TrajectoryGap {
  bodies: BodyGap[];
  /**
   * Over all bodies: `max` is the largest of their maxima, `rms` the RMS over every sample
   * of every body, `final` the mean of their final values. Null without any body.
   */
  overall: { position: GapStats; angle: GapStats } | null;
  /** Pairs with no gap: a track missing, empty, or not overlapping the other in time. */
  skipped: SkippedPair[];
}

/**
 * Two sample times are the same when they differ by less than this, relative to the time
 * (step sizes that sum differently give 0.30000000000000004 against 0.3).
 */
const SAME_TIME = 1e-9;

/**
 * The gap of every matched pair.
 *
 * The series cover the overlap of the two tracks' time ranges. When both tracks have the
 * same sample times there (within 1e-9 relative), those are the grid (`common`), and no
 * value is interpolated. Otherwise the grid is the coarser track's samples in the overlap
 * (the one with fewer of them; the reference's on a tie), and the other track is resampled
 * at those times: positions linearly, rotations by slerp along the shorter arc.
 */
export function trajectoryGap(
  twin: readonly BodyTrack[],
  reference: readonly BodyTrack[],
  pairs: readonly TrackPair[],
): TrajectoryGap {
  const twinByKey = byKey(twin, 'twin');
  const refByKey = byKey(reference, 'reference');
  const bodies: BodyGap[] = [];
  const skipped: SkippedPair[] = [];
  for (const pair of pairs) {
    const skip = (reason: string) =>
      skipped.push({ name: pair.name, twinKey: pair.twin, referenceKey: pair.reference, reason });
    const a = twinByKey.get(pair.twin);
    const b = refByKey.get(pair.reference);
    if (!a || !b) {
      skip(`no samples of the ${a ? 'reference' : 'twin'}'s body`);
      continue;
    }
    const gap = bodyGap(pair, a, b);
    if (typeof gap === 'string') skip(gap);
    else bodies.push(gap);
  }
  return { bodies, overall: overall(bodies), skipped };
}

function byKey(tracks: readonly BodyTrack[], side: string): Map<number, BodyTrack> {
  const out = new Map<number, BodyTrack>();
  for (const t of tracks) {
    const n = t.times.length;
    if (t.positions.length !== 3 * n || t.rotations.length !== 4 * n) {
      throw new Error(
        `The ${side}'s track of body ${t.key} is malformed: ${n} times, ` +
          `${t.positions.length} position and ${t.rotations.length} rotation numbers ` +
          `(3 and 4 per time expected).`,
      );
    }
    for (let i = 1; i < n; i++) {
      if (!(t.times[i] >= t.times[i - 1])) {
        throw new Error(
          `The ${side}'s track of body ${t.key} goes back in time at sample ${i} ` +
            `(${t.times[i - 1]} s, then ${t.times[i]} s).`,
        );
      }
    }
    out.set(t.key, t);
  }
  return out;
}

function bodyGap(pair: TrackPair, a: BodyTrack, b: BodyTrack): BodyGap | string {
  if (a.times.length === 0 || b.times.length === 0) {
    return `the ${a.times.length === 0 ? 'twin' : 'reference'}'s body has no samples`;
  }
  const lo = Math.max(a.times[0], b.times[0]);
  const hi = Math.min(a.times[a.times.length - 1], b.times[b.times.length - 1]);
  if (lo - hi > tolerance(hi)) {
    return `the two runs' samples do not overlap in time`;
  }
  const [a0, a1] = rangeIn(a.times, lo, hi);
  const [b0, b1] = rangeIn(b.times, lo, hi);
  let grid: BodyGap['grid'];
  let times: Float64Array;
  let twinAt: Sampler;
  let refAt: Sampler;
  if (sameTimes(a.times, a0, a1, b.times, b0, b1)) {
    grid = 'common';
    times = b.times.slice(b0, b1);
    twinAt = exactSampler(a, a0);
    refAt = exactSampler(b, b0);
  } else if (a1 - a0 < b1 - b0) {
    grid = 'twin';
    times = a.times.slice(a0, a1);
    twinAt = exactSampler(a, a0);
    refAt = interpolatingSampler(b);
  } else {
    grid = 'reference';
    times = b.times.slice(b0, b1);
    twinAt = interpolatingSampler(a);
    refAt = exactSampler(b, b0);
  }
  const n = times.length;
  const position = new Float64Array(n);
  const angle = new Float64Array(n);
  const pa = new Float64Array(7);
  const pb = new Float64Array(7);
  for (let i = 0; i < n; i++) {
    twinAt(i, times[i], pa);
    refAt(i, times[i], pb);
    position[i] = Math.hypot(pa[0] - pb[0], pa[1] - pb[1], pa[2] - pb[2]);
    angle[i] = rotationAngle(pa, 3, pb, 3);
  }
  return {
    name: pair.name,
    twinKey: pair.twin,
    referenceKey: pair.reference,
    grid,
    times,
    position,
    angle,
    positionStats: stats([position]),
    angleStats: stats([angle]),
  };
}

function tolerance(t: number): number {
  return SAME_TIME * Math.max(1, Math.abs(t));
}

/** [first, end) of the samples within [lo, hi], with the same-time tolerance. */
function rangeIn(times: Float64Array, lo: number, hi: number): [number, number] {
  let first = 0;
  while (first < times.length && times[first] < lo - tolerance(lo)) first++;
  let end = times.length;
  while (end > first && times[end - 1] > hi + tolerance(hi)) end--;
  return [first, end];
}

function sameTimes(
  a: Float64Array,
  a0: number,
  a1: number,
  b: Float64Array,
  b0: number,
  b1: number,
): boolean {
  if (a1 - a0 !== b1 - b0) return false;
  for (let i = 0; i < a1 - a0; i++) {
    if (Math.abs(a[a0 + i] - b[b0 + i]) > tolerance(b[b0 + i])) return false;
  }
  return true;
}

/** Writes x y z e0 e1 e2 e3 of the track at grid sample i (time t) into out. */
type Sampler = (i: number, t: number, out: Float64Array) => void;

function exactSampler(track: BodyTrack, offset: number): Sampler {
  return (i, _t, out) => copySample(track, offset + i, out);
}

/** Linear in position, slerp in rotation; walks forward, since grid times increase. */
function interpolatingSampler(track: BodyTrack): Sampler {
  const times = track.times;
  const last = times.length - 1;
  let j = 0;
  const q = new Float64Array(4);
  return (_i, t, out) => {
    while (j < last && times[j + 1] <= t + tolerance(t)) j++;
    const dt = j < last ? times[j + 1] - times[j] : 0;
    if (t - times[j] <= tolerance(t) || dt === 0) {
      // On a sample (or past the last one, within the tolerance): no interpolation.
      copySample(track, j, out);
      return;
    }
    const u = Math.min(1, (t - times[j]) / dt);
    const p = track.positions;
    for (let k = 0; k < 3; k++) {
      out[k] = p[3 * j + k] + u * (p[3 * j + 3 + k] - p[3 * j + k]);
    }
    slerpInto(track.rotations, 4 * j, 4 * j + 4, u, q, 0);
    out.set(q, 3);
  };
}

function copySample(track: BodyTrack, s: number, out: Float64Array): void {
  out[0] = track.positions[3 * s];
  out[1] = track.positions[3 * s + 1];
  out[2] = track.positions[3 * s + 2];
  for (let k = 0; k < 4; k++) out[3 + k] = track.rotations[4 * s + k];
}

/** Max, RMS and final value; NaN (a run that blew up) makes max and RMS NaN. */
function stats(series: Float64Array[]): GapStats {
  let max = -Infinity;
  let sumSq = 0;
  let count = 0;
  for (const s of series) {
    for (let i = 0; i < s.length; i++) {
      const v = s[i];
      max = Number.isNaN(v) || Number.isNaN(max) ? NaN : Math.max(max, v);
      sumSq += v * v;
    }
    count += s.length;
  }
  const last = series[series.length - 1];
  return {
    max: count ? max : NaN,
    rms: count ? Math.sqrt(sumSq / count) : NaN,
    final: last && last.length ? last[last.length - 1] : NaN,
  };
}

function overall(bodies: BodyGap[]): TrajectoryGap['overall'] {
  if (bodies.length === 0) return null;
  const of = (series: (b: BodyGap) => Float64Array): GapStats => {
    const all = stats(bodies.map(series));
    let finals = 0;
    for (const b of bodies) finals += series(b)[series(b).length - 1];
    return { max: all.max, rms: all.rms, final: finals / bodies.length };
  };
  return { position: of((b) => b.position), angle: of((b) => b.angle) };
}

/**
 * The gaps as CSV: one row per sample time (the union of the bodies' grids, in order),
 * then per body a position-gap and an angle-gap column; a body without a sample at a
 * time leaves its cells empty. Numbers are written so they read back as the same float64.
 */
export function gapCsv(result: TrajectoryGap): string {
  const labels = columnLabels(result.bodies);
  const header = ['time (s)'];
  for (const label of labels) header.push(`${label} position gap (m)`, `${label} angle gap (rad)`);
  const rows = new Map<number, string[]>();
  result.bodies.forEach((b, k) => {
    for (let i = 0; i < b.times.length; i++) {
      let row = rows.get(b.times[i]);
      if (!row) rows.set(b.times[i], (row = new Array<string>(2 * labels.length).fill('')));
      row[2 * k] = String(b.position[i]);
      row[2 * k + 1] = String(b.angle[i]);
    }
  });
  const lines = [header.map(csvField).join(',')];
  for (const t of [...rows.keys()].sort((x, y) => x - y)) {
    lines.push([String(t), ...(rows.get(t) ?? [])].join(','));
  }
  return lines.join('\n') + '\n';
}

/** Body names, made unique (and given one when empty) with the two keys. */
function columnLabels(bodies: BodyGap[]): string[] {
  const counts = new Map<string, number>();
  for (const b of bodies) counts.set(b.name, (counts.get(b.name) ?? 0) + 1);
  return bodies.map((b) =>
    b.name && counts.get(b.name) === 1
      ? b.name
      : `${b.name || 'body'} (twin ${b.twinKey}; reference ${b.referenceKey})`,
  );
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
