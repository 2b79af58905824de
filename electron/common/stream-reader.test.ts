import { describe, expect, it } from 'vitest';
import {
  FRAME_F64,
  FRAME_SAMPLE,
  KIND_FRAME,
  KIND_JSON,
  RECORDING_MAGIC,
  StreamError,
  encodeFrame,
  encodeJsonMessage,
  frameMessage,
  recordingMagic,
  type Frame,
  type JsonMessage,
} from './stream';
import { StreamParser, formatBytes, parseRecording } from './stream-reader';
import { STREAM_LIMITS } from './stream-schema';

function frame(simTime: number): Frame {
  return {
    simTime,
    flags: FRAME_SAMPLE | FRAME_F64,
    keys: Uint32Array.of(3),
    poses: Float64Array.from({ length: 10 }, (_, i) => i + 0.1),
    extras: [],
  };
}

const log: JsonMessage = { type: 'log', level: 'info', message: 'héllo' };
const stream = new Uint8Array([
  ...encodeJsonMessage(log),
  ...frameMessage(KIND_FRAME, encodeFrame(frame(0.5))),
  ...encodeJsonMessage({ type: 'end', status: 'finished', reason: 'done', simTime: 1, steps: 2 }),
]);

/** A length header claiming `length` bytes, then `payload` (maybe only its start). */
function header(length: number, kind: number, payload = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(5 + payload.byteLength);
  new DataView(out.buffer).setUint32(0, length, true);
  out[4] = kind;
  out.set(payload, 5);
  return out;
}

describe('StreamParser', () => {
  it('gives the same messages however the bytes are cut, at every boundary', () => {
    const whole = new StreamParser().push(stream);
    expect(whole.map((m) => (m.kind === 'json' ? m.message.type : 'frame'))).toEqual([
      'log',
      'frame',
      'end',
    ]);
    for (let cut = 1; cut < stream.byteLength; cut++) {
      const parser = new StreamParser();
      const got = [...parser.push(stream.subarray(0, cut)), ...parser.push(stream.subarray(cut))];
      expect(got).toEqual(whole);
      expect(parser.pendingBytes).toBe(0);
    }
    const parser = new StreamParser();
    const bytewise = [];
    for (let i = 0; i < stream.byteLength; i++)
      bytewise.push(...parser.push(stream.subarray(i, i + 1)));
    expect(bytewise).toEqual(whole);
  });

  it('gives every frame its own aligned buffer, even from a Node Buffer at an odd offset', () => {
    const padded = Buffer.concat([Buffer.from([0]), Buffer.from(stream)]).subarray(1);
    const [, m] = new StreamParser().push(padded);
    expect(m.kind === 'frame' && m.frame.poses[1]).toBe(1.1);
    expect(m.kind === 'frame' && m.frame.keys.byteOffset).toBe(16);
  });

  it('joins a message sent in many chunks once (linear in its size)', () => {
    const big = encodeJsonMessage({ type: 'log', level: 'info', message: 'x'.repeat(900_000) });
    const parser = new StreamParser();
    const out = [];
    for (let i = 0; i < big.byteLength; i += 1000)
      out.push(...parser.push(big.subarray(i, i + 1000)));
    expect(out).toHaveLength(1);
    expect(
      out[0].kind === 'json' && out[0].message.type === 'log' && out[0].message.message.length,
    ).toBe(900_000);
  });

  it('caps each kind of message by its declared length, before reading it', () => {
    const start = (type: string) => new TextEncoder().encode(`{"type":"${type}","full":true,`);
    const cases: Array<[Uint8Array, string]> = [
      [
        header(2 ** 30, KIND_JSON, start('scene')),
        'the script sent a 1 GiB message; the limit for a scene is 64 MiB',
      ],
      [
        header(2 ** 21, KIND_JSON, start('log')),
        'the script sent a 2 MiB message; the limit for a message is 1 MiB',
      ],
      [
        header(
          2 ** 21,
          KIND_JSON,
          new TextEncoder().encode(
            '{"level":"info","message":"a scene, honestly","type":"scene","full":true}',
          ),
        ),
        'limit for a message is 1 MiB',
      ],
      [header(2 ** 25, KIND_JSON, start('meta')), 'the limit for a recording header is 16 MiB'],
      [header(STREAM_LIMITS.frameBytes + 1, KIND_FRAME), 'the limit for a frame is 256 MiB'],
      [header(10, 9), 'a message of unknown kind 9'],
      [header(0, KIND_JSON), 'length 0'],
    ];
    for (const [bytes, reason] of cases) {
      expect(() => new StreamParser().push(bytes)).toThrow(StreamError);
      expect(() => new StreamParser().push(bytes)).toThrow(reason);
    }
  });

  it('waits for the first bytes of a large JSON message before judging its kind', () => {
    const parser = new StreamParser();
    const scene = new TextEncoder().encode('{"type":"scene","full":true,');
    const bytes = header(40 << 20, KIND_JSON, scene);
    expect(parser.push(bytes.subarray(0, 8))).toEqual([]);
    expect(parser.push(bytes.subarray(8))).toEqual([]); // a scene may be 40 MiB: keep reading
    expect(parser.pendingBytes).toBe(bytes.byteLength);
  });

  it('refuses JSON that is not JSON, and messages the protocol does not define', () => {
    const text = (s: string) => frameMessage(KIND_JSON, new TextEncoder().encode(s));
    expect(() => new StreamParser().push(text('{"type": '))).toThrow(/not valid JSON/);
    expect(() => new StreamParser().push(text('{"type":"fly"}'))).toThrow(
      'a "fly" message is not one the protocol defines',
    );
    expect(() => new StreamParser().push(text('[1, 2]'))).toThrow(
      'a message without a type is not one the protocol defines',
    );
  });

  it('says sizes as people read them', () => {
    expect(formatBytes(2 ** 30)).toBe('1 GiB');
    expect(formatBytes(59.5 * 2 ** 20)).toBe('59.5 MiB');
    expect(formatBytes(90)).toBe('90 bytes');
  });
});

describe('recordings', () => {
  it('reads what was written before a crash cut the file', () => {
    const whole = encodeJsonMessage({ type: 'log', level: 'info', message: 'kept' });
    const cut = encodeJsonMessage({ type: 'log', level: 'info', message: 'lost' }).subarray(0, 6);
    const file = new Uint8Array([...RECORDING_MAGIC, ...whole, ...cut]);
    expect(parseRecording(file)).toHaveLength(1);
  });

  it('reads format 1 files with their float32 frames', () => {
    const old = {
      ...frame(0.25),
      flags: FRAME_SAMPLE,
      poses: Float32Array.of(1, 2, 3, 1, 0, 0, 0, 0, 0, 0),
    };
    const file = new Uint8Array([
      ...recordingMagic(1),
      ...frameMessage(KIND_FRAME, encodeFrame(old)),
    ]);
    const [m] = parseRecording(file);
    expect(m.kind === 'frame' && m.frame.poses).toEqual(
      Float32Array.of(1, 2, 3, 1, 0, 0, 0, 0, 0, 0),
    );
  });

  it('says when a file is not a recording, or is newer than this TwinForge', () => {
    expect(() => parseRecording(new TextEncoder().encode('import pychrono\n'))).toThrow(
      /Not a TwinForge recording/,
    );
    expect(() => parseRecording(recordingMagic(7))).toThrow(
      /format 7, newer than this TwinForge reads \(2\)/,
    );
  });

  it('names the file, not a script, when it holds a message too large', () => {
    const start = new TextEncoder().encode('{"type":"log","level":"info",');
    const file = new Uint8Array([...RECORDING_MAGIC, ...header(2 ** 30, KIND_JSON, start)]);
    expect(() => parseRecording(file)).toThrow('the file holds a 1 GiB message');
  });
});
