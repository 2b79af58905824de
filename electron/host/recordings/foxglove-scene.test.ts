import { describe, expect, it } from 'vitest';
import { frameIdOf, sceneEntity, timeOf } from './foxglove-scene';
import { item, shape } from './test-fixtures';

const time = timeOf(1.5);

describe('the scene in Foxglove terms', () => {
  it('names frames after items and keeps simulated time in seconds and nanoseconds', () => {
    expect(frameIdOf(item(7, 'body', [], 'wheel'))).toBe('wheel#7');
    expect(frameIdOf(item(8, 'other', [], ''))).toBe('other#8');
    expect(timeOf(2.000000001)).toEqual({ sec: 2, nsec: 1 });
    expect(time).toEqual({ sec: 1, nsec: 500_000_000 });
  });

  it("turns Chrono's barrel (along Y) into a cylinder along Y", () => {
    const barrel = shape({ type: 'barrel', radius: 0.3, height: 0.2 });
    const { entity } = sceneEntity(item(1, 'body', [barrel], 'tire'), new Map(), time);
    const cylinder = entity?.cylinders[0];
    expect(cylinder?.size).toEqual({ x: 0.6, y: 0.6, z: 0.2 });
    // The cylinder's local Z, rotated by its orientation, is the shape's Y.
    const q = cylinder!.pose.orientation;
    const zAxis = [
      2 * (q.x * q.z + q.w * q.y),
      2 * (q.y * q.z - q.w * q.x),
      1 - 2 * (q.x ** 2 + q.y ** 2),
    ];
    expect(zAxis[0]).toBeCloseTo(0, 12);
    expect(zAxis[1]).toBeCloseTo(1, 12);
    expect(zAxis[2]).toBeCloseTo(0, 12);
  });

  it('draws a height field as a triangle list of its grid, and says what it cannot draw', () => {
    const terrain = shape({
      type: 'heightfield',
      nx: 3,
      ny: 2,
      dx: 0.5,
      dy: 1,
      origin: [-1, 0, 0.1],
      heights: [0, 1, 2, 3, 4, 5],
    });
    const link = shape({
      type: 'segment',
      points: [
        [0, 0, 0],
        [1, 0, 0],
      ],
      dynamic: true,
    });
    const { entity, notDrawn } = sceneEntity(
      item(4, 'other', [terrain, link], 'scm'),
      new Map(),
      time,
    );
    const grid = entity?.triangles[0];
    expect(grid?.points[5]).toEqual({ x: 0, y: 1, z: 5.1 });
    expect(grid?.indices).toEqual([0, 1, 3, 1, 4, 3, 1, 2, 4, 2, 5, 4]);
    expect(notDrawn).toEqual([
      { shape: 'scm#4/1', type: 'segment', reason: expect.stringMatching(/end points/) },
    ]);
  });

  it('gives no entity to an item with nothing drawable', () => {
    const fea = shape({ type: 'fea', mesh: 'm', dynamic: true });
    const result = sceneEntity(item(5, 'mesh', [fea], 'beam'), new Map(), time);
    expect(result.entity).toBeNull();
    expect(result.notDrawn).toHaveLength(1);
  });
});
