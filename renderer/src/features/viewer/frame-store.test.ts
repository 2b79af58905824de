import { describe, expect, it } from 'vitest';
import {
  EXTRA_GRID,
  EXTRA_HEIGHTS,
  EXTRA_VERTICES,
  FRAME_DISPLAY,
  POSE_STRIDE,
} from '../../../../electron/common/stream';
import { frame } from '../../testing/test-scenes';
import { FrameStore, rowOf } from './frame-store';

function poseX(store: FrameStore, index: number, key: number): number {
  const f = store.frames[index];
  return f.poses[rowOf(f.keys, key) * POSE_STRIDE];
}

describe('FrameStore', () => {
  it('carries the last pose of items a frame leaves out', () => {
    const store = new FrameStore(1 << 20);
    store.push(frame(0, { 1: { pos: [1, 0, 0] }, 2: { pos: [2, 0, 0] } }));
    store.push(frame(0.1, { 2: { pos: [5, 0, 0] } }));
    expect(store.frames[1].keys.length).toBe(2);
    expect(poseX(store, 1, 1)).toBe(1);
    expect(poseX(store, 1, 2)).toBe(5);
  });

  it('carries FEA vertices forward and keeps terrain changes per frame', () => {
    const store = new FrameStore(1 << 20);
    const verts = new Float32Array([1, 2, 3]);
    store.push(frame(0, {}, [{ key: 256, kind: EXTRA_VERTICES, data: verts }]));
    store.push(
      frame(0.1, {}, [{ key: 512, kind: EXTRA_HEIGHTS, data: new Float32Array([4, -1]) }]),
    );
    store.push(frame(0.2, {}));
    expect(store.frames[2].extras.map((e) => e.kind)).toEqual([EXTRA_VERTICES]);
    expect([...store.frames[2].extras[0].data]).toEqual([1, 2, 3]);
    expect(store.frames[1].extras.some((e) => e.kind === EXTRA_HEIGHTS)).toBe(true);
    expect(store.hasHeights).toBe(true);
  });

  it('keeps float64 poses as they came, with carried poses exact', () => {
    const store = new FrameStore(1 << 20);
    store.push(frame(0, { 1: { pos: [1000 + 1 / 3, 0, 0] }, 2: { pos: [0.1, 0, 0] } }));
    store.push(frame(0.1, { 2: { pos: [0.2, 0, 0] } }));
    expect(store.frames[1].poses).toBeInstanceOf(Float64Array);
    expect(poseX(store, 1, 1)).toBe(1000 + 1 / 3);
    expect(poseX(store, 1, 2)).toBe(0.2);
  });

  it('keeps terrain changes of display-only frames with the next stored frame, in order', () => {
    const store = new FrameStore(1 << 20);
    const heights = (cell: number, z: number) => [
      { key: 256, kind: EXTRA_HEIGHTS, data: Float32Array.of(cell, z) },
    ];
    store.push(frame(0, {}));
    store.carry(frame(0.05, { 1: { pos: [9, 9, 9] } }, heights(3, -0.1), FRAME_DISPLAY));
    store.carry(frame(0.07, {}, heights(3, -0.2), FRAME_DISPLAY));
    store.push(frame(0.1, {}, heights(4, -0.3)));
    const kept = store.frames[1].extras.filter((e) => e.kind === EXTRA_HEIGHTS);
    expect(kept.map((e) => [...e.data].map((v) => Number(v.toFixed(3))))).toEqual([
      [3, -0.1],
      [3, -0.2],
      [4, -0.3],
    ]);
    expect(store.frames[1].keys.length).toBe(0); // a display frame's poses are not kept
  });

  it('leaves a terrain’s GRID heights to the scene', () => {
    const store = new FrameStore(1 << 20);
    store.push(frame(0, {}, [{ key: 256, kind: EXTRA_GRID, data: new Float32Array(1 << 16) }]));
    expect(store.frames[0].extras).toEqual([]);
    expect(store.bytes).toBeLessThan(1000);
  });

  it('keeps to its memory cap by thinning older frames', () => {
    const bodies: Record<number, { pos: [number, number, number] }> = {};
    for (let k = 1; k <= 100; k++) bodies[k] = { pos: [k, 0, 0] };
    const cap = 200 * 1024;
    const store = new FrameStore(cap);
    for (let i = 0; i < 200; i++) {
      store.push(frame(i * 0.01, bodies));
      expect(store.bytes).toBeLessThanOrEqual(cap);
    }
    expect(store.dropped).toBeGreaterThan(0);
    // The first and the newest frames survive; times stay in order.
    expect(store.frames[0].simTime).toBe(0);
    expect(store.frames[store.length - 1].simTime).toBeCloseTo(1.99, 6);
    const times = store.frames.map((f) => f.simTime);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // Recent frames keep full rate; old ones are spaced wider.
    const n = store.length;
    expect(times[n - 1] - times[n - 2]).toBeCloseTo(0.01, 6);
    expect(times[2] - times[1]).toBeGreaterThan(0.015);
  });

  it('hands terrain changes of a dropped frame to the next one', () => {
    const store = new FrameStore(1 << 30);
    store.push(frame(0, {}));
    store.push(
      frame(1, {}, [{ key: 256, kind: EXTRA_HEIGHTS, data: new Float32Array([3, -0.5]) }]),
    );
    store.push(
      frame(2, {}, [{ key: 256, kind: EXTRA_HEIGHTS, data: new Float32Array([4, -0.7]) }]),
    );
    store.push(frame(3, {}));
    store.setCap(store.bytes - 1);
    expect(store.frames.map((f) => f.simTime)).not.toContain(1);
    const heights = store.frames[1].extras.find((e) => e.kind === EXTRA_HEIGHTS)!;
    expect([...heights.data]).toEqual([3, -0.5, 4, expect.closeTo(-0.7, 5)]);
  });

  it('finds the frame at a time', () => {
    const store = new FrameStore(1 << 20);
    for (let i = 0; i < 10; i++) store.push(frame(i * 0.5, {}));
    expect(store.indexAt(-1)).toBe(0);
    expect(store.indexAt(1.2)).toBe(2);
    expect(store.indexAt(100)).toBe(9);
  });
});
