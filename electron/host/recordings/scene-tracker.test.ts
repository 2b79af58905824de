import { describe, expect, it } from 'vitest';
import type { Shape } from '../../common/stream';
import { SceneTracker } from './scene-tracker';
import { item, scene } from './test-fixtures';

const frame = { pos: [0, 0, 0], rot: [1, 0, 0, 0] } as Shape['frame'];
const box: Shape = {
  type: 'box',
  lengths: [1, 1, 1],
  frame,
  color: [1, 1, 1],
  opacity: 1,
  texture: null,
};
const sphere: Shape = {
  type: 'sphere',
  radius: 1,
  frame,
  color: [1, 1, 1],
  opacity: 1,
  texture: null,
};

describe('SceneTracker', () => {
  it('applies the full scene and its diffs', () => {
    const s = new SceneTracker();
    s.apply(
      scene([item(1, 'body', [box]), item(2, 'link', [sphere]), item(3, 'body', [box, sphere])]),
    );
    s.apply(scene([item(4, 'body', [])], { full: false, remove: [1] }));
    expect(s.bodies().map((b) => b.key)).toEqual([3, 4]);
    expect(s.shapeCounts()).toEqual({ box: 1, sphere: 2 });
    expect(s.upAxis).toBe('Z');
  });
});
