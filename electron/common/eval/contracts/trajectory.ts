// A run's motion as a physics contract measures it: the bodies of the scene (name, mass,
// fixed) and, for every sample frame (taken each sample-dt of simulated time, holding every
// moving body), each body's pose and velocity. Built from the stream's messages as they
// come, so a candidate cannot print its way past the check. Pure.
import { FRAME_SAMPLE, POSE_STRIDE, type Frame, type SceneMessage, type Vec3 } from '../../stream';

export interface TrackedBody {
  key: number;
  id: number;
  name: string;
  mass: number | null;
  fixed: boolean;
  /** Position in the scene's order of appearance (the order the script made them). */
  order: number;
}

/** One body's samples; a sample frame without the body repeats its last pose. */
export interface BodyTrack {
  body: TrackedBody;
  t: number[];
  /** x y z qw qx qy qz vx vy vz per sample, like the frame's poses. */
  poses: number[][];
}

export interface Trajectory {
  tracks: BodyTrack[];
  /** The system's gravity as the scene reported it, or null. */
  gravity: Vec3 | null;
  upAxis: 'Y' | 'Z' | null;
  /** True when samples were dropped to stay within the recorder's budget. */
  truncated: boolean;
}

/** Numbers kept at most (10 per body per sample): about 80 MB of samples. */
const SAMPLE_BUDGET = 10_000_000;

/** Collects a run's trajectory from its scene messages and frames. */
export class TrajectoryRecorder {
  private readonly bodies = new Map<number, TrackedBody>();
  private readonly tracks = new Map<number, BodyTrack>();
  private readonly last = new Map<number, number[]>();
  private gravity: Vec3 | null = null;
  private upAxis: 'Y' | 'Z' | null = null;
  private kept = 0;
  private truncated = false;

  scene(message: SceneMessage): void {
    if (message.full) this.bodies.clear();
    for (const key of message.remove) this.bodies.delete(key);
    for (const item of message.add) {
      if (item.kind !== 'body') continue;
      this.bodies.set(item.key, {
        key: item.key,
        id: item.id,
        name: item.name,
        mass: item.mass ?? null,
        fixed: item.fixed,
        order: this.bodies.size,
      });
    }
    if (message.system) this.gravity = message.system.gravity;
    if (message.upAxis) this.upAxis = message.upAxis;
  }

  frame(frame: Pick<Frame, 'simTime' | 'flags' | 'keys' | 'poses'>): void {
    for (let i = 0; i < frame.keys.length; i++) {
      const at = i * POSE_STRIDE;
      const pose: number[] = [];
      for (let k = 0; k < POSE_STRIDE; k++) pose.push(frame.poses[at + k]);
      this.last.set(frame.keys[i], pose);
    }
    if (!(frame.flags & FRAME_SAMPLE)) return;
    if (this.kept + this.bodies.size * POSE_STRIDE > SAMPLE_BUDGET) {
      this.truncated = true;
      return;
    }
    for (const body of this.bodies.values()) {
      const pose = this.last.get(body.key);
      if (!pose) continue;
      let track = this.tracks.get(body.key);
      if (!track) this.tracks.set(body.key, (track = { body, t: [], poses: [] }));
      track.t.push(frame.simTime);
      track.poses.push(pose);
      this.kept += POSE_STRIDE;
    }
  }

  result(): Trajectory {
    return {
      tracks: [...this.tracks.values()].sort((a, b) => a.body.order - b.body.order),
      gravity: this.gravity,
      upAxis: this.upAxis,
      truncated: this.truncated,
    };
  }
}

// ---- choosing a body ---------------------------------------------------------------------

export const BODY_PICKS = [
  'first-moving',
  'most-moving',
  'most-rotating',
  'most-linear',
  'heaviest-moving',
  'heaviest',
] as const;
export type BodyPick = (typeof BODY_PICKS)[number];

export interface BodySelector {
  /** A regular expression the body's name must match (a leading `(?i)` ignores case). */
  name?: string;
  /** How to choose among the (matching) bodies; `first-moving` by default. */
  pick?: BodyPick;
}

/** Below this a body is taken as still: float32 poses carry ~1e-7 of noise. */
const STILL = 1e-5;

function extent(track: BodyTrack): number {
  let best = 0;
  for (let k = 0; k < 3; k++) {
    const values = track.poses.map((p) => p[k]);
    best = Math.max(best, Math.max(...values) - Math.min(...values));
  }
  return best;
}

function totalRotation(track: BodyTrack): number {
  let sum = 0;
  for (let i = 1; i < track.poses.length; i++) {
    sum += quatAngle(track.poses[i - 1], track.poses[i]);
  }
  return sum;
}

export function isMoving(track: BodyTrack): boolean {
  return !track.body.fixed && (extent(track) > STILL || totalRotation(track) > STILL * 10);
}

/** The body a selector names, or null with the reason. */
export function selectBody(
  trajectory: Trajectory,
  selector: BodySelector = {},
): { track: BodyTrack } | { track: null; reason: string } {
  let tracks = trajectory.tracks.filter((t) => t.poses.length > 0 && !t.body.fixed);
  if (selector.name !== undefined) {
    const re = nameRegex(selector.name);
    tracks = tracks.filter((t) => re.test(t.body.name));
    if (tracks.length === 0) return { track: null, reason: `no body named like ${selector.name}` };
  }
  const pick = selector.pick ?? 'first-moving';
  // `heaviest` takes a body whether it moves or not: a vehicle keeping perfectly still is
  // what some checks want; every other pick chooses among the bodies that move.
  const pool = pick === 'heaviest' ? tracks : tracks.filter(isMoving);
  if (pool.length === 0) {
    return { track: null, reason: pick === 'heaviest' ? 'every body is fixed' : 'no body moves' };
  }
  const by = (score: (t: BodyTrack) => number) =>
    pool.reduce((best, t) => (score(t) > score(best) ? t : best));
  const mass = (t: BodyTrack) => t.body.mass ?? -Infinity;
  switch (pick) {
    case 'first-moving':
      return { track: pool[0] };
    case 'most-moving':
      return { track: by(extent) };
    case 'most-rotating':
      return { track: by(totalRotation) };
    case 'heaviest-moving':
    case 'heaviest':
      return { track: by(mass) };
    case 'most-linear': {
      const largest = Math.max(...pool.map(extent));
      const candidates = pool.filter((t) => extent(t) > 0.01 * largest);
      const straightness = (t: BodyTrack) => {
        const fit = lineFit(trackPositions(t));
        return fit.along > 0 ? -fit.deviation / fit.along : -Infinity;
      };
      return { track: candidates.reduce((a, b) => (straightness(b) > straightness(a) ? b : a)) };
    }
  }
}

export function nameRegex(pattern: string): RegExp {
  return pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern);
}

// ---- signals ---------------------------------------------------------------------------

export const SIGNALS = [
  'time',
  'x',
  'y',
  'z',
  'vx',
  'vy',
  'vz',
  'speed',
  'height',
  'horizontal',
  'distance',
  'rotation',
  'angular_rate',
  'principal',
  'lateral',
] as const;
export type Signal = (typeof SIGNALS)[number];

export interface SignalOptions {
  /** For `distance`: the point, world coordinates. */
  point?: Vec3;
}

/** The unit vector pointing up: against gravity, else along the scene's up axis. */
export function upVector(trajectory: Trajectory): Vec3 {
  const g = trajectory.gravity;
  const n = g ? Math.hypot(...g) : 0;
  if (g && n > 0) return [-g[0] / n, -g[1] / n, -g[2] / n];
  return trajectory.upAxis === 'Z' ? [0, 0, 1] : [0, 1, 0];
}

export function trackPositions(track: BodyTrack): Vec3[] {
  return track.poses.map((p) => [p[0], p[1], p[2]]);
}

/** A body's series of one signal over its sample times. */
export function signalSeries(
  trajectory: Trajectory,
  track: BodyTrack,
  signal: Signal,
  options: SignalOptions = {},
): { t: number[]; v: number[] } {
  const p = track.poses;
  const t = track.t;
  const up = upVector(trajectory);
  const dot = (a: readonly number[], b: readonly number[]) =>
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  switch (signal) {
    case 'time':
      return { t, v: [...t] };
    case 'x':
    case 'y':
    case 'z': {
      const k = { x: 0, y: 1, z: 2 }[signal];
      return { t, v: p.map((q) => q[k]) };
    }
    case 'vx':
    case 'vy':
    case 'vz': {
      const k = { vx: 7, vy: 8, vz: 9 }[signal];
      return { t, v: p.map((q) => q[k]) };
    }
    case 'speed':
      return { t, v: p.map((q) => Math.hypot(q[7], q[8], q[9])) };
    case 'height':
      return { t, v: p.map((q) => dot(q, up)) };
    case 'horizontal':
      return {
        t,
        v: p.map((q) => {
          const d = [q[0] - p[0][0], q[1] - p[0][1], q[2] - p[0][2]];
          const h = dot(d, up);
          return Math.hypot(d[0] - h * up[0], d[1] - h * up[1], d[2] - h * up[2]);
        }),
      };
    case 'distance': {
      const c = options.point ?? [0, 0, 0];
      return { t, v: p.map((q) => Math.hypot(q[0] - c[0], q[1] - c[1], q[2] - c[2])) };
    }
    case 'rotation':
      return { t, v: p.map((q) => quatAngle(p[0], q)) };
    case 'angular_rate': {
      const v: number[] = [];
      const times: number[] = [];
      for (let i = 1; i < p.length; i++) {
        const dt = t[i] - t[i - 1];
        if (dt <= 0) continue;
        times.push((t[i] + t[i - 1]) / 2);
        v.push(quatAngle(p[i - 1], p[i]) / dt);
      }
      return { t: times, v };
    }
    case 'principal':
    case 'lateral': {
      const fit = lineFit(trackPositions(track));
      return { t, v: signal === 'principal' ? fit.projections : fit.distances };
    }
  }
}

/** The rotation angle (0..π) taking orientation a to b (poses' qw qx qy qz at 3..6). */
export function quatAngle(a: readonly number[], b: readonly number[]): number {
  // The relative rotation conj(a)·b: its scalar part and the norm of its vector part.
  const [aw, ax, ay, az] = [a[3], -a[4], -a[5], -a[6]];
  const [bw, bx, by, bz] = [b[3], b[4], b[5], b[6]];
  const w = aw * bw - ax * bx - ay * by - az * bz;
  const x = aw * bx + ax * bw + ay * bz - az * by;
  const y = aw * by - ax * bz + ay * bw + az * bx;
  const z = aw * bz + ax * by - ay * bx + az * bw;
  return 2 * Math.atan2(Math.hypot(x, y, z), Math.abs(w));
}

// ---- geometry of a path -------------------------------------------------------------------

/** Eigenvalues (descending) and unit eigenvectors of a symmetric 3×3 matrix (Jacobi). */
export function symmetricEigen(m: number[][]): { values: number[]; vectors: Vec3[] } {
  const a = m.map((row) => [...row]);
  const v = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = a[0][1] ** 2 + a[0][2] ** 2 + a[1][2] ** 2;
    if (off < 1e-30) break;
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      if (Math.abs(a[p][q]) < 1e-300) continue;
      const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
      const tan = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(tan * tan + 1);
      const s = tan * c;
      for (let k = 0; k < 3; k++) {
        const akp = a[k][p];
        const akq = a[k][q];
        a[k][p] = c * akp - s * akq;
        a[k][q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[p][k];
        const aqk = a[q][k];
        a[p][k] = c * apk - s * aqk;
        a[q][k] = s * apk + c * aqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = v[k][p];
        const vkq = v[k][q];
        v[k][p] = c * vkp - s * vkq;
        v[k][q] = s * vkp + c * vkq;
      }
    }
  }
  const order = [0, 1, 2].sort((i, j) => a[j][j] - a[i][i]);
  return {
    values: order.map((i) => a[i][i]),
    vectors: order.map((i) => [v[0][i], v[1][i], v[2][i]] as Vec3),
  };
}

function centroidAndAxes(points: readonly Vec3[]) {
  const n = points.length;
  const c: Vec3 = [0, 0, 0];
  for (const p of points) for (let k = 0; k < 3; k++) c[k] += p[k] / n;
  const cov = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (const p of points) {
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) cov[i][j] += ((p[i] - c[i]) * (p[j] - c[j])) / n;
  }
  return { c, axes: symmetricEigen(cov).vectors };
}

/** The best straight line through a path: how far along it the path runs and how far off. */
export function lineFit(points: readonly Vec3[]): {
  along: number;
  deviation: number;
  projections: number[];
  distances: number[];
} {
  if (points.length === 0) return { along: 0, deviation: 0, projections: [], distances: [] };
  const { c, axes } = centroidAndAxes(points);
  const e = axes[0];
  const projections: number[] = [];
  const distances: number[] = [];
  for (const p of points) {
    const d = [p[0] - c[0], p[1] - c[1], p[2] - c[2]];
    const s = d[0] * e[0] + d[1] * e[1] + d[2] * e[2];
    projections.push(s);
    distances.push(Math.hypot(d[0] - s * e[0], d[1] - s * e[1], d[2] - s * e[2]));
  }
  return {
    along: Math.max(...projections) - Math.min(...projections),
    deviation: Math.max(...distances),
    projections,
    distances,
  };
}

/**
 * The circle through a path in its best plane (an algebraic least-squares fit): its
 * radius, and how much the points' distances from its centre spread, relative to it.
 */
export function circleFit(points: readonly Vec3[]): { radius: number; spread: number } {
  if (points.length < 3) return { radius: NaN, spread: NaN };
  const { c, axes } = centroidAndAxes(points);
  const [e1, e2] = axes;
  const uv = points.map((p) => {
    const d = [p[0] - c[0], p[1] - c[1], p[2] - c[2]];
    return [d[0] * e1[0] + d[1] * e1[1] + d[2] * e1[2], d[0] * e2[0] + d[1] * e2[1] + d[2] * e2[2]];
  });
  // u² + v² + D u + E v + F = 0, in the least-squares sense: 3×3 normal equations.
  const ata = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const atb = [0, 0, 0];
  for (const [u, v] of uv) {
    const row = [u, v, 1];
    const rhs = -(u * u + v * v);
    for (let i = 0; i < 3; i++) {
      atb[i] += row[i] * rhs;
      for (let j = 0; j < 3; j++) ata[i][j] += row[i] * row[j];
    }
  }
  const solution = solve3(ata, atb);
  if (!solution) return { radius: NaN, spread: NaN };
  const [D, E, F] = solution;
  const cu = -D / 2;
  const cv = -E / 2;
  const radius = Math.sqrt(cu * cu + cv * cv - F);
  const distances = uv.map(([u, v]) => Math.hypot(u - cu, v - cv));
  return { radius, spread: (Math.max(...distances) - Math.min(...distances)) / radius };
}

/** Gaussian elimination with partial pivoting; null for a singular system. */
function solve3(a: number[][], b: number[]): number[] | null {
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < 3; col++) {
    let pivot = col;
    for (let r = col + 1; r < 3; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (Math.abs(m[pivot][col]) < 1e-300) return null;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < 3; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let k = col; k < 4; k++) m[r][k] -= f * m[col][k];
    }
  }
  return [m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]];
}
