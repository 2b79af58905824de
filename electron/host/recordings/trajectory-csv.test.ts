import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRAME_DISPLAY, FRAME_F64, FRAME_SAMPLE, type Frame } from '../../common/stream';
import { SceneTracker } from './scene-tracker';
import { item, scene } from './test-fixtures';
import {
  TRAJECTORY_HEADER,
  TrajectoryWriter,
  csvField,
  formatG17,
  formatTime,
} from './trajectory-csv';

function frame(simTime: number, flags: number, poses: Record<number, number[]>): Frame {
  const keys = Object.keys(poses).map(Number);
  const data =
    flags & FRAME_SAMPLE ? new Float64Array(keys.length * 10) : new Float32Array(keys.length * 10);
  keys.forEach((k, i) => data.set([...poses[k], 0, 0, 0], i * 10));
  return { simTime, flags, keys: Uint32Array.from(keys), poses: data, extras: [] };
}

describe('TrajectoryWriter', () => {
  it('writes one row per body per sample frame, with fixed bodies keeping their pose', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tf-csv-'));
    const tracker = new SceneTracker();
    tracker.apply(
      scene([
        { ...item(10, 'body', [], 'ground'), fixed: true },
        item(11, 'body', [], 'arm, left'),
        item(12, 'link', [], 'joint'),
      ]),
    );
    const path = join(dir, 't.csv');
    const csv = new TrajectoryWriter(path, tracker);
    csv.frame(
      frame(0.01, FRAME_DISPLAY | FRAME_SAMPLE | FRAME_F64, {
        10: [0, -1, 0, 1, 0, 0, 0],
        11: [1, 2, 3, 1, 0, 0, 0],
        12: [0, 0, 0, 1, 0, 0, 0],
      }),
    );
    csv.frame(frame(0.015, FRAME_DISPLAY, { 11: [9, 9, 9, 1, 0, 0, 0] })); // display only: no rows
    csv.frame(frame(0.02, FRAME_SAMPLE | FRAME_F64, { 11: [1.5, 2, 3, 0.5, 0.5, 0.5, 0.5] }));
    // Chrono's doubles, digit for digit: 1000 m from the origin, float32 would lose 0.1 mm.
    csv.frame(frame(0.03, FRAME_SAMPLE | FRAME_F64, { 11: [1000.0001234, 0.1, 3, 1, 0, 0, 0] }));
    await csv.close();
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines).toEqual([
      TRAJECTORY_HEADER,
      '0.01,10,ground,0,-1,0,1,0,0,0',
      '0.01,11,"arm, left",1,2,3,1,0,0,0',
      '0.02,10,ground,0,-1,0,1,0,0,0',
      '0.02,11,"arm, left",1.5,2,3,0.5,0.5,0.5,0.5',
      '0.03,10,ground,0,-1,0,1,0,0,0',
      '0.03,11,"arm, left",1000.0001234,0.10000000000000001,3,1,0,0,0',
    ]);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('number formatting', () => {
  it('writes doubles as %.17g does, so that each reads back exactly', () => {
    expect(formatG17(0.1)).toBe('0.10000000000000001');
    expect(formatG17(-2)).toBe('-2');
    expect(formatG17(1e-7)).toBe('9.9999999999999995e-08');
    expect(formatG17(1.5e20)).toBe('1.5e+20');
    expect(formatG17(0.0001)).toBe('0.0001');
    expect(formatG17(123456789012345680)).toBe('1.2345678901234568e+17');
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 48271) % 2147483647;
      const v = ((seed / 2147483647 - 0.5) * 10 ** ((seed % 40) - 20)) / 3;
      expect(Number(formatG17(v))).toBe(v);
    }
  });
  it('hides the noise of summed time steps', () => {
    expect(formatTime(0.1 + 0.2)).toBe('0.3');
  });
  it('quotes CSV fields that need it', () => {
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('plain')).toBe('plain');
  });
});
