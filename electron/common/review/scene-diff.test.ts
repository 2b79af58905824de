import { describe, expect, it } from 'vitest';
import type { Quat, SceneItem, SceneMessage, SceneSystem, Shape, Vec3 } from '../stream';
import { accumulateScene, diffScenes, type RunScene } from './scene-diff';

const FRAME = { pos: [0, 0, 0] as Vec3, rot: [1, 0, 0, 0] as Quat };
const LOOK = { frame: FRAME, color: [1, 1, 1] as Vec3, opacity: 1, texture: null };
const box = (x: number, y: number, z: number): Shape => ({
  ...LOOK,
  type: 'box',
  lengths: [x, y, z],
});
const sphere = (r: number): Shape => ({ ...LOOK, type: 'sphere', radius: r });
const cylinder = (r: number, h: number): Shape => ({
  ...LOOK,
  type: 'cylinder',
  radius: r,
  height: h,
});

let nextKey = 1;
function body(name: string, shapes: Shape[], extra: Partial<SceneItem> = {}): SceneItem {
  const key = nextKey++;
  return { key, id: key, name, kind: 'body', fixed: false, clones: 0, shapes, mass: 1, ...extra };
}
function link(name: string, linkType: string | null): SceneItem {
  const key = nextKey++;
  return { key, id: key, name, kind: 'link', fixed: false, clones: 0, shapes: [], linkType };
}

const SYSTEM: SceneSystem = {
  gravity: [0, -9.81, 0],
  timestep: 1e-3,
  solver: 'PSOR',
  timestepper: 'EULER_IMPLICIT_LINEARIZED',
  contactMethod: 'NSC',
};

/** A run: items with their initial positions (and rotations), and a system block. */
function run(items: [SceneItem, Vec3?, Quat?][], system: SceneSystem | null = SYSTEM): RunScene {
  const initialPoses = new Map(
    items.flatMap(([it, pos, rot]) => (pos ? [[it.key, { pos, rot: rot ?? FRAME.rot }]] : [])),
  ) as RunScene['initialPoses'];
  return { items: items.map(([it]) => it), system, initialPoses };
}

const sceneMessage = (full: boolean, add: SceneItem[], remove: number[] = []): SceneMessage => ({
  type: 'scene',
  full,
  upAxis: 'Y',
  camera: null,
  add,
  remove,
  meshes: {},
});

describe('accumulateScene', () => {
  it('keeps every item built since the last full scene, the latest system block and first poses', () => {
    const a = body('a', [box(1, 1, 1)]);
    const b = body('b', [sphere(1)]);
    const c = body('c', [sphere(2)]);
    const stale = body('stale', []);
    const withStep = { ...SYSTEM, timestep: 0.005 };
    const scene = accumulateScene(
      [
        sceneMessage(true, [stale]),
        { ...sceneMessage(true, [a, b]), system: { ...SYSTEM, timestep: null } },
        { ...sceneMessage(false, [c], [b.key]), system: withStep },
      ],
      [
        { keys: [a.key], poses: [1, 2, 3, 1, 0, 0, 0, 0, 0, 0] },
        {
          keys: [a.key, c.key],
          poses: [9, 9, 9, 1, 0, 0, 0, 0, 0, 0, 4, 5, 6, 0, 1, 0, 0, 0, 0, 0],
        },
      ],
    );
    expect(scene.items.map((it) => it.name)).toEqual(['a', 'b', 'c']);
    expect(scene.system).toEqual(withStep);
    expect(scene.initialPoses.get(a.key)).toEqual({ pos: [1, 2, 3], rot: [1, 0, 0, 0] });
    expect(scene.initialPoses.get(c.key)).toEqual({ pos: [4, 5, 6], rot: [0, 1, 0, 0] });
    expect(scene.initialPoses.has(b.key)).toBe(false);
  });
});

describe('diffScenes: matching', () => {
  it('matches by name first, whatever the order, shapes or positions', () => {
    const twin = run([
      [body('wheel', [cylinder(0.3, 0.2)]), [5, 0, 0]],
      [body('chassis', [box(2, 1, 4)]), [0, 0, 0]],
    ]);
    const ref = run([
      [body('chassis', [box(2, 1, 4)]), [0, 1, 0]],
      [body('wheel', [sphere(0.3)]), [-5, 0, 0]],
    ]);
    const diff = diffScenes(twin, ref);
    expect(diff.pairs.map((p) => [p.twin.name, p.reference.name, p.rule])).toEqual([
      ['wheel', 'wheel', 'name'],
      ['chassis', 'chassis', 'name'],
    ]);
    expect(diff.unmatched).toEqual({ twin: [], reference: [] });
  });

  it('then pairs unnamed items of one shape kind in creation order when both sides have as many', () => {
    const twin = run([
      [body('', [sphere(0.1)]), [0, 0, 0]],
      [body('', [sphere(0.1)]), [1, 0, 0]],
      [body('', [box(1, 1, 1)]), [0, -1, 0]],
    ]);
    const ref = run([
      [body('', [box(1, 1, 1)]), [0, -1, 0]],
      [body('', [sphere(0.1)]), [1, 0, 0]], // created first, placed where the twin's second is
      [body('', [sphere(0.1)]), [0, 0, 0]],
    ]);
    const diff = diffScenes(twin, ref);
    const keys = (r: RunScene) => r.items.map((it) => it.key);
    const [t, r] = [keys(twin), keys(ref)];
    expect(diff.pairs.map((p) => [p.twin.key, p.reference.key, p.rule])).toEqual([
      [t[0], r[1], 'kind-order'],
      [t[1], r[2], 'kind-order'],
      [t[2], r[0], 'kind-order'],
    ]);
    expect(diff.pairs[0].distance).toBe(1);
  });

  it('then by nearest initial position, same shape kind first, and lists what is left', () => {
    const twin = run([
      [body('', [sphere(0.1)]), [0, 0, 0]],
      [body('', [sphere(0.1)]), [10, 0, 0]],
      [body('', [box(1, 1, 1)]), [5, 5, 0]],
    ]);
    const ref = run([
      [body('', [sphere(0.1)]), [10.2, 0, 0]],
      [body('', [cylinder(1, 1)]), [5, 5.5, 0]],
      [body('', [sphere(0.2)]), [0.1, 0, 0]],
      [body('', [sphere(0.1)]), [50, 0, 0]],
      [body('', [])], // no pose: never matched by position
    ]);
    const diff = diffScenes(twin, ref);
    const [t, r] = [twin.items, ref.items];
    expect(diff.pairs.map((p) => [p.twin.key, p.reference.key, p.rule])).toEqual([
      [t[0].key, r[2].key, 'nearest'],
      [t[1].key, r[0].key, 'nearest'],
      [t[2].key, r[1].key, 'nearest'], // box against cylinder: across shape kinds, last
    ]);
    expect(diff.pairs[1].distance).toBeCloseTo(0.2, 12);
    expect(diff.unmatched.twin).toEqual([]);
    expect(diff.unmatched.reference.map((it) => it.key)).toEqual([r[3].key, r[4].key]);
    expect(diff.unmatched.reference[1].shapeKind).toBe('none');
  });

  it('never pairs items of different kinds', () => {
    const mesh: SceneItem = { ...body('cable', []), kind: 'mesh' };
    const twin = run([[mesh, [0, 0, 0]]]);
    const ref = run([[body('cable', []), [0, 0, 0]]]);
    const diff = diffScenes(twin, ref);
    expect(diff.pairs).toEqual([]);
    expect(diff.unmatched.twin[0].kind).toBe('mesh');
    expect(diff.unmatched.reference[0].kind).toBe('body');
  });
});

describe('diffScenes: differences', () => {
  it('names each difference of a pair with both values and the size of the gap', () => {
    const quarterTurnZ: Quat = [Math.SQRT1_2, 0, 0, Math.SQRT1_2];
    const twin = run([
      [body('arm', [box(1, 0.1, 0.1), sphere(0.05)], { mass: 2, fixed: true }), [0, 1, 0]],
    ]);
    const ref = run([
      [
        body('arm', [box(1.2, 0.1, 0.1), cylinder(0.05, 0.1), sphere(1)], { mass: 2.5 }),
        [0, 1, 0.5],
        quarterTurnZ,
      ],
    ]);
    const [pair] = diffScenes(twin, ref).pairs;
    const rows = Object.fromEntries(pair.differences.map((d) => [d.what, d]));
    expect(Object.keys(rows)).toEqual([
      'Number of visual shapes',
      'Shape 1 (box) lengths',
      'Shape 2 kind',
      'Mass',
      'Initial position',
      'Initial orientation (w, x, y, z)',
      'Fixed',
    ]);
    expect(rows['Number of visual shapes']).toMatchObject({ twin: 2, reference: 3, gap: 1 });
    expect(rows['Shape 1 (box) lengths']).toMatchObject({
      field: 'shape-size',
      twin: [1, 0.1, 0.1],
      reference: [1.2, 0.1, 0.1],
      unit: 'm',
      shapeIndex: 0,
    });
    expect(rows['Shape 1 (box) lengths'].gap).toBeCloseTo(0.2, 12);
    expect(rows['Shape 2 kind']).toMatchObject({
      twin: 'sphere',
      reference: 'cylinder',
      shapeIndex: 1,
    });
    expect(rows.Mass).toMatchObject({ twin: 2, reference: 2.5, gap: 0.5, unit: 'kg' });
    expect(rows['Initial position']).toMatchObject({ gap: 0.5, unit: 'm' });
    expect(rows['Initial orientation (w, x, y, z)'].gap).toBeCloseTo(Math.PI / 2, 12);
    expect(rows.Fixed).toMatchObject({ field: 'fixed', twin: true, reference: false });
    expect(pair.distance).toBe(0.5);
    expect(pair.angle).toBeCloseTo(Math.PI / 2, 12);
  });

  it('ignores float32 rounding of poses and sizes, and q against -q', () => {
    const f = Math.fround;
    const twin = run([[body('a', [sphere(0.1)]), [1000.1, 2, 3], [0.6, 0.8, 0, 0]]]);
    const ref = run([
      [body('a', [sphere(f(0.1))]), [f(1000.1), f(2), f(3)], [f(-0.6), f(-0.8), 0, 0]],
    ]);
    expect(diffScenes(twin, ref).pairs[0].differences).toEqual([]);
  });

  it('a mass one side could not read is a difference; one no side sent is not', () => {
    const twin = run([
      [body('a', [], { mass: null }), [0, 0, 0]],
      [body('b', [], { mass: undefined }), [0, 0, 0]],
    ]);
    const ref = run([
      [body('a', [], { mass: 3 }), [0, 0, 0]],
      [body('b', [], { mass: undefined }), [0, 0, 0]],
    ]);
    const [a, b] = diffScenes(twin, ref).pairs;
    expect(a.differences).toEqual([
      { field: 'mass', what: 'Mass', twin: null, reference: 3, gap: null, unit: 'kg' },
    ]);
    expect(b.differences).toEqual([]);
  });

  it('compares the systems: gravity, step, solver, stepper, contact method', () => {
    const twin = run([], { ...SYSTEM, gravity: [0, 0, -9.81], timestep: 5e-3, solver: 'APGD' });
    const ref = run([], SYSTEM);
    const rows = diffScenes(twin, ref).system;
    expect(rows.map((d) => [d.field, d.twin, d.reference])).toEqual([
      ['gravity', [0, 0, -9.81], [0, -9.81, 0]],
      ['timestep', 5e-3, 1e-3],
      ['solver', 'APGD', 'PSOR'],
    ]);
    expect(rows[0].gap).toBeCloseTo(9.81 * Math.SQRT2, 12);
    expect(rows[0].unit).toBe('m/s²');
    expect(rows[1].gap).toBeCloseTo(4e-3, 15);
    const unknown = diffScenes(run([], null), ref).system;
    expect(unknown.map((d) => [d.what, d.twin])).toEqual([
      ['Gravity', null],
      ['Time step', null],
      ['Solver', null],
      ['Time stepper', null],
      ['Contact method', null],
    ]);
    expect(diffScenes(run([], null), run([], null)).system).toEqual([]);
  });
});

describe('diffScenes: links', () => {
  it('counts links per type on each side and pairs them by name, then by type in order', () => {
    const twin = run([
      [link('crank pin', 'ChLinkLockRevolute'), undefined],
      [link('', 'ChLinkLockRevolute'), undefined],
      [link('', 'ChLinkTSDA'), undefined],
      [link('', null), undefined],
    ]);
    const ref = run([
      [link('', 'ChLinkTSDA'), undefined],
      [link('crank pin', 'ChLinkMateRevolute'), undefined],
      [link('', 'ChLinkLockRevolute'), undefined],
      [link('', 'ChLinkLockRevolute'), undefined],
    ]);
    const { links } = diffScenes(twin, ref);
    expect(links.counts).toEqual([
      { linkType: 'ChLinkLockRevolute', twin: 2, reference: 2 },
      { linkType: 'ChLinkMateRevolute', twin: 0, reference: 1 },
      { linkType: 'ChLinkTSDA', twin: 1, reference: 1 },
      { linkType: 'unknown', twin: 1, reference: 0 },
    ]);
    const [t, r] = [twin.items, ref.items];
    expect(links.pairs.map((p) => [p.twin.key, p.reference.key, p.rule])).toEqual([
      [t[0].key, r[1].key, 'name'],
      [t[1].key, r[2].key, 'kind-order'],
      [t[2].key, r[0].key, 'kind-order'],
    ]);
    expect(links.pairs[0].differences).toEqual([
      {
        field: 'link-type',
        what: 'Link type',
        twin: 'ChLinkLockRevolute',
        reference: 'ChLinkMateRevolute',
        gap: null,
        unit: null,
      },
    ]);
    expect(links.unmatched.twin.map((l) => l.key)).toEqual([t[3].key]);
    expect(links.unmatched.reference.map((l) => l.key)).toEqual([r[3].key]);
  });
});

it('a scene against itself matches everything and differs in nothing', () => {
  const items: [SceneItem, Vec3?, Quat?][] = [
    [body('ground', [box(10, 1, 10)], { fixed: true, mass: 1000 }), [0, -0.5, 0]],
    [body('', [sphere(0.1)]), [0.3, 2, 0.1], [0.5, 0.5, 0.5, 0.5]],
    [body('', [sphere(0.1)]), [-0.3, 2, 0.1]],
    [link('', 'ChLinkMateRevolute')],
  ];
  const scene = run(items);
  const diff = diffScenes(scene, scene);
  expect(diff.pairs).toHaveLength(3);
  expect(
    diff.pairs.every((p) => p.differences.length === 0 && p.distance === 0 && p.angle === 0),
  ).toBe(true);
  expect(diff.unmatched).toEqual({ twin: [], reference: [] });
  expect(diff.links.pairs).toHaveLength(1);
  expect(diff.system).toEqual([]);
});
