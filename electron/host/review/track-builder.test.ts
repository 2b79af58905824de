import { describe, expect, it } from 'vitest';
import { trajectoryGap } from '../../common/review/trajectory-gap';
import {
  FRAME_DISPLAY,
  FRAME_SAMPLE,
  POSE_STRIDE,
  decodeFrame,
  encodeFrame,
} from '../../common/stream';
import { item, scene } from '../recordings/test-fixtures';
import { TrackBuilder } from './track-builder';

/** A frame posing `keys` at x = value (and the identity rotation), as decodeFrame gives it. */
function frame(simTime: number, flags: number, poses: Record<number, number>) {
  const keys = Object.keys(poses).map(Number);
  const data = new Float32Array(keys.length * POSE_STRIDE);
  keys.forEach((k, i) => {
    data[i * POSE_STRIDE] = poses[k];
    data[i * POSE_STRIDE + 3] = 1;
  });
  return decodeFrame(
    encodeFrame({ simTime, flags, keys: new Uint32Array(keys), poses: data, extras: [] }),
  );
}

const sphere = {
  type: 'sphere' as const,
  radius: 0.1,
  frame: {
    pos: [0, 0, 0] as [number, number, number],
    rot: [1, 0, 0, 0] as [number, number, number, number],
  },
  color: [1, 1, 1] as [number, number, number],
  opacity: 1,
  texture: null,
};

describe('TrackBuilder', () => {
  it('keeps one sample per sample frame for each body, not for links or display frames', () => {
    const b = new TrackBuilder();
    b.applyScene(scene([item(1, 'body', [sphere]), item(2, 'link', [])]));
    b.push(frame(0, FRAME_SAMPLE | FRAME_DISPLAY, { 1: 0.5, 2: 9 }));
    b.push(frame(0.005, FRAME_DISPLAY, { 1: 0.6 }));
    b.push(frame(0.01, FRAME_SAMPLE, { 1: 0.7 }));
    const tracks = b.bodyTracks();
    expect(tracks.map((t) => t.key)).toEqual([1]);
    expect([...tracks[0].times]).toEqual([0, 0.01]);
    expect(tracks[0].positions[0]).toBeCloseTo(0.5, 6);
    expect(tracks[0].positions[3]).toBeCloseTo(0.7, 6);
    expect([...tracks[0].rotations.subarray(0, 4)]).toEqual([1, 0, 0, 0]);
  });

  it('gives a body left out of a sample frame the last pose any frame gave it', () => {
    const b = new TrackBuilder();
    b.applyScene(scene([item(1, 'body', [sphere]), item(2, 'body', [sphere])]));
    b.push(frame(0, FRAME_DISPLAY, { 1: 1, 2: 2 })); // a resting body: only in the first frame
    b.push(frame(0.01, FRAME_SAMPLE, { 1: 1.5 }));
    b.push(frame(0.02, FRAME_SAMPLE, { 1: 1.75 }));
    const byKey = new Map(b.bodyTracks().map((t) => [t.key, t]));
    expect([...(byKey.get(2)?.positions ?? [])].filter((_, i) => i % 3 === 0)).toEqual([2, 2]);
    expect([...(byKey.get(1)?.times ?? [])]).toEqual([0.01, 0.02]);
  });

  it('stops following a removed body and starts over on a full scene', () => {
    const b = new TrackBuilder();
    b.applyScene(scene([item(1, 'body', [sphere])]));
    b.push(frame(0, FRAME_SAMPLE, { 1: 1 }));
    b.applyScene(scene([], { full: false, remove: [1] }));
    b.push(frame(0.01, FRAME_SAMPLE, {}));
    expect(b.bodyTracks()[0].times.length).toBe(1);
    b.applyScene(scene([item(3, 'body', [sphere])]));
    expect(b.bodyTracks()).toEqual([]);
  });

  it('keeps float64 poses as they are when frames carry them', () => {
    const b = new TrackBuilder();
    b.applyScene(scene([item(1, 'body', [sphere])]));
    const poses = new Float64Array(POSE_STRIDE);
    poses[0] = 0.1 + 0.2; // not representable in float32
    poses[3] = 1;
    b.push({ simTime: 0, flags: FRAME_SAMPLE, keys: [1], poses });
    expect(b.bodyTracks()[0].positions[0]).toBe(0.1 + 0.2);
  });

  it('records the first pose of every item for the scene diff', () => {
    const b = new TrackBuilder();
    b.applyScene(scene([item(1, 'body', [sphere]), item(2, 'link', [])]));
    b.push(frame(0, FRAME_DISPLAY, { 1: 3, 2: 4 }));
    b.push(frame(0.01, FRAME_SAMPLE, { 1: 5 }));
    const first = b.firstPoses();
    expect(Array.from(first.keys)).toEqual([1, 2]);
    expect(first.poses[0]).toBe(3);
    expect(first.poses[POSE_STRIDE]).toBe(4);
  });

  it('stops taking samples at its budget and says when', () => {
    const b = new TrackBuilder(8 * 3);
    b.applyScene(scene([item(1, 'body', [sphere])]));
    for (let i = 0; i < 5; i++) b.push(frame(i / 100, FRAME_SAMPLE, { 1: i }));
    expect(b.bodyTracks()[0].times.length).toBe(3);
    expect(b.cutAt).toBe(0.03);
  });

  it('makes tracks whose gap to the same run is exactly 0', () => {
    const make = () => {
      const b = new TrackBuilder();
      b.applyScene(scene([item(1, 'body', [sphere])]));
      for (let i = 0; i <= 100; i++) {
        b.push(frame(i * 0.01, FRAME_SAMPLE, { 1: Math.sin(i / 7) }));
      }
      return b.bodyTracks();
    };
    const gap = trajectoryGap(make(), make(), [{ twin: 1, reference: 1, name: 'ball' }]);
    expect(gap.overall?.position).toEqual({ max: 0, rms: 0, final: 0 });
    expect(gap.overall?.angle).toEqual({ max: 0, rms: 0, final: 0 });
    expect(gap.bodies[0].grid).toBe('common');
  });
});
