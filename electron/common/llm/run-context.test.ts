import { describe, expect, it } from 'vitest';
import type { Quat, SceneItem, SceneMessage, Vec3 } from '../stream';
import { describeRun, RunDigest, type PosedFrame } from './run-context';

const item = (over: Partial<SceneItem> & Pick<SceneItem, 'key' | 'name' | 'kind'>): SceneItem => ({
  id: over.key,
  fixed: false,
  clones: 1,
  shapes: [],
  ...over,
});

const scene = (add: SceneItem[], full = true): SceneMessage => ({
  type: 'scene',
  full,
  upAxis: 'Y',
  camera: null,
  add,
  remove: [],
  meshes: {},
  system: {
    gravity: [0, -9.81, 0],
    timestep: 0.002,
    solver: 'PSOR',
    timestepper: 'EULER_IMPLICIT_LINEARIZED',
    contactMethod: 'NSC',
  },
});

const box = {
  frame: { pos: [0, 0, 0] as Vec3, rot: [1, 0, 0, 0] as Quat },
  color: [1, 1, 1] as Vec3,
  opacity: 1,
  texture: null,
};

/** One frame posing each key at `pos` with speed `v` along x. */
function frame(
  simTime: number,
  poses: Record<number, [number, number, number, number]>,
): PosedFrame {
  const keys = Object.keys(poses).map(Number);
  const data: number[] = [];
  for (const k of keys) {
    const [x, y, z, v] = poses[k];
    data.push(x, y, z, 1, 0, 0, 0, v, 0, 0);
  }
  return { simTime, keys, poses: data };
}

const SCRIPT = [
  'import pychrono as chrono',
  'system = chrono.ChSystemNSC()',
  'ground = chrono.ChBody()',
  'bob = chrono.ChBodyEasySphere(0.1, 1000, True, False)',
  'hinge = chrono.ChLinkLockRevolute()',
  'print(bob.GetPos_dt())',
].join('\n');

function pendulumDigest(): RunDigest {
  const digest = new RunDigest();
  digest.observe(
    scene([
      item({
        key: 1,
        name: 'ground',
        kind: 'body',
        fixed: true,
        line: 3,
        shapes: [{ ...box, type: 'box', lengths: [0.4, 0.1, 0.4] }],
      }),
      item({
        key: 2,
        name: 'bob',
        kind: 'body',
        mass: 4.19,
        line: 4,
        shapes: [{ ...box, type: 'sphere', radius: 0.1 }],
      }),
      item({ key: 3, name: '', kind: 'link', linkType: 'ChLinkLockRevolute', line: 5 }),
    ]),
  );
  digest.observeFrame(frame(0, { 1: [0, 0, 0, 0], 2: [1, 0, 0, 0] }));
  digest.observeFrame(frame(0.5, { 1: [0, 0, 0, 0], 2: [0, -1, 0, 4.4] }));
  digest.observeFrame(frame(1, { 1: [0, 0, 0, 0], 2: [-0.6, -0.8, 0, 2] }));
  return digest;
}

describe('the run as the model hears of it', () => {
  it('names each body with its line, mass, shape and motion, and the links', () => {
    const digest = pendulumDigest();
    const text = describeRun(
      digest.context({ runId: 'r', status: 'finished', reason: '', simTime: 1 }, SCRIPT),
      SCRIPT,
    );
    expect(text).toContain('It ran to its end: 1 s of simulated time.');
    expect(text).toContain('System: NSC contact, gravity (0, -9.81, 0) m/s², step 0.002 s');
    expect(text).toContain('Bodies: 2 (1 fixed, 1 moved)');
    expect(text).toContain('- ground (line 3): fixed; box 0.4 × 0.1 × 0.4 m');
    expect(text).toContain(
      '- bob (line 4): 4.19 kg; sphere r 0.1 m; moved from (1, 0, 0) to (-0.6, -0.8, 0) (at most 1.79 m away, top speed 4.4 m/s)',
    );
    expect(text).toContain('- ChLinkLockRevolute (line 5)');
    expect(text).not.toContain('earlier version');
  });

  it('gives the error with its line as the script has it', () => {
    const digest = pendulumDigest();
    digest.observe({
      type: 'error',
      errorType: 'AttributeError',
      message: "'ChBodyEasySphere' object has no attribute 'GetPos_dt'\nmore",
      line: 6,
      traceback: '',
      missingModule: null,
      phase: 'run',
    });
    const context = digest.context(
      { runId: 'r', status: 'error', reason: 'x', simTime: 0.25 },
      SCRIPT,
    );
    expect(describeRun(context, SCRIPT)).toContain(
      "It failed after 0.25 s of simulated time at line 6 (`print(bob.GetPos_dt())`): AttributeError: 'ChBodyEasySphere' object has no attribute 'GetPos_dt'",
    );
  });

  it('says when the run was of another version of the script', () => {
    const context = pendulumDigest().context(
      { runId: 'r', status: 'finished', reason: '', simTime: 1 },
      SCRIPT,
    );
    expect(describeRun(context, SCRIPT + '\nprint(1)')).toContain(
      'That run was of an earlier version of the script',
    );
  });

  it('tells a body that stayed put, and a run that built nothing', () => {
    const digest = new RunDigest();
    digest.observe(scene([item({ key: 7, name: 'crate', kind: 'body', mass: 2 })]));
    digest.observeFrame(frame(0, { 7: [0, 1, 0, 0] }));
    digest.observeFrame(frame(1, { 7: [0, 1.00000001, 0, 0] }));
    const text = describeRun(
      digest.context(
        { runId: 'r', status: 'limit', reason: 'simulated-time limit', simTime: 1 },
        '',
      ),
      null,
    );
    expect(text).toContain('crate: 2 kg; did not move from (0, 1, 0)');
    expect(text).toContain('until a limit stopped it (simulated-time limit)');

    const empty = new RunDigest().context(
      { runId: 'r', status: 'crashed', reason: 'killed by SIGSEGV at line 4', simTime: 0 },
      '',
    );
    const said = describeRun(empty, null);
    expect(said).toContain(
      'The process crashed after 0 s of simulated time: killed by SIGSEGV at line 4',
    );
    expect(said).toContain('It built no scene before it ended.');
  });

  it('lists the moving bodies of a large scene first and counts the rest', () => {
    const digest = new RunDigest();
    const bodies = Array.from({ length: 200 }, (_, i) =>
      item({ key: i + 1, name: `grain${i}`, kind: 'body', mass: 1 }),
    );
    digest.observe(scene(bodies));
    const still: Record<number, [number, number, number, number]> = {};
    for (let k = 1; k <= 200; k++) still[k] = [k, 0, 0, 0];
    digest.observeFrame(frame(0, still));
    digest.observeFrame(frame(1, { ...still, 150: [150, -2, 0, 3] }));
    const text = describeRun(
      digest.context({ runId: 'r', status: 'finished', reason: '', simTime: 1 }, ''),
      null,
    );
    expect(text).toContain('Bodies: 200 (0 fixed, 1 moved)');
    expect(text).toContain('- grain149: 1 kg; moved from (150, 0, 0) to (150, -2, 0)');
    expect(text).toContain('- and 170 more bodies');
    expect(text.split('\n').length).toBeLessThan(40);
  });
});
