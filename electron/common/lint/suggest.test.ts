import { describe, expect, it } from 'vitest';
import { editDistance, maxDistance, nearMisses } from './suggest';

describe('near misses', () => {
  it('counts an adjacent transposition as one edit', () => {
    expect(editDistance('lenght', 'length', 3)).toBe(1);
    expect(editDistance('setpos', 'getpos', 3)).toBe(1);
    expect(editDistance('abc', 'abcdefgh', 2)).toBe(3);
  });

  it('ignores case and ranks by distance', () => {
    expect(nearMisses('ChVector3D', ['ChVector3f', 'ChVector3d', 'ChVector3i'])).toEqual([
      'ChVector3d',
      'ChVector3f',
      'ChVector3i',
    ]);
    expect(nearMisses('SetPositon', ['SetPos', 'SetPosition', 'GetPosition'])).toEqual([
      'SetPosition',
      'GetPosition',
    ]);
  });

  it('is bounded by the length of the name', () => {
    expect(maxDistance(3)).toBe(0);
    expect(nearMisses('Foo', ['Fob', 'foo'])).toEqual(['foo']);
    expect(nearMisses('ChFrobnicator', ['ChBody', 'ChSystem'])).toEqual([]);
  });
});
