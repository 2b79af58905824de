import { describe, expect, it } from 'vitest';
import { accumulateScene } from '../../common/review/scene-diff';
import type { Shape } from '../../common/stream';
import { item, scene } from '../runtime/test-fixtures';
import { bodyPairs } from './gap-report';
import { itemFacts, shapeSummary } from './item-facts';

const look = {
  frame: { pos: [0, 0, 0], rot: [1, 0, 0, 0] },
  color: [1, 1, 1],
  opacity: 1,
  texture: null,
} as const;
const cylinder = { ...look, type: 'cylinder', radius: 0.2, height: 2 } as unknown as Shape;
const box = { ...look, type: 'box', lengths: [0.4, 0.1, 0.4] } as unknown as Shape;

const SCRIPT = `import pychrono as chrono
sys = chrono.ChSystemNSC()
pend_1 = chrono.ChBody()
sys.AddBody(make_ground())
for i in range(2):
    link = chrono.ChLinkLockRevolute()
`;

describe('itemFacts', () => {
  it('calls items by their Chrono name, else the variable their line assigns or adds', () => {
    const run = accumulateScene(
      [
        scene([
          { ...item(1, 'body', [cylinder], ''), line: 3, mass: 1 },
          { ...item(2, 'body', [box], ''), line: null, addLine: 4 },
          { ...item(3, 'body', [], 'ground'), line: 3 },
          { ...item(4, 'link', [], ''), line: 6, linkType: 'ChLinkLockRevolute' },
          { ...item(5, 'link', [], ''), line: 6 },
          { ...item(6, 'other', [], ''), line: null },
        ]),
      ],
      [{ keys: [1], poses: [1, 0, 1, 1, 0, 0, 0, 0, 0, 0] }],
    );
    const facts = itemFacts(run, SCRIPT);
    expect(facts[1]).toEqual({
      label: 'pend_1',
      kind: 'body',
      mass: 1,
      fixed: false,
      shapes: 'cylinder r 0.2 h 2',
      line: 3,
      position: [1, 0, 1],
      linkType: null,
    });
    expect(facts[2].label).toBe('body 2'); // sys.AddBody(make_ground()) names no variable
    expect(facts[3].label).toBe('ground');
    expect([facts[4].label, facts[5].label]).toEqual(['link #4', 'link #5']);
    expect(facts[4].linkType).toBe('ChLinkLockRevolute');
    expect(facts[6].label).toBe('other 6');
  });

  it('says a shape in a few words', () => {
    expect(shapeSummary(box)).toBe('box 0.4×0.1×0.4');
    expect(shapeSummary(cylinder)).toBe('cylinder r 0.2 h 2');
  });

  it('names a gap by both labels when they differ', () => {
    const pair = (t: number, r: number, kind: 'body' | 'mesh' = 'body') => ({
      twin: { key: t, name: '', kind, shapeKind: 'sphere' },
      reference: { key: r, name: '', kind, shapeKind: 'sphere' },
      rule: 'nearest' as const,
      distance: 0,
      angle: 0,
      differences: [],
    });
    const fact = (label: string) => ({
      label,
      kind: 'body' as const,
      mass: null,
      fixed: false,
      shapes: '',
      line: null,
      position: null,
      linkType: null,
    });
    const items = {
      twin: { 1: fact('bob'), 2: fact('ground') },
      reference: { 7: fact('pend_1'), 8: fact('ground') },
    };
    expect(bodyPairs([pair(1, 7), pair(2, 8), pair(3, 9, 'mesh')], items)).toEqual([
      { twin: 1, reference: 7, name: 'bob / pend_1' },
      { twin: 2, reference: 8, name: 'ground' },
    ]);
    expect(bodyPairs([pair(4, 5)])).toEqual([{ twin: 4, reference: 5, name: 'body 4' }]);
  });
});
