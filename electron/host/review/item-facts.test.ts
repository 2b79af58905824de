import { describe, expect, it } from 'vitest';
import { accumulateScene } from '../../common/review/scene-diff';
import type { Shape } from '../../common/stream';
import { item, scene } from '../recordings/test-fixtures';
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
});
