import { describe, expect, it } from 'vitest';
import {
  EXTRA_VERTICES,
  FRAME_SAMPLE,
  KIND_FRAME,
  RECORDING_MAGIC,
  StreamParser,
  decodeFrame,
  encodeFrame,
  encodeJsonMessage,
  frameMessage,
  parseRecording,
  type Frame,
} from './stream';

function sampleFrame(): Frame {
  return {
    simTime: 1.25,
    flags: FRAME_SAMPLE,
    keys: new Uint32Array([7, 9]),
    poses: Float32Array.from({ length: 20 }, (_, i) => i / 2),
    extras: [{ key: 7 * 256, kind: EXTRA_VERTICES, data: new Float32Array([1, 2, 3]) }],
  };
}

describe('binary frames', () => {
  it('round-trips time, keys, poses and extras', () => {
    const frame = decodeFrame(encodeFrame(sampleFrame()));
    expect(frame.simTime).toBe(1.25);
    expect(Array.from(frame.keys)).toEqual([7, 9]);
    expect(frame.poses[19]).toBe(9.5);
    expect(frame.extras).toHaveLength(1);
    expect(Array.from(frame.extras[0].data)).toEqual([1, 2, 3]);
  });

  it('decodes a frame that sits at an unaligned offset', () => {
    const bytes = encodeFrame(sampleFrame());
    const shifted = new Uint8Array(bytes.byteLength + 1);
    shifted.set(bytes, 1);
    expect(decodeFrame(shifted.subarray(1)).keys[1]).toBe(9);
  });
});

describe('StreamParser', () => {
  const stream = new Uint8Array([
    ...encodeJsonMessage({ type: 'log', level: 'info', message: 'hi' }),
    ...frameMessage(KIND_FRAME, encodeFrame(sampleFrame())),
  ]);

  it('reassembles messages split at every byte', () => {
    const parser = new StreamParser();
    const out = [];
    for (let i = 0; i < stream.byteLength; i++) out.push(...parser.push(stream.subarray(i, i + 1)));
    expect(out.map((m) => m.kind)).toEqual(['json', 'frame']);
    expect(parser.pendingBytes).toBe(0);
  });

  it('accepts Node Buffers at odd offsets (their slices are views, not copies)', () => {
    const padded = Buffer.concat([Buffer.from([0]), Buffer.from(stream)]).subarray(1);
    const out = new StreamParser().push(padded);
    expect(out[1].kind === 'frame' && out[1].frame.simTime).toBe(1.25);
  });

  it('refuses a malformed length instead of reading garbage', () => {
    expect(() => new StreamParser(1024).push(new Uint8Array([0xff, 0xff, 0xff, 0x7f, 1]))).toThrow(
      /Malformed runtime stream/,
    );
  });
});

describe('recordings', () => {
  it('reads what was written before a crash cut the file', () => {
    const whole = encodeJsonMessage({ type: 'log', level: 'info', message: 'kept' });
    const cut = encodeJsonMessage({ type: 'log', level: 'info', message: 'lost' }).subarray(0, 6);
    const file = new Uint8Array([...RECORDING_MAGIC, ...whole, ...cut]);
    const messages = parseRecording(file);
    expect(messages).toHaveLength(1);
  });

  it('says when a file is not a recording', () => {
    expect(() => parseRecording(new TextEncoder().encode('import pychrono\n'))).toThrow(
      /Not a TwinForge recording/,
    );
  });
});
