import { describe, expect, it } from 'vitest';
import { StreamError } from './stream';
import { STREAM_LIMITS, validateJsonMessage } from './stream-schema';

const look = {
  frame: { pos: [0, 0, 0], rot: [1, 0, 0, 0] },
  color: [1, 1, 1],
  opacity: 1,
  texture: null,
};

function scene(add: unknown[], meshes: Record<string, unknown> = {}) {
  return { type: 'scene', full: true, upAxis: 'Y', camera: null, add, remove: [], meshes };
}

function item(shapes: unknown[], extra: Record<string, unknown> = {}) {
  return { key: 3, id: 3, name: 'box', kind: 'body', fixed: false, clones: 0, shapes, ...extra };
}

const box = { ...look, type: 'box', lengths: [1, 1, 1] };

function refusal(value: unknown, version = 2): string {
  try {
    validateJsonMessage(value, version);
  } catch (err) {
    expect(err).toBeInstanceOf(StreamError);
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('validateJsonMessage', () => {
  it('accepts the messages of the protocol, keeping fields it does not know', () => {
    const withFacts = item([box], { mass: 2.5, line: 12 });
    const out = validateJsonMessage(scene([withFacts]));
    expect(out.type === 'scene' && out.add[0]).toMatchObject({ mass: 2.5, line: 12 });
    expect(
      validateJsonMessage({
        type: 'display',
        hz: 24,
        targetHz: 24.5,
        requestedHz: 60,
        budget: 0.05,
        share: 0.049,
        sampleShare: 0.01,
        reason: 'budget',
      }),
    ).toMatchObject({ hz: 24 });
  });

  it('caps every count a reader would allocate by', () => {
    const many = (n: number, v: unknown = 0) => new Array(n).fill(v);
    const cells = Math.sqrt(STREAM_LIMITS.heightfieldCells);
    const field = { ...look, type: 'heightfield', dx: 1, dy: 1, origin: [0, 0, 0], flatHeight: 0 };
    const line = { ...look, type: 'line', dynamic: false };
    const cases: Array<[string, unknown, RegExp]> = [
      [
        'items',
        scene(many(STREAM_LIMITS.items + 1)),
        /^a "scene" message is not valid \(add: more than 1000000 elements/,
      ],
      [
        'shapes',
        scene([item(many(STREAM_LIMITS.shapesPerItem + 1, box))]),
        /add\.0\.shapes: more than 4096 elements/,
      ],
      [
        'clones',
        scene([item([box], { clones: 2 ** 31 })]),
        /add\.0\.clones: expected a whole number from 0 to 1000000, not 2147483648/,
      ],
      [
        'vertices',
        scene([], { m: { vertices: many(3 * STREAM_LIMITS.meshVertices + 3), indices: [] } }),
        /meshes\.m\.vertices: more than 12000000 elements/,
      ],
      [
        'triangles',
        scene([], {
          m: { vertices: [0, 0, 0], indices: many(3 * STREAM_LIMITS.meshTriangles + 3) },
        }),
        /meshes\.m\.indices: more than 24000000 elements/,
      ],
      [
        'points',
        scene([item([{ ...line, points: many(STREAM_LIMITS.linePoints + 1, [0, 0, 0]) }])]),
        /shapes\.0\.points: more than 100000 elements/,
      ],
      [
        'cells',
        scene([item([{ ...field, nx: cells * 2, ny: cells }])]),
        /a heightfield of 4096 x 2048 cells is more than 4194304/,
      ],
    ];
    for (const [what, value, reason] of cases) expect(refusal(value), what).toMatch(reason);
  });

  it('refuses what would break a view: wrong types, missing sizes, triangles out of range', () => {
    const cases: Array<[unknown, RegExp]> = [
      [
        scene([item([{ ...look, type: 'sphere' }])]),
        /add\.0\.shapes\.0\.radius: expected a finite number/,
      ],
      [scene([item([{ ...box, lengths: [1, 1] }])]), /shapes\.0\.lengths: expected 3 numbers/],
      [
        scene([item([{ ...look, type: 'teapot' }])]),
        /shapes\.0\.type: not a shape type of the protocol: "teapot"/,
      ],
      [
        scene([item([box], { kind: 'ghost' })]),
        /add\.0\.kind: expected one of body, link, mesh, other/,
      ],
      [
        scene([], { m: { vertices: [0, 0, 0], indices: [0, 0, 1] } }),
        /meshes\.m\.indices\.2: a triangle names vertex 1; the mesh has 1/,
      ],
      [
        scene([], { m: { vertices: [0, 0, 0], indices: [0, 0, 0.5] } }),
        /indices\.2: a triangle names vertex 0\.5/,
      ],
      [
        { type: 'end', status: 'exploded', reason: '', simTime: 0, steps: 0 },
        /status: expected one of finished/,
      ],
      [
        { type: 'hello', protocol: '2' },
        /^a "hello" message is not valid \(protocol: expected a whole number\)/,
      ],
    ];
    for (const [value, reason] of cases) expect(refusal(value)).toMatch(reason);
  });

  it('reads the heights of a format-1 heightfield into float32, and checks their count', () => {
    const v1 = { ...look, type: 'heightfield', nx: 2, ny: 2, dx: 1, dy: 1, origin: [0, 0, 0] };
    const out = validateJsonMessage(scene([item([{ ...v1, heights: [0, 0.5, 1, 1.5] }])]), 1);
    const shape = out.type === 'scene' ? out.add[0].shapes[0] : null;
    expect(shape).toMatchObject({ type: 'heightfield', flatHeight: null });
    expect(shape?.type === 'heightfield' && shape.heights).toEqual(Float32Array.of(0, 0.5, 1, 1.5));
    expect(refusal(scene([item([{ ...v1, heights: [0, 1] }])]), 1)).toMatch(
      /heights: expected one height per cell/,
    );
    // Version 2 carries no heights in JSON: a v1 field there is refused.
    expect(refusal(scene([item([{ ...v1, heights: [0, 0.5, 1, 1.5] }])]))).toMatch(
      /heights: heights travel in a GRID extra, not JSON/,
    );
  });
});

describe('messages of no known type', () => {
  it('are refused by name', () => {
    expect(refusal({ type: 'fly' })).toBe('a "fly" message is not one the protocol defines');
    expect(refusal([1, 2])).toBe('a message without a type is not one the protocol defines');
    expect(refusal({ type: 'toString' })).toMatch(/not one the protocol defines/);
  });
});
