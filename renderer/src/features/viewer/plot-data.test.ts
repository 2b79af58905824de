import { describe, expect, it } from 'vitest';
import { frame } from '../../testing/test-scenes';
import { FrameStore } from './frame-store';
import { buildPlotData, toCsv } from './plot-data';

describe('plot data', () => {
  it('aligns several bodies on one time axis, empty where a body did not exist', () => {
    const store = new FrameStore(1 << 20);
    store.push(frame(0, { 1: { pos: [1, 2, 3], vel: [4, 5, 6] } }));
    store.push(frame(0.5, { 1: { pos: [2, 2, 3] }, 2: { pos: [7, 0, 0] } }));
    const data = buildPlotData(store.frames, [
      { key: 1, label: 'crank' },
      { key: 2, label: 'ball, "red"' },
    ]);
    expect(data.time).toEqual([0, 0.5]);
    expect(data.bodies[0].values[0]).toEqual([1, 2]);
    expect(data.bodies[0].values[3]).toEqual([4, 0]);
    expect(data.bodies[1].values[0]).toEqual([null, 7]);
    const csv = toCsv(data).split('\n');
    expect(csv[0]).toBe(
      'time,crank x,crank y,crank z,crank vx,crank vy,crank vz,"ball, ""red"" x","ball, ""red"" y","ball, ""red"" z","ball, ""red"" vx","ball, ""red"" vy","ball, ""red"" vz"',
    );
    expect(csv[1]).toBe('0,1,2,3,4,5,6,,,,,,');
    expect(csv[2]).toBe('0.5,2,2,3,0,0,0,7,0,0,0,0,0');
  });
});
