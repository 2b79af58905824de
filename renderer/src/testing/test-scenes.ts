// Small scene messages and frames for the engine's tests.
import {
  FRAME_DISPLAY,
  FRAME_F64,
  FRAME_SAMPLE,
  POSE_STRIDE,
  type Frame,
  type FrameExtra,
  type SceneItem,
  type SceneMessage,
  type Shape,
} from '../../../electron/common/stream';

type LookKeys = 'frame' | 'color' | 'opacity' | 'texture';
/** The size fields of one shape kind (distributes over the union). */
type ShapeFields = Shape extends infer S ? (S extends Shape ? Omit<S, LookKeys> : never) : never;
type Look = Partial<Pick<Shape, LookKeys>>;

export function shape(fields: ShapeFields, look: Look = {}): Shape {
  return {
    frame: { pos: [0, 0, 0], rot: [1, 0, 0, 0] },
    color: [0.5, 0.5, 0.5],
    opacity: 1,
    texture: null,
    ...look,
    ...fields,
  } as Shape;
}

export function body(key: number, shapes: Shape[], extra: Partial<SceneItem> = {}): SceneItem {
  return {
    key,
    id: key,
    name: `body${key}`,
    kind: 'body',
    fixed: false,
    clones: 0,
    shapes,
    ...extra,
  };
}

export function scene(add: SceneItem[], extra: Partial<SceneMessage> = {}): SceneMessage {
  return {
    type: 'scene',
    full: true,
    upAxis: 'Y',
    camera: null,
    add,
    remove: [],
    meshes: {},
    ...extra,
  };
}

/** A frame posing each key at `pos` with the given quaternion (w first). */
export function frame(
  simTime: number,
  poses: Record<
    number,
    {
      pos: [number, number, number];
      rot?: [number, number, number, number];
      vel?: [number, number, number];
    }
  >,
  extras: FrameExtra[] = [],
  flags = FRAME_DISPLAY | FRAME_SAMPLE,
): Frame {
  const keys = Object.keys(poses).map(Number);
  // Sample frames carry float64 poses, display-only frames float32 (PROTOCOL.md).
  const wide = (flags & FRAME_SAMPLE) !== 0;
  const data = wide
    ? new Float64Array(keys.length * POSE_STRIDE)
    : new Float32Array(keys.length * POSE_STRIDE);
  keys.forEach((key, i) => {
    const p = poses[key];
    data.set([...p.pos, ...(p.rot ?? [1, 0, 0, 0]), ...(p.vel ?? [0, 0, 0])], i * POSE_STRIDE);
  });
  const flagged = wide ? flags | FRAME_F64 : flags;
  return { simTime, flags: flagged, keys: Uint32Array.from(keys), poses: data, extras };
}
