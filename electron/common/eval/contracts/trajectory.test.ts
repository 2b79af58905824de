import { describe, expect, it } from 'vitest';
import { FRAME_DISPLAY, FRAME_SAMPLE } from '../../stream';
import { recordMotion } from './test-motion';
import {
  TrajectoryRecorder,
  circleFit,
  lineFit,
  quatAngle,
  selectBody,
  signalSeries,
  symmetricEigen,
  upVector,
} from './trajectory';

describe('TrajectoryRecorder', () => {
  it('keeps sample frames only, repeating the last pose of a body a frame leaves out', () => {
    const r = new TrajectoryRecorder();
    r.scene({
      type: 'scene',
      full: true,
      upAxis: 'Z',
      camera: null,
      add: [{ key: 7, id: 1, name: 'box', kind: 'body', fixed: false, clones: 0, shapes: [] }],
      remove: [],
      meshes: {},
    });
    const pose = (x: number) => new Float32Array([x, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    r.frame({ simTime: 0, flags: FRAME_SAMPLE, keys: new Uint32Array([7]), poses: pose(1) });
    r.frame({ simTime: 0.005, flags: FRAME_DISPLAY, keys: new Uint32Array([7]), poses: pose(2) });
    r.frame({ simTime: 0.01, flags: FRAME_SAMPLE, keys: new Uint32Array([]), poses: pose(0) });
    const [track] = r.result().tracks;
    expect(track.t).toEqual([0, 0.01]);
    expect(track.poses.map((p) => p[0])).toEqual([1, 2]);
    expect(r.result().upAxis).toBe('Z');
    expect(upVector(r.result())).toEqual([0, 0, 1]); // no gravity reported: the up axis
  });
});

describe('choosing a body and its signals', () => {
  // A crank turning at π rad/s about its fixed centre, and a piston sliding along x.
  const t = recordMotion(
    [
      { name: 'crank', mass: 2 },
      { name: 'rod', mass: 1 },
      { name: 'piston', mass: 3 },
    ],
    (i, time) => {
      const a = Math.PI * time;
      const r = 0.4;
      const l = 1.5;
      const xp = r * Math.cos(a) + Math.sqrt(l * l - (r * Math.sin(a)) ** 2);
      if (i === 0) return { pos: [-1, 0.5, 0], angle: a, vel: [0, 0, 0] };
      if (i === 1)
        return {
          pos: [-1 + (r * Math.cos(a) + xp) / 2, 0.5 + (r * Math.sin(a)) / 2, 0],
          angle: 0.1 * Math.sin(a),
          vel: [0, 0, 0],
        };
      return { pos: [-1 + xp, 0.5, 0], angle: 0, vel: [0, 0, 0] };
    },
    4,
  );

  it('picks the crank as the most rotating body and the piston as the most linear', () => {
    expect(selectBody(t, { pick: 'most-rotating' }).track?.body.name).toBe('crank');
    expect(selectBody(t, { pick: 'most-linear' }).track?.body.name).toBe('piston');
    expect(selectBody(t, { pick: 'heaviest-moving' }).track?.body.name).toBe('piston');
    expect(selectBody(t, { name: '(?i)^ROD$' }).track?.body.name).toBe('rod');
    expect(selectBody(t).track?.body.name).toBe('crank'); // first moving: the ground is fixed
    expect(selectBody(t, { name: 'wheel' })).toEqual({
      track: null,
      reason: 'no body named like wheel',
    });
  });

  it('measures the crank’s rate and the piston’s travel from float32 poses', () => {
    const crank = selectBody(t, { pick: 'most-rotating' }).track!;
    const rates = signalSeries(t, crank, 'angular_rate').v;
    for (const rate of rates) expect(rate).toBeCloseTo(Math.PI, 3);
    const piston = selectBody(t, { pick: 'most-linear' }).track!;
    const along = signalSeries(t, piston, 'principal').v;
    expect(Math.max(...along) - Math.min(...along)).toBeCloseTo(0.8, 5);
    expect(Math.max(...signalSeries(t, piston, 'lateral').v)).toBeLessThan(1e-6);
  });
});

describe('geometry', () => {
  it('finds eigenvectors of a symmetric matrix', () => {
    const { values, vectors } = symmetricEigen([
      [2, 1, 0],
      [1, 2, 0],
      [0, 0, 5],
    ]);
    expect(values.map((v) => Number(v.toFixed(9)))).toEqual([5, 3, 1]);
    expect(Math.abs(vectors[1][0] * vectors[1][1])).toBeCloseTo(0.5);
  });

  it('fits a circle to an arc and a line to a segment, in any plane', () => {
    const arc = Array.from({ length: 50 }, (_, i) => {
      const a = -1 + (i / 49) * 2; // a 115° arc
      return [3 + 2 * Math.cos(a), 1, 4 + 2 * Math.sin(a)] as [number, number, number];
    });
    const fit = circleFit(arc);
    expect(fit.radius).toBeCloseTo(2, 9);
    expect(fit.spread).toBeLessThan(1e-9);
    const line = lineFit([
      [0, 0, 0],
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(line.along).toBeCloseTo(2 * Math.sqrt(3));
    expect(line.deviation).toBeLessThan(1e-12);
  });

  it('tells the angle between two orientations', () => {
    const about = (a: number) => [0, 0, 0, Math.cos(a / 2), 0, 0, Math.sin(a / 2)];
    expect(quatAngle(about(0.2), about(0.5))).toBeCloseTo(0.3, 12);
    expect(quatAngle(about(0), about(2 * Math.PI))).toBeCloseTo(0, 12); // q and −q
  });
});
