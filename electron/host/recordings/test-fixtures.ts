// Small scene and recording builders shared by this folder's unit tests.
import { readFile } from 'node:fs/promises';
import {
  FRAME_SAMPLE,
  POSE_STRIDE,
  decodeFrame,
  encodeFrame,
  type HelloMessage,
  type JsonMessage,
  type SceneItem,
  type SceneMessage,
  type Shape,
} from '../../common/stream';
import { writeFrame } from './recording-format';
import { RecordingWriter } from './recording-writer';

export function item(
  key: number,
  kind: SceneItem['kind'],
  shapes: Shape[],
  name = `item${key}`,
): SceneItem {
  return { key, id: key, name, kind, fixed: false, clones: 0, shapes };
}

export function scene(add: SceneItem[], opts: Partial<SceneMessage> = {}): SceneMessage {
  return {
    type: 'scene',
    full: true,
    upAxis: 'Z',
    camera: null,
    add,
    remove: [],
    meshes: {},
    ...opts,
  };
}

export const HELLO: HelloMessage = {
  type: 'hello',
  protocol: 1,
  python: '3.11.7',
  pychrono: '9.0.1',
  modules: {
    core: true,
    fea: false,
    vehicle: false,
    robot: false,
    sensor: false,
    irrlicht: false,
    pardisomkl: false,
    ros: false,
  },
  dataPath: null,
};

export function shape(fields: Record<string, unknown> & { type: Shape['type'] }): Shape {
  return {
    frame: { pos: [0, 0, 0], rot: [1, 0, 0, 0] },
    color: [0.5, 0.5, 0.5],
    opacity: 1,
    texture: null,
    ...fields,
  } as Shape;
}

/** A sample frame's payload posing `poses` (key → x y z qw qx qy qz). */
export function sampleFrame(simTime: number, poses: Record<number, number[]>): Uint8Array {
  const keys = Object.keys(poses).map(Number);
  const values = new Float32Array(keys.length * POSE_STRIDE);
  keys.forEach((key, i) => values.set([...poses[key], 0, 0, 0], i * POSE_STRIDE));
  return encodeFrame({
    simTime,
    flags: FRAME_SAMPLE,
    keys: Uint32Array.from(keys),
    poses: values,
    extras: [],
  });
}

/**
 * A recording written through RecordingWriter (so it is in whatever format the writer
 * writes): JSON messages, and frame payloads from `sampleFrame`.
 */
export async function writeRecording(
  path: string,
  parts: Array<JsonMessage | Uint8Array>,
  script = 'import pychrono\n',
): Promise<Uint8Array> {
  const writer = new RecordingWriter(path, {
    script,
    scriptPath: '/w/twin.py',
    twinforge: '0.1.0',
  });
  for (const part of parts) {
    if (part instanceof Uint8Array) writeFrame(writer, part, decodeFrame(part));
    else writer.message(part);
  }
  await writer.close();
  return new Uint8Array(await readFile(path));
}
