import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXTRA_HEIGHTS,
  FRAME_DISPLAY,
  FRAME_F64,
  FRAME_SAMPLE,
  RECORDING_MAGIC,
  decodeFrame,
  encodeFrame,
  type FrameExtra,
  type HelloMessage,
} from '../../common/stream';
import { parseRecording } from '../../common/stream-reader';
import { RecordingWriter } from './recording-writer';
import { item, scene } from './test-fixtures';

const hello: HelloMessage = {
  type: 'hello',
  protocol: 2,
  python: '3.11.7',
  pychrono: '9.0.1',
  modules: {
    core: true,
    fea: true,
    vehicle: false,
    robot: false,
    sensor: false,
    irrlicht: false,
    pardisomkl: false,
    ros: false,
  },
  dataPath: '/data/',
};

function payload(simTime: number, flags: number, extras: FrameExtra[] = []): Uint8Array {
  const pose = [1 / 3, 2, 3, 1, 0, 0, 0, 0, 0, 0];
  return encodeFrame({
    simTime,
    flags,
    keys: Uint32Array.of(5),
    poses: flags & FRAME_F64 ? Float64Array.from(pose) : Float32Array.from(pose),
    extras,
  });
}

function write(rec: RecordingWriter, bytes: Uint8Array): void {
  rec.frame(bytes, decodeFrame(bytes));
}

describe('RecordingWriter', () => {
  it('writes meta with the versions, the messages and the sample frames only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tf-rec-'));
    const path = join(dir, 'run.tfrec');
    const rec = new RecordingWriter(path, {
      script: 'print(1)',
      scriptPath: '/w/a.py',
      twinforge: '0.1.0',
    });
    rec.message(hello);
    rec.message(scene([item(5, 'body', [])]));
    write(rec, payload(0.01, FRAME_DISPLAY | FRAME_SAMPLE | FRAME_F64));
    write(rec, payload(0.015, FRAME_DISPLAY));
    const ruts = [{ key: 5 * 256, kind: EXTRA_HEIGHTS, data: Float32Array.of(3, -0.1) }];
    write(rec, payload(0.017, FRAME_DISPLAY, ruts)); // terrain changes are sent once: kept
    write(rec, payload(0.02, FRAME_SAMPLE | FRAME_F64));
    rec.message({ type: 'end', status: 'finished', reason: 'done', simTime: 0.02, steps: 2 });
    await rec.close();

    const bytes = new Uint8Array(await readFile(path));
    expect(bytes.subarray(0, 8)).toEqual(RECORDING_MAGIC);
    expect(RECORDING_MAGIC[6]).toBe(2);
    const messages = parseRecording(bytes);
    expect(messages.map((m) => (m.kind === 'json' ? m.message.type : m.frame.simTime))).toEqual([
      'meta',
      'hello',
      'scene',
      0.01,
      0.017,
      0.02,
      'end',
    ]);
    const meta = messages[0];
    expect(meta.kind === 'json' && meta.message).toMatchObject({
      type: 'meta',
      script: 'print(1)',
      scriptPath: '/w/a.py',
      twinforge: '0.1.0',
      hello: { pychrono: '9.0.1', python: '3.11.7' },
    });
    const frame = messages[3];
    // Sample frames keep Chrono's doubles.
    expect(frame.kind === 'frame' && Array.from(frame.frame.poses.slice(0, 3))).toEqual([
      1 / 3,
      2,
      3,
    ]);
    await rm(dir, { recursive: true, force: true });
  });

  it('still writes a meta when the run died before hello', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tf-rec-'));
    const path = join(dir, 'run.tfrec');
    await new RecordingWriter(path, { script: 'x', scriptPath: null, twinforge: '0.1.0' }).close();
    const [meta] = parseRecording(new Uint8Array(await readFile(path)));
    expect(meta.kind === 'json' && meta.message).toMatchObject({ type: 'meta', hello: null });
    await rm(dir, { recursive: true, force: true });
  });
});
