import { describe, expect, it } from 'vitest';
import { gapCsv, trajectoryGap, type BodyTrack } from './trajectory-gap';

type Motion = (t: number) => { p: [number, number, number]; q: [number, number, number, number] };

function track(key: number, times: number[], motion: Motion): BodyTrack {
  const positions = new Float64Array(3 * times.length);
  const rotations = new Float64Array(4 * times.length);
  times.forEach((t, i) => {
    const { p, q } = motion(t);
    positions.set(p, 3 * i);
    rotations.set(q, 4 * i);
  });
  return { key, times: Float64Array.from(times), positions, rotations };
}

/** Times as a simulation accumulates them: t += h, with its rounding. */
function accumulated(h: number, steps: number, every = 1, start = 0): number[] {
  const out: number[] = [];
  let t = start;
  for (let k = 0; k <= steps; k++) {
    if (k % every === 0) out.push(t);
    t += h;
  }
  return out;
}

const aboutZ = (angle: number): [number, number, number, number] => [
  Math.cos(angle / 2),
  0,
  0,
  Math.sin(angle / 2),
];

/** A tumbling, swinging body: every component moves, in awkward floats. */
const tumbling: Motion = (t) => {
  const a = 0.7 * t + 0.1,
    b = 1.3 * t;
  const n = Math.hypot(Math.cos(a), Math.sin(b), 0.4);
  const s = Math.sin(a * 1.7) / n;
  return {
    p: [Math.sin(3.1 * t) * 1234.5678, 1e-3 * Math.cos(t), 987.654321 - 4.905 * t * t],
    q: [Math.cos(a * 1.7), Math.cos(a) * s, Math.sin(b) * s, 0.4 * s],
  };
};

describe('trajectoryGap', () => {
  it('a run reviewed against itself gives exactly zero everywhere', () => {
    const times = accumulated(1e-3, 3000, 10);
    const tracks = [
      track(1, times, tumbling),
      track(2, times, (t) => tumbling(t + 0.37)),
      track(3, times, (t) => ({ p: [t, 2 * t, 3 * t], q: aboutZ(5 * t) })),
    ];
    const pairs = tracks.map((t) => ({ twin: t.key, reference: t.key, name: `b${t.key}` }));
    const gap = trajectoryGap(tracks, tracks, pairs);
    expect(gap.skipped).toEqual([]);
    expect(gap.bodies).toHaveLength(3);
    for (const b of gap.bodies) {
      expect(b.grid).toBe('common');
      expect(b.times).toEqual(Float64Array.from(times));
      expect(b.position.every((v) => v === 0)).toBe(true);
      expect(b.angle.every((v) => v === 0)).toBe(true);
    }
    const zero = { max: 0, rms: 0, final: 0 };
    expect(gap.overall).toEqual({ position: zero, angle: zero });
  });

  it('measures a constant offset and a growing turn, with max, RMS and final', () => {
    const times = [0, 0.5, 1, 1.5, 2];
    const ref = track(7, times, (t) => ({ p: [t, 0, 0], q: aboutZ(0.2) }));
    const twin = track(3, times, (t) => ({ p: [t + 0.3, 0.4, 0], q: aboutZ(0.2 + 0.5 * t) }));
    const gap = trajectoryGap([twin], [ref], [{ twin: 3, reference: 7, name: 'arm' }]);
    const [arm] = gap.bodies;
    expect(arm.name).toBe('arm');
    expect([...arm.position].every((v) => Math.abs(v - 0.5) < 1e-15)).toBe(true);
    const turned = times.map((t) => 0.5 * t);
    arm.angle.forEach((v, i) => expect(v).toBeCloseTo(turned[i], 14));
    expect(arm.angleStats.max).toBeCloseTo(1, 14);
    expect(arm.angleStats.final).toBeCloseTo(1, 14);
    const rms = Math.sqrt(turned.reduce((s, v) => s + v * v, 0) / turned.length);
    expect(arm.angleStats.rms).toBeCloseTo(rms, 14);
    expect(arm.positionStats.rms).toBeCloseTo(0.5, 15);
  });

  it('treats q and -q as the same orientation', () => {
    const times = accumulated(0.01, 100);
    const ref = track(1, times, tumbling);
    const flipped = track(1, times, (t) => {
      const { p, q } = tumbling(t);
      return { p, q: [-q[0], -q[1], -q[2], -q[3]] };
    });
    const [b] = trajectoryGap([flipped], [ref], [{ twin: 1, reference: 1, name: '' }]).bodies;
    expect(b.angle.every((v) => v === 0)).toBe(true);
  });

  it('resamples the finer run onto the coarser grid over the overlap of the two ranges', () => {
    // Straight-line motion and a steady turn: linear interpolation and slerp are exact for
    // them, so only the offset built in remains.
    const steady: Motion = (t) => ({ p: [2 * t, -t, 0.5], q: aboutZ(0.8 * t) });
    const twin = track(1, accumulated(0.01, 100), (t) => {
      const { p, q } = steady(t);
      return { p: [p[0], p[1], p[2] + 0.25], q };
    });
    const ref = track(2, accumulated(0.025, 76, 1, 0.1), steady);
    const gap = trajectoryGap([twin], [ref], [{ twin: 1, reference: 2, name: 'cart' }]);
    const [cart] = gap.bodies;
    expect(cart.grid).toBe('reference');
    expect(cart.times[0]).toBeCloseTo(0.1, 12);
    expect(cart.times[cart.times.length - 1]).toBeCloseTo(1, 12);
    expect(cart.times.length).toBe(37);
    cart.position.forEach((v) => expect(v).toBeCloseTo(0.25, 12));
    cart.angle.forEach((v) => expect(v).toBeLessThan(1e-12));
    // The other way round: the twin is the coarser run.
    const swapped = trajectoryGap([ref], [twin], [{ twin: 2, reference: 1, name: 'cart' }]);
    expect(swapped.bodies[0].grid).toBe('twin');
    expect(swapped.bodies[0].times).toEqual(cart.times);
  });

  it('takes grids that differ only by the rounding of summed steps as one common grid', () => {
    const a = accumulated(0.1, 10); // 0.30000000000000004, ...
    const b = Array.from({ length: 11 }, (_, k) => k / 10);
    expect(a[3]).not.toBe(b[3]);
    const [g] = trajectoryGap(
      [track(1, a, tumbling)],
      [track(1, b, tumbling)],
      [{ twin: 1, reference: 1, name: 'x' }],
    ).bodies;
    expect(g.grid).toBe('common');
    expect(g.times.length).toBe(11);
  });

  it('skips pairs without samples or without an overlap, and says why', () => {
    const early = track(1, [0, 1], tumbling);
    const late = track(2, [2, 3], tumbling);
    const empty = track(3, [], tumbling);
    const gap = trajectoryGap(
      [early, empty],
      [late],
      [
        { twin: 1, reference: 2, name: 'apart' },
        { twin: 3, reference: 2, name: 'empty' },
        { twin: 9, reference: 2, name: 'gone' },
      ],
    );
    expect(gap.bodies).toEqual([]);
    expect(gap.overall).toBeNull();
    expect(gap.skipped.map((s) => [s.name, s.reason])).toEqual([
      ['apart', "the two runs' samples do not overlap in time"],
      ['empty', "the twin's body has no samples"],
      ['gone', "no samples of the twin's body"],
    ]);
  });

  it('rejects malformed tracks with a message naming the body', () => {
    const bad = { ...track(4, [0, 1], tumbling), positions: new Float64Array(5) };
    expect(() => trajectoryGap([bad], [], [])).toThrow(/twin's track of body 4 is malformed/);
    const backwards = track(5, [0, 2, 1], tumbling);
    expect(() => trajectoryGap([], [backwards], [])).toThrow(/goes back in time at sample 2/);
  });

  it('lets a blown-up run show as NaN rather than a small number', () => {
    const ref = track(1, [0, 1, 2], (t) => ({ p: [t, 0, 0], q: aboutZ(0) }));
    const twin = track(1, [0, 1, 2], (t) => ({ p: [t < 1 ? t : NaN, 0, 0], q: aboutZ(0) }));
    const [b] = trajectoryGap([twin], [ref], [{ twin: 1, reference: 1, name: '' }]).bodies;
    expect(b.positionStats.max).toBeNaN();
    expect(b.positionStats.rms).toBeNaN();
  });

  it('overall: max of maxima, RMS over all samples, mean of finals', () => {
    const times = [0, 1];
    const still =
      (x: number): Motion =>
      () => ({ p: [x, 0, 0], q: aboutZ(0) });
    const gap = trajectoryGap(
      [track(1, times, still(1)), track(2, [0, 1, 2, 3], still(3))],
      [track(1, times, still(0)), track(2, [0, 1, 2, 3], still(0))],
      [
        { twin: 1, reference: 1, name: 'a' },
        { twin: 2, reference: 2, name: 'b' },
      ],
    );
    expect(gap.overall?.position.max).toBe(3);
    expect(gap.overall?.position.rms).toBeCloseTo(Math.sqrt((2 * 1 + 4 * 9) / 6), 15);
    expect(gap.overall?.position.final).toBe(2);
  });
});

describe('gapCsv', () => {
  it('writes one row per time and two columns per body, named with units, readable back exactly', () => {
    const still =
      (x: number): Motion =>
      () => ({ p: [x, 0, 0], q: aboutZ(x) });
    const gap = trajectoryGap(
      [
        track(1, [0, 0.5, 1], still(Math.PI)),
        track(2, [0, 0.5], still(0.1)),
        track(3, [0, 0.5], still(0.2)),
      ],
      [
        track(11, [0, 0.5, 1], still(0)),
        track(12, [0, 0.5], still(0)),
        track(13, [0, 0.5], still(0)),
      ],
      [
        { twin: 1, reference: 11, name: 'arm, left' },
        { twin: 2, reference: 12, name: 'wheel' },
        { twin: 3, reference: 13, name: 'wheel' },
      ],
    );
    const lines = gapCsv(gap).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'time (s),"arm, left position gap (m)","arm, left angle gap (rad)",' +
        'wheel (twin 2; reference 12) position gap (m),wheel (twin 2; reference 12) angle gap (rad),' +
        'wheel (twin 3; reference 13) position gap (m),wheel (twin 3; reference 13) angle gap (rad)',
    );
    expect(lines).toHaveLength(4);
    const cells = lines[1].split(',');
    expect(Number(cells[0])).toBe(0);
    expect(Number(cells[1])).toBe(gap.bodies[0].position[0]);
    expect(Number(cells[2])).toBe(gap.bodies[0].angle[0]);
    expect(lines[3]).toBe(`1,${gap.bodies[0].position[2]},${gap.bodies[0].angle[2]},,,,`);
  });
});
