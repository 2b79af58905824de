import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRAME_DISPLAY, FRAME_SAMPLE, type Frame } from '../../common/stream';
import { SceneTracker } from './scene-tracker';
import { item, scene } from './test-fixtures';
import {
  TRAJECTORY_HEADER,
  TrajectoryWriter,
  csvField,
  formatFloat32,
  formatTime,
} from './trajectory-csv';

function frame(simTime: number, flags: number, poses: Record<number, number[]>): Frame {
  const keys = Object.keys(poses).map(Number);
  const data = new Float32Array(keys.length * 10);
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
      frame(0.01, FRAME_DISPLAY | FRAME_SAMPLE, {
        10: [0, -1, 0, 1, 0, 0, 0],
        11: [1, 2, 3, 1, 0, 0, 0],
        12: [0, 0, 0, 1, 0, 0, 0],
      }),
    );
    csv.frame(frame(0.015, FRAME_DISPLAY, { 11: [9, 9, 9, 1, 0, 0, 0] })); // display only: no rows
    csv.frame(frame(0.02, FRAME_SAMPLE, { 11: [1.5, 2, 3, 0.5, 0.5, 0.5, 0.5] }));
    await csv.close();
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines).toEqual([
      TRAJECTORY_HEADER,
      '0.01,10,ground,0,-1,0,1,0,0,0',
      '0.01,11,"arm, left",1,2,3,1,0,0,0',
      '0.02,10,ground,0,-1,0,1,0,0,0',
      '0.02,11,"arm, left",1.5,2,3,0.5,0.5,0.5,0.5',
    ]);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('number formatting', () => {
  it('writes float32 values in their shortest exact form', () => {
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(Math.fround(-1.2345678))).toBe('-1.2345678');
    expect(Math.fround(Number(formatFloat32(Math.fround(Math.PI))))).toBe(Math.fround(Math.PI));
  });
  it('hides the noise of summed time steps', () => {
    expect(formatTime(0.1 + 0.2)).toBe('0.3');
  });
  it('quotes CSV fields that need it', () => {
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('plain')).toBe('plain');
  });
});
