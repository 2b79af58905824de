import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameTransforms, SceneUpdate } from '@foxglove/schemas';
import { McapIndexedReader, TempBuffer } from '@mcap/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POSE_STRIDE } from '../../common/stream';
import { MemorySink } from './byte-sinks';
import { parseRecording } from './recording-format';
import {
  MCAP_NOT_DRAWN_METADATA,
  MCAP_RUN_METADATA,
  MCAP_SCENE_TOPIC,
  MCAP_TRANSFORMS_TOPIC,
  writeMcap,
} from './mcap-export';
import { HELLO, item, sampleFrame, scene, shape, writeRecording } from './test-fixtures';

const QUARTER_X = [Math.SQRT1_2, Math.SQRT1_2, 0, 0]; // w x y z: +90° about X

const pendulum = item(
  1,
  'body',
  [
    shape({ type: 'box', lengths: [0.1, 0.2, 0.3] }),
    shape({
      type: 'capsule',
      radius: 0.05,
      height: 0.4,
      frame: { pos: [0, 0, 1], rot: QUARTER_X },
    }),
    shape({ type: 'cone', radius: 0.1, height: 0.2 }),
    shape({ type: 'mesh', mesh: 'tri', wireframe: false, scale: [2, 2, 2] }),
    shape({
      type: 'spring',
      points: [
        [0, 0, 0],
        [0, 0, 1],
      ],
      dynamic: true,
    }),
  ],
  'pendulum',
);
const ground = { ...item(2, 'body', [shape({ type: 'box', lengths: [4, 4, 0.1] })], 'ground') };
const particles = {
  ...item(3, 'other', [shape({ type: 'sphere', radius: 0.01 })], 'sand'),
  clones: 10,
};
const bob = item(4, 'body', [shape({ type: 'sphere', radius: 0.2 })], 'bob');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-mcap-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function pendulumRecording(): Promise<Uint8Array> {
  return writeRecording(join(dir, 'run.tfrec'), [
    HELLO,
    scene([pendulum, ground, particles], {
      meshes: { tri: { vertices: [0, 0, 0, 1, 0, 0, 0, 1, 0], indices: [0, 1, 2] } },
    }),
    sampleFrame(0.01, { 1: [0.1, 0.2, 0.3, 1, 0, 0, 0], 2: [0, 0, -1, 1, 0, 0, 0] }),
    sampleFrame(0.02, { 1: [0.123456789, -0.5, 0.25, 0.9238795, 0.3826834, 0, 0] }),
    scene([bob], { full: false }),
    sampleFrame(0.03, { 1: [0.2, 0.2, 0.2, 1, 0, 0, 0], 4: [1, 1, 1, 1, 0, 0, 0] }),
    // The step size arriving later is no scene change.
    scene([], {
      full: false,
      system: {
        gravity: [0, 0, -9.81],
        timestep: 0.001,
        solver: null,
        timestepper: null,
        contactMethod: 'NSC',
      },
    }),
    { type: 'end', status: 'finished', reason: 'done', simTime: 0.03, steps: 30 },
  ]);
}

async function exported(recording: Uint8Array) {
  const sink = new MemorySink();
  const stats = await writeMcap(parseRecording(recording), sink, { twinforge: '9.9.9' });
  const bytes = sink.bytes();
  const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(bytes) });
  return { bytes, stats, reader };
}

async function messagesOn<T>(reader: McapIndexedReader, topic: string) {
  const out: Array<{ logTime: bigint; message: T }> = [];
  for await (const m of reader.readMessages({ topics: [topic] })) {
    out.push({ logTime: m.logTime, message: JSON.parse(new TextDecoder().decode(m.data)) as T });
  }
  return out;
}

describe('writeMcap', () => {
  it('starts with the MCAP magic and has the Foxglove schemas on /tf and /scene', async () => {
    const { bytes, reader } = await exported(await pendulumRecording());
    expect(new TextDecoder('latin1').decode(bytes.subarray(0, 8))).toBe('\x89MCAP0\r\n');
    const schemas = [...reader.schemasById.values()].map((s) => [s.name, s.encoding]);
    expect(schemas).toEqual([
      ['foxglove.FrameTransforms', 'jsonschema'],
      ['foxglove.SceneUpdate', 'jsonschema'],
    ]);
    const schemaOf = (id: number) => reader.schemasById.get(id)?.name;
    const channels = [...reader.channelsById.values()].map((c) => [
      c.topic,
      c.messageEncoding,
      schemaOf(c.schemaId),
    ]);
    expect(channels).toEqual([
      [MCAP_TRANSFORMS_TOPIC, 'json', 'foxglove.FrameTransforms'],
      [MCAP_SCENE_TOPIC, 'json', 'foxglove.SceneUpdate'],
    ]);
    // The schema is Foxglove's own JSON schema, so its properties are the message's fields.
    const tfSchema = JSON.parse(
      new TextDecoder().decode([...reader.schemasById.values()][0].data),
    ) as { properties: Record<string, unknown> };
    expect(Object.keys(tfSchema.properties)).toEqual(['transforms']);
  });

  it('writes one FrameTransforms per sample frame and one SceneUpdate per scene change', async () => {
    const { reader, stats } = await exported(await pendulumRecording());
    const tf = await messagesOn<FrameTransforms>(reader, MCAP_TRANSFORMS_TOPIC);
    const updates = await messagesOn<SceneUpdate>(reader, MCAP_SCENE_TOPIC);
    expect(tf).toHaveLength(3);
    expect(updates).toHaveLength(2);
    expect(stats).toMatchObject({ transforms: 3, sceneUpdates: 2 });
    expect(reader.statistics?.messageCount).toBe(5n);
    // Log time is the simulated time in nanoseconds.
    expect(tf.map((m) => m.logTime)).toEqual([10_000_000n, 20_000_000n, 30_000_000n]);
    expect(tf[1].message.transforms[0].timestamp).toEqual({ sec: 0, nsec: 20_000_000 });
  });

  it("poses each item's frame from world with the recording's pose, the last one when absent", async () => {
    const recording = await pendulumRecording();
    const { reader } = await exported(recording);
    const tf = await messagesOn<FrameTransforms>(reader, MCAP_TRANSFORMS_TOPIC);
    const frames = parseRecording(recording).flatMap((m) => (m.kind === 'frame' ? [m.frame] : []));
    const pose = frames[1].poses.subarray(0, POSE_STRIDE);

    const atSecond = tf[1].message.transforms;
    expect(atSecond.map((t) => t.child_frame_id)).toEqual(['pendulum#1', 'ground#2']);
    expect(atSecond[0]).toMatchObject({
      parent_frame_id: 'world',
      translation: { x: pose[0], y: pose[1], z: pose[2] },
      rotation: { w: pose[3], x: pose[4], y: pose[5], z: pose[6] },
    });
    // ground was not in the second frame: it keeps its pose of the first.
    expect(atSecond[1].translation).toEqual({ x: 0, y: 0, z: -1 });
    expect(tf[2].message.transforms.map((t) => t.child_frame_id)).toEqual([
      'pendulum#1',
      'ground#2',
      'bob#4',
    ]);
  });

  it("draws each item's shapes in its frame and lists what Foxglove cannot draw", async () => {
    const { reader } = await exported(await pendulumRecording());
    const [first, second] = await messagesOn<SceneUpdate>(reader, MCAP_SCENE_TOPIC);
    expect(first.message.deletions).toMatchObject([{ type: 1 }]);
    const entity = first.message.entities.find((e) => e.id === 'pendulum#1');
    expect(entity).toMatchObject({ frame_id: 'pendulum#1', frame_locked: true });
    expect(entity?.cubes[0].size).toEqual({ x: 0.1, y: 0.2, z: 0.3 });
    // The capsule: a cylinder and a sphere at each end, along its own (rotated) Z.
    expect(entity?.cylinders[0].size).toEqual({ x: 0.1, y: 0.1, z: 0.4 });
    const ends = entity?.spheres.map((s) => s.pose.position) ?? [];
    expect(ends[0].x).toBeCloseTo(0, 12);
    expect(ends[0].y).toBeCloseTo(0.2, 12);
    expect(ends[0].z).toBeCloseTo(1, 12);
    expect(ends[1].y).toBeCloseTo(-0.2, 12);
    // The cone's base is at z = 0 in Chrono, so Foxglove's centred cylinder sits at h/2.
    expect(entity?.cylinders[1]).toMatchObject({ top_scale: 0, bottom_scale: 1 });
    expect(entity?.cylinders[1].pose.position.z).toBeCloseTo(0.1, 12);
    expect(entity?.triangles[0].points).toEqual([
      { x: 0, y: 0, z: 0 },
      { x: 2, y: 0, z: 0 },
      { x: 0, y: 2, z: 0 },
    ]);
    expect(first.message.entities.map((e) => e.id)).toEqual(['pendulum#1', 'ground#2']);
    // Each update is the whole scene, so a seek needs only the latest.
    expect(second.message.entities.map((e) => e.id)).toEqual(['pendulum#1', 'ground#2', 'bob#4']);

    const notDrawn = new Map<string, Map<string, string>>();
    for await (const m of reader.readMetadata()) notDrawn.set(m.name, m.metadata);
    expect([...(notDrawn.get(MCAP_NOT_DRAWN_METADATA)?.keys() ?? [])]).toEqual([
      'pendulum#1/4',
      'sand#3/0',
    ]);
  });

  it('keeps the script, the versions and the time base in its metadata', async () => {
    const { reader } = await exported(await pendulumRecording());
    const records = new Map<string, Map<string, string>>();
    for await (const m of reader.readMetadata()) records.set(m.name, m.metadata);
    const run = records.get(MCAP_RUN_METADATA);
    expect(run?.get('script')).toBe('import pychrono\n');
    expect(run?.get('pychrono')).toBe('9.0.1');
    expect(run?.get('twinforge')).toBe('9.9.9');
    expect(run?.get('recordedWith')).toBe('0.1.0');
    expect(run?.get('upAxis')).toBe('Z');
    expect(run?.get('endStatus')).toBe('finished');
    expect(run?.get('timeBase')).toMatch(/simulated time in nanoseconds/);
    expect(reader.header.library).toBe('twinforge 9.9.9');
  });
});
