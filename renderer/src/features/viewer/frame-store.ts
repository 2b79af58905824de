// The timeline's memory: the run's sample frames (float64 poses, as Chrono had them; a
// recording of format 1 gives float32), completed so that each one alone gives every
// item's pose (an item absent from a frame keeps its last pose, so the last known pose is
// carried forward), capped in bytes. When the cap is reached the older half is thinned
// (every other frame dropped), and the store says how much it dropped. Terrain changes
// that came in a display-only frame are kept with the next sample frame; a GRID extra
// (a terrain's first heights) belongs to the scene, not here.
import {
  EXTRA_GRID,
  EXTRA_HEIGHTS,
  POSE_STRIDE,
  type Frame,
  type FrameExtra,
  type Poses,
} from '../../../../electron/common/stream';

export interface StoredFrame {
  simTime: number;
  keys: Uint32Array;
  poses: Poses;
  /**
   * VERTICES and POINTS extras as of this frame (carried from earlier frames when absent),
   * plus this frame's own HEIGHTS changes (incremental: replay them in order).
   */
  extras: FrameExtra[];
  /** Extras that this frame brought (the others are shared with earlier frames). */
  owned: Set<FrameExtra>;
  bytes: number;
}

const FRAME_OVERHEAD = 96;

export class FrameStore {
  private list: StoredFrame[] = [];
  private total = 0;
  /** Frames dropped to keep to the cap, since the last clear. */
  dropped = 0;

  constructor(private capBytes: number) {}

  get frames(): readonly StoredFrame[] {
    return this.list;
  }

  get length(): number {
    return this.list.length;
  }

  get bytes(): number {
    return this.total;
  }

  get cap(): number {
    return this.capBytes;
  }

  setCap(bytes: number): void {
    this.capBytes = bytes;
    this.enforceCap();
  }

  clear(): void {
    this.list = [];
    this.total = 0;
    this.dropped = 0;
    this.pendingHeights = [];
  }

  /** Whether any frame carries terrain changes (seeking then replays them). */
  hasHeights = false;

  /** HEIGHTS changes of display-only frames since the last stored frame, in order. */
  private pendingHeights: FrameExtra[] = [];

  /** A frame that is not stored (display only): its terrain changes go with the next one. */
  carry(frame: Frame): void {
    for (const extra of frame.extras) {
      if (extra.kind === EXTRA_HEIGHTS) {
        this.pendingHeights.push({ key: extra.key, kind: extra.kind, data: extra.data.slice() });
      }
    }
  }

  push(frame: Frame): StoredFrame {
    const last = this.list[this.list.length - 1];
    const { keys, poses } = last ? completePoses(frame, last) : copyPoses(frame);
    const owned = new Set<FrameExtra>();
    const extras: FrameExtra[] = [];
    const fresh = new Set<number>();
    for (const carried of this.pendingHeights) {
      extras.push(carried);
      owned.add(carried);
      this.hasHeights = true;
    }
    this.pendingHeights = [];
    for (const extra of frame.extras) {
      if (extra.kind === EXTRA_GRID) continue;
      // Own copies: the frame's arrays view a message buffer we should not pin.
      const copy = { key: extra.key, kind: extra.kind, data: extra.data.slice() };
      extras.push(copy);
      owned.add(copy);
      if (extra.kind === EXTRA_HEIGHTS) this.hasHeights = true;
      else fresh.add(extra.key);
    }
    if (last) {
      for (const extra of last.extras) {
        if (extra.kind !== EXTRA_HEIGHTS && !fresh.has(extra.key)) extras.push(extra);
      }
    }
    let bytes = FRAME_OVERHEAD + keys.byteLength + poses.byteLength;
    for (const e of owned) bytes += e.data.byteLength + 16;
    const stored: StoredFrame = { simTime: frame.simTime, keys, poses, extras, owned, bytes };
    if (last && frame.simTime < last.simTime) {
      // Out of order (should not happen): keep the timeline sorted.
      this.list = this.list.filter((f) => f.simTime < frame.simTime);
      this.total = this.list.reduce((sum, f) => sum + f.bytes, 0);
    }
    this.list.push(stored);
    this.total += bytes;
    this.enforceCap();
    return stored;
  }

  /** Index of the last frame at or before `time` (0 when `time` is before the first). */
  indexAt(time: number): number {
    let lo = 0;
    let hi = this.list.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.list[mid].simTime <= time) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private enforceCap(): void {
    // Thin the older half until under the cap; always keep the first and the newest frames.
    while (this.total > this.capBytes && this.list.length > 2) {
      const half = Math.max(2, Math.floor(this.list.length / 2));
      const kept: StoredFrame[] = [];
      let removed = 0;
      for (let i = 0; i < this.list.length; i++) {
        const frame = this.list[i];
        const drop = i > 0 && i < half && i % 2 === 1;
        if (!drop) {
          kept.push(frame);
          continue;
        }
        this.handOver(frame, this.list[i + 1]);
        this.total -= frame.bytes;
        removed++;
      }
      if (removed === 0) break;
      this.dropped += removed;
      this.list = kept;
    }
  }

  /** A dropped frame passes its terrain changes and its shared extras to the next one. */
  private handOver(from: StoredFrame, to: StoredFrame): void {
    for (const extra of from.owned) {
      if (extra.kind === EXTRA_HEIGHTS) {
        const later = to.extras.find((e) => e.kind === EXTRA_HEIGHTS && e.key === extra.key);
        const merged = later ? concat(extra.data, later.data) : extra.data;
        const next = { key: extra.key, kind: EXTRA_HEIGHTS, data: merged };
        if (later) {
          to.extras[to.extras.indexOf(later)] = next;
          to.owned.delete(later);
          to.bytes -= later.data.byteLength + 16;
        } else {
          to.extras.push(next);
        }
        to.owned.add(next);
        to.bytes += merged.byteLength + 16;
        this.total += merged.byteLength + 16 - (later ? later.data.byteLength + 16 : 0);
      } else if (to.extras.includes(extra) && !to.owned.has(extra)) {
        to.owned.add(extra);
        to.bytes += extra.data.byteLength + 16;
        this.total += extra.data.byteLength + 16;
      }
    }
  }
}

function copyPoses(frame: Frame): { keys: Uint32Array; poses: Poses } {
  return { keys: frame.keys.slice(), poses: frame.poses.slice(0, frame.keys.length * POSE_STRIDE) };
}

/** The frame's poses plus, for items it leaves out, their pose in the previous frame. */
function completePoses(frame: Frame, last: StoredFrame): { keys: Uint32Array; poses: Poses } {
  const present = new Set<number>();
  for (let i = 0; i < frame.keys.length; i++) present.add(frame.keys[i]);
  let missing = 0;
  for (let i = 0; i < last.keys.length; i++) if (!present.has(last.keys[i])) missing++;
  if (missing === 0) return copyPoses(frame);
  const n = frame.keys.length;
  const keys = new Uint32Array(n + missing);
  // Float64 when the frame is (a float32 pose carried into it converts exactly).
  const poses =
    frame.poses instanceof Float64Array
      ? new Float64Array((n + missing) * POSE_STRIDE)
      : new Float32Array((n + missing) * POSE_STRIDE);
  keys.set(frame.keys);
  poses.set(frame.poses.subarray(0, n * POSE_STRIDE));
  let j = n;
  for (let i = 0; i < last.keys.length; i++) {
    if (present.has(last.keys[i])) continue;
    keys[j] = last.keys[i];
    poses.set(last.poses.subarray(i * POSE_STRIDE, (i + 1) * POSE_STRIDE), j * POSE_STRIDE);
    j++;
  }
  return { keys, poses };
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Finds an item's row in a frame, trying a remembered row first (rows rarely move). */
export function rowOf(keys: Uint32Array, key: number, hint = -1): number {
  if (hint >= 0 && hint < keys.length && keys[hint] === key) return hint;
  return keys.indexOf(key);
}
