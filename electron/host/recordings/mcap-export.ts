// A recording as MCAP for Foxglove and Lichtblick, written with @mcap/core: JSON messages
// with the JSON schemas of @foxglove/schemas.
//   /tf     foxglove.FrameTransforms  one message per sample frame: every posed item, from
//                                      `world` to the item's frame `<name>#<key>`
//   /scene  foxglove.SceneUpdate      one message per scene change: all entities as they now
//                                      are (after a delete-all), so a seek needs only the last
// Log and publish time are the simulated time in nanoseconds from the epoch 0 (so Foxglove's
// clock reads the run's seconds, shown as a date in 1970-01-01 UTC); message timestamps are
// the same. Metadata `twinforge` holds the script and the versions, `twinforge.not-drawn`
// the shapes that have no Foxglove primitive. Chunked and indexed, without compression.
import type { FrameTransforms, SceneEntity, SceneUpdate } from '@foxglove/schemas';
import {
  FrameTransforms as FrameTransformsSchema,
  SceneUpdate as SceneUpdateSchema,
} from '@foxglove/schemas/jsonschema';
import { McapWriter, type IWritable } from '@mcap/core';
import {
  FRAME_SAMPLE,
  POSE_STRIDE,
  type EndMessage,
  type HelloMessage,
  type MeshData,
  type MetaMessage,
  type StreamMessage,
} from '../../common/stream';
import {
  frameIdOf,
  frameTransform,
  nanosecondsOf,
  sceneEntity,
  timeOf,
  type NotDrawn,
} from './foxglove-scene';
import { SceneTracker } from './scene-tracker';

export const MCAP_TRANSFORMS_TOPIC = '/tf';
export const MCAP_SCENE_TOPIC = '/scene';
export const MCAP_RUN_METADATA = 'twinforge';
export const MCAP_NOT_DRAWN_METADATA = 'twinforge.not-drawn';
/** Messages converted between two turns of the event loop. */
const YIELD_EVERY = 200;

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export const MCAP_TIME_BASE =
  'log time = publish time = simulated time in nanoseconds since the epoch 0';

export interface McapExportInfo {
  /** TwinForge's version, named in the header and the metadata. */
  twinforge: string;
}

export interface McapExportStats {
  transforms: number;
  sceneUpdates: number;
  notDrawn: NotDrawn[];
}

/** Writes the recording's messages (parseRecording's output) as MCAP to `writable`. */
export async function writeMcap(
  messages: StreamMessage[],
  writable: IWritable,
  info: McapExportInfo,
): Promise<McapExportStats> {
  const writer = new McapWriter({ writable });
  await writer.start({ profile: '', library: `twinforge ${info.twinforge}` });
  const encoder = new TextEncoder();
  const tf = await channel(writer, MCAP_TRANSFORMS_TOPIC, FrameTransformsSchema);
  const sceneChannel = await channel(writer, MCAP_SCENE_TOPIC, SceneUpdateSchema);

  const scene = new SceneTracker();
  const meshes = new Map<string, MeshData>();
  /** The last pose of every item: x y z qw qx qy qz (absent from a frame = unchanged). */
  const poses = new Map<number, number[]>();
  const notDrawn = new Map<string, NotDrawn>();
  let meta: MetaMessage | null = null;
  let hello: HelloMessage | null = null;
  let end: EndMessage | null = null;
  let now = 0;
  const sequence = { tf: 0, scene: 0 };

  const add = async (channelId: number, seq: number, simTime: number, message: unknown) => {
    const time = nanosecondsOf(simTime);
    await writer.addMessage({
      channelId,
      sequence: seq,
      logTime: time,
      publishTime: time,
      data: encoder.encode(JSON.stringify(message)),
    });
  };

  for (const [index, m] of messages.entries()) {
    // A long export must not hold up the host's other work (runs streaming, other calls).
    if (index % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
    if (m.kind === 'frame') {
      const { frame } = m;
      now = frame.simTime;
      for (let i = 0; i < frame.keys.length; i++) {
        const at = i * POSE_STRIDE;
        poses.set(frame.keys[i], Array.from(frame.poses.subarray(at, at + 7)));
      }
      if (!(frame.flags & FRAME_SAMPLE)) continue;
      const time = timeOf(frame.simTime);
      const message: FrameTransforms = { transforms: [] };
      for (const item of scene.items.values()) {
        const pose = poses.get(item.key);
        if (pose) message.transforms.push(frameTransform(frameIdOf(item), pose, time));
      }
      await add(tf, sequence.tf++, frame.simTime, message);
      continue;
    }
    const message = m.message;
    if (message.type === 'meta') meta = message;
    else if (message.type === 'hello') hello = message;
    else if (message.type === 'end') end = message;
    else if (message.type === 'scene') {
      for (const [hash, data] of Object.entries(message.meshes)) meshes.set(hash, data);
      scene.apply(message);
      for (const key of message.remove) poses.delete(key);
      if (!message.full && message.add.length === 0 && message.remove.length === 0) continue;
      const time = timeOf(now);
      const entities: SceneEntity[] = [];
      for (const item of scene.items.values()) {
        const drawn = sceneEntity(item, meshes, time);
        if (drawn.entity) entities.push(drawn.entity);
        for (const shape of drawn.notDrawn) notDrawn.set(shape.shape, shape);
      }
      const update: SceneUpdate = {
        deletions: [{ timestamp: time, type: 1, id: '' }], // ALL: the update is the whole scene
        entities,
      };
      await add(sceneChannel, sequence.scene++, now, update);
    }
  }

  hello ??= meta?.hello ?? null;
  await writer.addMetadata({
    name: MCAP_RUN_METADATA,
    metadata: new Map(
      Object.entries({
        twinforge: info.twinforge,
        recordedWith: meta?.twinforge ?? '',
        createdAt: meta?.createdAt ?? '',
        script: meta?.script ?? '',
        scriptPath: meta?.scriptPath ?? '',
        pychrono: hello?.pychrono ?? '',
        python: hello?.python ?? '',
        upAxis: scene.upAxis ?? '',
        timeBase: MCAP_TIME_BASE,
        worldFrame: 'world',
        endStatus: end?.status ?? '',
        endReason: end?.reason ?? '',
      }),
    ),
  });
  await writer.addMetadata({
    name: MCAP_NOT_DRAWN_METADATA,
    metadata: new Map([...notDrawn.values()].map((s) => [s.shape, `${s.type}: ${s.reason}`])),
  });
  await writer.end();
  return {
    transforms: sequence.tf,
    sceneUpdates: sequence.scene,
    notDrawn: [...notDrawn.values()],
  };
}

async function channel(writer: McapWriter, topic: string, schema: { title: string }) {
  const schemaId = await writer.registerSchema({
    name: schema.title,
    encoding: 'jsonschema',
    data: new TextEncoder().encode(JSON.stringify(schema)),
  });
  return writer.registerChannel({ topic, schemaId, messageEncoding: 'json', metadata: new Map() });
}
