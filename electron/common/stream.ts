// The runtime stream protocol (python-runtime/PROTOCOL.md): message types, framing and the
// binary frame codec, shared by the host, the CLI and the renderer. Reading a stream
// (the parser, recordings) is in stream-reader.ts; what a valid message is, in
// stream-schema.ts.

export const PROTOCOL_VERSION = 2;
export const KIND_JSON = 1;
export const KIND_FRAME = 2;
export const FRAME_DISPLAY = 1;
export const FRAME_SAMPLE = 2;
/** The frame's poses are float64 (sample frames): Chrono's doubles, bit for bit. */
export const FRAME_F64 = 4;
const KNOWN_FLAGS = FRAME_DISPLAY | FRAME_SAMPLE | FRAME_F64;
export const POSE_STRIDE = 10;
export const EXTRA_VERTICES = 1;
export const EXTRA_POINTS = 2;
export const EXTRA_HEIGHTS = 3;
/** Every height of a heightfield (float32, `iy * nx + ix`), in the first frame holding it. */
export const EXTRA_GRID = 4;
const LAST_EXTRA_KIND = EXTRA_GRID;

/** The version of the recording format written now (the magic's seventh byte). */
export const RECORDING_VERSION = 2;
const MAGIC_PREFIX = [0x54, 0x46, 0x52, 0x45, 0x43, 0x00]; // "TFREC\0"
/** Magic bytes that open a recording file: "TFREC\0", the version, "\n". */
export const RECORDING_MAGIC = recordingMagic(RECORDING_VERSION);

export function recordingMagic(version: number): Uint8Array {
  return new Uint8Array([...MAGIC_PREFIX, version, 0x0a]);
}

export type Vec3 = [number, number, number];
/** Quaternion with the scalar part first, as Chrono's e0..e3. */
export type Quat = [number, number, number, number];

export const PYCHRONO_MODULES = [
  'core',
  'fea',
  'vehicle',
  'robot',
  'sensor',
  'irrlicht',
  'pardisomkl',
  'ros',
] as const;
export type PychronoModule = (typeof PYCHRONO_MODULES)[number];

export interface HelloMessage {
  type: 'hello';
  protocol: number;
  python: string;
  pychrono: string | null;
  modules: Record<PychronoModule, boolean>;
  dataPath: string | null;
  /** The folder of the bridge package that runs (protocol 2 and later). */
  bridge?: string;
}

export interface ShapeFrame {
  pos: Vec3;
  rot: Quat;
}

interface ShapeBase {
  frame: ShapeFrame;
  color: Vec3;
  opacity: number;
  texture: string | null;
}

export type Shape = ShapeBase &
  (
    | { type: 'box'; lengths: Vec3 }
    | { type: 'sphere'; radius: number }
    | { type: 'ellipsoid'; semiaxes: Vec3 }
    | { type: 'cylinder' | 'capsule' | 'cone'; radius: number; height: number }
    | {
        type: 'barrel';
        semiaxes?: Vec3;
        radius?: number;
        height?: number;
        hlow?: number;
        hsup?: number;
        rvert?: number;
        rhor?: number;
        roffset?: number;
      }
    | { type: 'roundedbox'; lengths: Vec3; radius: number }
    | { type: 'roundedcylinder'; radius: number; height: number; sphereRadius: number }
    | { type: 'mesh'; mesh: string; wireframe: boolean; scale: Vec3 }
    | { type: 'modelfile'; file: string; scale: Vec3 }
    | {
        type: 'line' | 'path' | 'segment' | 'pointpoint' | 'spring' | 'rotspring';
        points: Vec3[];
        dynamic: boolean;
        radius?: number;
        turns?: number;
      }
    | { type: 'surface'; mesh: string }
    | { type: 'fea'; mesh: string; dynamic: true }
    | HeightfieldFields
  );
export type ShapeType = Shape['type'];

export interface HeightfieldFields {
  type: 'heightfield';
  nx: number;
  ny: number;
  dx: number;
  dy: number;
  origin: Vec3;
  /** The height of every cell of a flat grid; null when a GRID extra carries the heights. */
  flatHeight: number | null;
  /**
   * The heights by cell, filled in by readers (from the GRID extra, or from a version-1
   * recording, whose scene carried them); never on the wire.
   */
  heights?: Float32Array;
}

export type ItemKind = 'body' | 'link' | 'mesh' | 'other';

export interface SceneItem {
  key: number;
  id: number;
  name: string;
  kind: ItemKind;
  fixed: boolean;
  clones: number;
  shapes: Shape[];
  /** Bodies only: `GetMass()`, null when it could not be read (absent in older recordings). */
  mass?: number | null;
  /**
   * Links only: the most specific Chrono class a `CastTo*` function could tell (for example
   * `ChLinkLockRevolute`), null when none answered (absent in older recordings).
   */
  linkType?: string | null;
  /**
   * The script line that made the item (its constructor call, or its Add call when it was
   * made elsewhere); null when Chrono made it (vehicle parts, terrain patches, particles).
   * Absent in recordings made before the bridge sent it.
   */
  line?: number | null;
  /** The line of the Add call that put the item in the system, when not `line`; else null. */
  addLine?: number | null;
}

export type ContactMethod = 'NSC' | 'SMC';

/** What the system is, for a review; each fact is null when the bridge could not read it. */
export interface SceneSystem {
  /** `GetGravitationalAcceleration()`, m/s². */
  gravity: Vec3 | null;
  /** `GetStep()` once a step was taken (null before: Chrono holds a default until then). */
  timestep: number | null;
  /** `GetSolverType()` as the `ChSolver.Type_*` name without its prefix: `PSOR`, `SPARSE_LU`... */
  solver: string | null;
  /** `GetTimestepperType()` as the `ChTimestepper.Type_*` name: `EULER_IMPLICIT_LINEARIZED`... */
  timestepper: string | null;
  contactMethod: ContactMethod | null;
}

export interface MeshData {
  vertices: number[];
  indices: number[];
  normals?: number[];
  normalIndices?: number[];
}

export interface SceneMessage {
  type: 'scene';
  full: boolean;
  upAxis: 'Y' | 'Z';
  camera: { pos: Vec3; target: Vec3 } | null;
  add: SceneItem[];
  remove: number[];
  meshes: Record<string, MeshData>;
  /**
   * On the full scene, and again (complete) on the first scene message after the first step,
   * which adds the step size; the latest block wins. Absent in older recordings.
   */
  system?: SceneSystem;
}

export interface LogMessage {
  type: 'log';
  level: 'info' | 'warning';
  message: string;
}

export interface ErrorMessage {
  type: 'error';
  errorType: string;
  message: string;
  line: number | null;
  traceback: string;
  /** An optional module this install lacks (no edit of the script fixes it), or null. */
  missingModule: string | null;
  /** `check`: found in the script's text before it ran (calls that would crash Chrono). */
  phase: 'syntax' | 'check' | 'run';
}

export type EndStatus = 'finished' | 'limit' | 'stopped' | 'error';

export interface EndMessage {
  type: 'end';
  status: EndStatus;
  reason: string;
  simTime: number;
  steps: number;
  /** Wall time the bridge spent reading the scene and writing frames. */
  streamSeconds?: number;
  /** Display frames per second of unpaused run. */
  displayHz?: number;
  /** The bridge's share of the loop spent building and writing frames (0..1). */
  streamShare?: number;
  /** The run's secret, from the host: marks the bridge's own `end` (the host strips it). */
  nonce?: string;
}

/**
 * Why the display rate is what it is: `requested` (the rate asked for, within budget),
 * `budget` (lowered to keep the budget: the simulation is the bottleneck), `floor` (at the
 * lowest rate and still over budget), `samples` (sample frames alone take the budget;
 * display frames ride on them), `steps` (the script's steps are slower than the rate).
 */
export type DisplayReason = 'requested' | 'budget' | 'floor' | 'samples' | 'steps';

/** The display rate the bridge uses and why; sent when it changes (PROTOCOL.md). */
export interface DisplayMessage {
  type: 'display';
  /** Display frames per second measured over the last window. */
  hz: number;
  /** The rate the bridge aims at now. */
  targetHz: number | null;
  /** The rate the host asked for (null: every step). */
  requestedHz: number | null;
  /** The budget, as a fraction of the loop. */
  budget: number;
  /** The bridge's share of the loop over the last window (0..1). */
  share: number;
  /** The part of it spent on sample frames. */
  sampleShare: number;
  reason: DisplayReason;
}

export interface MetaMessage {
  type: 'meta';
  script: string;
  scriptPath: string | null;
  createdAt: string;
  twinforge: string;
  hello: HelloMessage | null;
}

export type JsonMessage =
  | HelloMessage
  | SceneMessage
  | LogMessage
  | ErrorMessage
  | EndMessage
  | MetaMessage
  | DisplayMessage;

export interface FrameExtra {
  key: number;
  kind: number;
  data: Float32Array;
}

/** Float64 in sample frames (FRAME_F64), float32 in display-only frames. */
export type Poses = Float32Array | Float64Array;

export interface Frame {
  simTime: number;
  flags: number;
  keys: Uint32Array;
  /** POSE_STRIDE numbers per key: x y z qw qx qy qz vx vy vz. */
  poses: Poses;
  extras: FrameExtra[];
}

export type StreamMessage =
  { kind: 'json'; message: JsonMessage } | { kind: 'frame'; frame: Frame };

/** The stream (or a file) breaks the protocol; the message says how. */
export class StreamError extends Error {
  override name = 'StreamError';
}

/** Most items a frame may pose, and most extras it may carry. */
export const FRAME_MAX_ITEMS = 1_000_000;
export const FRAME_MAX_EXTRAS = 1_000_000;

/** Where a frame's poses start: after the keys, on an 8-byte boundary when float64. */
export function posesOffset(n: number, flags: number): number {
  const offset = 16 + 4 * n;
  return flags & FRAME_F64 ? offset + (offset % 8) : offset;
}

/**
 * Reads a binary frame, checking every count against the bytes there are (a bad frame
 * throws a StreamError that says what is wrong). The typed arrays view the given buffer
 * without copying when it is aligned.
 */
export function decodeFrame(bytes: Uint8Array): Frame {
  const length = bytes.byteLength;
  if (length < 16) throw new StreamError(`a frame of ${length} bytes is shorter than its header`);
  const base = bytes.byteOffset;
  const view = new DataView(bytes.buffer, base, length);
  const flags = view.getUint32(8, true);
  // Typed arrays need aligned offsets; copy into a fresh buffer (a Node Buffer's slice
  // would only be another view).
  if (base % (flags & FRAME_F64 ? 8 : 4) !== 0) return decodeFrame(new Uint8Array(bytes));
  const simTime = view.getFloat64(0, true);
  const n = view.getUint32(12, true);
  if (!Number.isFinite(simTime)) throw new StreamError('a frame has no finite simulation time');
  if (flags & ~KNOWN_FLAGS) throw new StreamError(`a frame has unknown flags ${flags}`);
  if (n > FRAME_MAX_ITEMS) {
    throw new StreamError(`a frame poses ${n} items; at most ${FRAME_MAX_ITEMS} are read`);
  }
  const at = posesOffset(n, flags);
  const wide = (flags & FRAME_F64) !== 0;
  let offset = at + n * POSE_STRIDE * (wide ? 8 : 4);
  if (offset > length) {
    throw new StreamError(`a frame declares ${n} poses but has only ${length} bytes`);
  }
  const buffer = bytes.buffer;
  const keys = new Uint32Array(buffer, base + 16, n);
  const poses = wide
    ? new Float64Array(buffer, base + at, n * POSE_STRIDE)
    : new Float32Array(buffer, base + at, n * POSE_STRIDE);
  const extras: FrameExtra[] = [];
  // Version 1 bridges could end a frame without the extras count.
  const extraCount = offset + 4 <= length ? view.getUint32(offset, true) : 0;
  if (offset < length) offset += 4;
  if (extraCount > FRAME_MAX_EXTRAS) {
    throw new StreamError(`a frame declares ${extraCount} extras; at most ${FRAME_MAX_EXTRAS}`);
  }
  for (let i = 0; i < extraCount; i++) {
    if (offset + 12 > length) throw new StreamError(`a frame ends inside extra ${i}`);
    const key = view.getUint32(offset, true);
    const kind = view.getUint32(offset + 4, true);
    const len = view.getUint32(offset + 8, true);
    if (kind < 1 || kind > LAST_EXTRA_KIND) {
      throw new StreamError(`a frame has an extra of unknown kind ${kind}`);
    }
    if (offset + 12 + 4 * len > length) {
      throw new StreamError(`extra ${i} of a frame declares ${len} values past the frame's end`);
    }
    extras.push({ key, kind, data: new Float32Array(buffer, base + offset + 12, len) });
    offset += 12 + 4 * len;
  }
  if (offset !== length) {
    throw new StreamError(`a frame has ${length - offset} bytes more than its counts declare`);
  }
  return { simTime, flags, keys, poses, extras };
}

/** Writes a binary frame (the payload of a FRAME message, without its framing). */
export function encodeFrame(frame: Frame): Uint8Array {
  const n = frame.keys.length;
  const wide = (frame.flags & FRAME_F64) !== 0;
  const at = posesOffset(n, frame.flags);
  let size = at + n * POSE_STRIDE * (wide ? 8 : 4) + 4;
  for (const e of frame.extras) size += 12 + 4 * e.data.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setFloat64(0, frame.simTime, true);
  view.setUint32(8, frame.flags, true);
  view.setUint32(12, n, true);
  new Uint32Array(out.buffer, 16, n).set(frame.keys);
  const poses = frame.poses.subarray(0, n * POSE_STRIDE);
  if (wide) new Float64Array(out.buffer, at, n * POSE_STRIDE).set(poses);
  else new Float32Array(out.buffer, at, n * POSE_STRIDE).set(poses);
  let offset = at + n * POSE_STRIDE * (wide ? 8 : 4);
  view.setUint32(offset, frame.extras.length, true);
  offset += 4;
  for (const e of frame.extras) {
    view.setUint32(offset, e.key, true);
    view.setUint32(offset + 4, e.kind, true);
    view.setUint32(offset + 8, e.data.length, true);
    new Float32Array(out.buffer, offset + 12, e.data.length).set(e.data);
    offset += 12 + 4 * e.data.length;
  }
  return out;
}

/** Frames one message for the pipe or a recording file. */
export function frameMessage(kind: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + payload.byteLength);
  new DataView(out.buffer).setUint32(0, payload.byteLength + 1, true);
  out[4] = kind;
  out.set(payload, 5);
  return out;
}

export function encodeJsonMessage(message: JsonMessage): Uint8Array {
  return frameMessage(KIND_JSON, new TextEncoder().encode(JSON.stringify(message, omitHeights)));
}

/** Heights filled in by a reader travel as a GRID extra, never as JSON. */
function omitHeights(key: string, value: unknown): unknown {
  return key === 'heights' && value instanceof Float32Array ? undefined : value;
}
