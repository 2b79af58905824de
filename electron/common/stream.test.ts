import { describe, expect, it } from 'vitest';
import {
  EXTRA_GRID,
  EXTRA_VERTICES,
  FRAME_DISPLAY,
  FRAME_F64,
  FRAME_SAMPLE,
  StreamError,
  decodeFrame,
  encodeFrame,
  encodeJsonMessage,
  posesOffset,
  type Frame,
  type SceneMessage,
} from './stream';

function sampleFrame(keys = [7, 9], flags = FRAME_SAMPLE | FRAME_F64): Frame {
  const n = keys.length * 10;
  const values = Array.from({ length: n }, (_, i) => 1000 + i / 3);
  return {
    simTime: 1.25,
    flags,
    keys: Uint32Array.from(keys),
    poses: flags & FRAME_F64 ? Float64Array.from(values) : Float32Array.from(values),
    extras: [{ key: 7 * 256, kind: EXTRA_VERTICES, data: new Float32Array([1, 2, 3]) }],
  };
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

describe('binary frames', () => {
  it('round-trips a float64 sample frame bit for bit', () => {
    const frame = decodeFrame(encodeFrame(sampleFrame()));
    expect(frame.simTime).toBe(1.25);
    expect(Array.from(frame.keys)).toEqual([7, 9]);
    expect(frame.poses).toBeInstanceOf(Float64Array);
    expect(frame.poses[19]).toBe(1000 + 19 / 3); // float32 would give 1006.333312988...
    expect(Array.from(frame.extras[0].data)).toEqual([1, 2, 3]);
  });

  it('pads float64 poses to 8 bytes after an odd number of keys', () => {
    const bytes = encodeFrame(sampleFrame([7]));
    expect(posesOffset(1, FRAME_F64)).toBe(24);
    expect(bytes.byteLength).toBe(24 + 80 + 4 + 12 + 12);
    expect(view(bytes).getFloat64(24, true)).toBe(1000);
    expect(decodeFrame(bytes).poses[9]).toBe(1003);
  });

  it('keeps display-only frames float32, in the layout of protocol 1', () => {
    const bytes = encodeFrame(sampleFrame([7, 9], FRAME_DISPLAY));
    expect(bytes.byteLength).toBe(16 + 8 + 80 + 4 + 12 + 12);
    const frame = decodeFrame(bytes);
    expect(frame.poses).toBeInstanceOf(Float32Array);
    expect(frame.poses[1]).toBe(Math.fround(1000 + 1 / 3));
  });

  it('decodes a frame that sits at an unaligned offset', () => {
    const bytes = encodeFrame(sampleFrame());
    const shifted = new Uint8Array(bytes.byteLength + 4);
    shifted.set(bytes, 4);
    const frame = decodeFrame(shifted.subarray(4));
    expect(frame.keys[1]).toBe(9);
    expect(frame.poses[3]).toBe(1001);
  });

  it('refuses frames whose counts do not match their bytes', () => {
    const bytes = encodeFrame(sampleFrame());
    const cases: Array<[string, (b: Uint8Array) => Uint8Array, RegExp]> = [
      ['too short', (b) => b.subarray(0, 10), /shorter than its header/],
      ['a huge N', (b) => (view(b).setUint32(12, 2 ** 31, true), b), /poses \d+ items/],
      ['an N past the end', (b) => (view(b).setUint32(12, 50, true), b), /declares 50 poses/],
      ['unknown flags', (b) => (view(b).setUint32(8, 64 | FRAME_F64, true), b), /unknown flags/],
      ['a NaN time', (b) => (view(b).setFloat64(0, NaN, true), b), /finite simulation time/],
      ['trailing bytes', (b) => Uint8Array.from([...b, 0, 0, 0, 0]), /bytes more than/],
      ['an extra past the end', (b) => b.subarray(0, b.byteLength - 4), /past the frame's end/],
      ['an unknown extra', (b) => (view(b).setUint32(24 + 160 + 4 + 4, 99, true), b), /kind 99/],
      [
        '2^31 extras',
        (b) => (view(b).setUint32(24 + 160, 2 ** 31, true), b),
        /declares \d+ extras/,
      ],
    ];
    for (const [what, mutate, reason] of cases) {
      expect(() => decodeFrame(mutate(bytes.slice())), what).toThrow(StreamError);
      expect(() => decodeFrame(mutate(bytes.slice())), what).toThrow(reason);
    }
  });

  it('never writes reader-filled heights into JSON', () => {
    const scene: SceneMessage = {
      type: 'scene',
      full: true,
      upAxis: 'Z',
      camera: null,
      remove: [],
      meshes: {},
      add: [
        {
          key: 1,
          id: 1,
          name: 'soil',
          kind: 'other',
          fixed: false,
          clones: 0,
          shapes: [
            {
              type: 'heightfield',
              nx: 2,
              ny: 2,
              dx: 1,
              dy: 1,
              origin: [0, 0, 0],
              flatHeight: null,
              heights: Float32Array.of(0, 1, 2, 3),
              frame: { pos: [0, 0, 0], rot: [1, 0, 0, 0] },
              color: [1, 1, 1],
              opacity: 1,
              texture: null,
            },
          ],
        },
      ],
    };
    const text = new TextDecoder().decode(encodeJsonMessage(scene).subarray(5));
    expect(text).not.toContain('heights');
    expect(EXTRA_GRID).toBe(4);
  });
});
