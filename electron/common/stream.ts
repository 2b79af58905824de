// The runtime stream protocol (python-runtime/PROTOCOL.md): message types, framing and
// binary frame codecs, shared by the host, the CLI and the renderer.

export const PROTOCOL_VERSION = 1;
export const KIND_JSON = 1;
export const KIND_FRAME = 2;
export const FRAME_DISPLAY = 1;
export const FRAME_SAMPLE = 2;
export const POSE_STRIDE = 10;
export const EXTRA_VERTICES = 1;
export const EXTRA_POINTS = 2;
export const EXTRA_HEIGHTS = 3;
/** Magic bytes that open a recording file. */
export const RECORDING_MAGIC = new Uint8Array([0x54, 0x46, 0x52, 0x45, 0x43, 0x00, 0x01, 0x0a]);

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
    | {
        type: 'heightfield';
        nx: number;
        ny: number;
        dx: number;
        dy: number;
        origin: Vec3;
        heights: number[];
      }
  );
export type ShapeType = Shape['type'];

export type ItemKind = 'body' | 'link' | 'mesh' | 'other';

export interface SceneItem {
  key: number;
  id: number;
  name: string;
  kind: ItemKind;
  fixed: boolean;
  clones: number;
  shapes: Shape[];
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
  missingModule: string | null;
  phase: 'syntax' | 'run';
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
  /** The run's secret, from the host: marks the bridge's own `end` (the host strips it). */
  nonce?: string;
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
  HelloMessage | SceneMessage | LogMessage | ErrorMessage | EndMessage | MetaMessage;

export interface FrameExtra {
  key: number;
  kind: number;
  data: Float32Array;
}

export interface Frame {
  simTime: number;
  flags: number;
  keys: Uint32Array;
  /** POSE_STRIDE floats per key: x y z qw qx qy qz vx vy vz. */
  poses: Float32Array;
  extras: FrameExtra[];
}

export type StreamMessage =
  { kind: 'json'; message: JsonMessage } | { kind: 'frame'; frame: Frame };

/** Reads a binary frame; the typed arrays view the given buffer without copying. */
export function decodeFrame(bytes: Uint8Array): Frame {
  const buffer = bytes.buffer;
  const base = bytes.byteOffset;
  // Typed arrays need aligned offsets; copy into a fresh buffer (a Node Buffer's slice
  // would only be another view).
  if (base % 4 !== 0) return decodeFrame(new Uint8Array(bytes));
  const view = new DataView(buffer, base, bytes.byteLength);
  const simTime = view.getFloat64(0, true);
  const flags = view.getUint32(8, true);
  const n = view.getUint32(12, true);
  const keys = new Uint32Array(buffer, base + 16, n);
  const poses = new Float32Array(buffer, base + 16 + 4 * n, n * POSE_STRIDE);
  let offset = 16 + 44 * n;
  const extras: FrameExtra[] = [];
  const extraCount = offset < bytes.byteLength ? view.getUint32(offset, true) : 0;
  offset += 4;
  for (let i = 0; i < extraCount; i++) {
    const key = view.getUint32(offset, true);
    const kind = view.getUint32(offset + 4, true);
    const len = view.getUint32(offset + 8, true);
    extras.push({ key, kind, data: new Float32Array(buffer, base + offset + 12, len) });
    offset += 12 + 4 * len;
  }
  return { simTime, flags, keys, poses, extras };
}

/** Writes a binary frame (the payload of a FRAME message, without its framing). */
export function encodeFrame(frame: Frame): Uint8Array {
  const n = frame.keys.length;
  let size = 16 + 44 * n + 4;
  for (const e of frame.extras) size += 12 + 4 * e.data.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setFloat64(0, frame.simTime, true);
  view.setUint32(8, frame.flags, true);
  view.setUint32(12, n, true);
  new Uint32Array(out.buffer, 16, n).set(frame.keys);
  new Float32Array(out.buffer, 16 + 4 * n, n * POSE_STRIDE).set(frame.poses);
  let offset = 16 + 44 * n;
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
  return frameMessage(KIND_JSON, new TextEncoder().encode(JSON.stringify(message)));
}

/**
 * Splits a byte stream into messages. Feed it chunks as they arrive; it keeps a partial
 * message until the rest comes. A malformed length throws, since the stream cannot be
 * re-synchronised after that.
 */
export class StreamParser {
  private pending: Uint8Array = new Uint8Array(0);
  private readonly decoder = new TextDecoder();

  constructor(private readonly maxMessageBytes = 1 << 30) {}

  push(chunk: Uint8Array): StreamMessage[] {
    const data = this.pending.byteLength ? concat(this.pending, chunk) : chunk;
    const out: StreamMessage[] = [];
    let offset = 0;
    while (data.byteLength - offset >= 5) {
      const length = new DataView(data.buffer, data.byteOffset + offset, 4).getUint32(0, true);
      if (length < 1 || length > this.maxMessageBytes) {
        throw new Error(`Malformed runtime stream: message length ${length}`);
      }
      if (data.byteLength - offset - 4 < length) break;
      const kind = data[offset + 4];
      // Copy the payload so frames own an aligned buffer that can be transferred.
      const payload = copyBytes(data, offset + 5, offset + 4 + length);
      offset += 4 + length;
      if (kind === KIND_JSON) {
        out.push({
          kind: 'json',
          message: JSON.parse(this.decoder.decode(payload)) as JsonMessage,
        });
      } else if (kind === KIND_FRAME) {
        out.push({ kind: 'frame', frame: decodeFrame(payload) });
      } else {
        throw new Error(`Malformed runtime stream: unknown message kind ${kind}`);
      }
    }
    this.pending = copyBytes(data, offset, data.byteLength);
    return out;
  }

  /** Bytes received that do not yet form a whole message (a cut-off tail). */
  get pendingBytes(): number {
    return this.pending.byteLength;
  }
}

/** A copy that owns its buffer, even when given a Node Buffer (whose slice is a view). */
function copyBytes(data: Uint8Array, start: number, end: number): Uint8Array {
  return Uint8Array.prototype.slice.call(data, start, end);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

/** Reads a whole recording; a cut-off tail (a crash while writing) is ignored. */
export function parseRecording(bytes: Uint8Array): StreamMessage[] {
  for (let i = 0; i < RECORDING_MAGIC.length; i++) {
    if (bytes[i] !== RECORDING_MAGIC[i]) throw new Error('Not a TwinForge recording (bad header)');
  }
  return new StreamParser().push(bytes.subarray(RECORDING_MAGIC.length));
}
