// Lines, paths, segments, springs: polylines that follow their end points. Static ones
// hang in the item's frame; dynamic ones take world points from POINTS extras each frame.
// Springs are drawn as helices between their two end points.
import { BufferAttribute, BufferGeometry, Line, LineBasicMaterial, Matrix4, Vector3 } from 'three';
import type { SceneItem, Shape, Vec3 } from '../../../../electron/common/stream';
import { EXTRA_POINTS } from '../../../../electron/common/stream';
import { HIGHLIGHT, shapeMatrix, type Extension, type Part, type SceneContext } from '../context';

const LINE_TYPES = new Set(['line', 'path', 'segment', 'pointpoint', 'spring', 'rotspring']);
type LineShape = Extract<Shape, { points: Vec3[] }>;

const SPRING_SEGMENTS_PER_TURN = 16;

/** World polyline for a shape's points: a helix for springs, the points themselves else. */
export function polyline(shape: LineShape, points: ArrayLike<number>): Float32Array {
  if (shape.type !== 'spring' || points.length < 6) return Float32Array.from(points);
  const a = new Vector3(points[0], points[1], points[2]);
  const b = new Vector3(points[3], points[4], points[5]);
  const axis = b.clone().sub(a);
  const length = axis.length();
  const turns = shape.turns ?? 10;
  const radius = shape.radius ?? Math.max(0.05 * length, 1e-3);
  const dir = length > 0 ? axis.clone().divideScalar(length) : new Vector3(0, 0, 1);
  // Two vectors across the axis for the helix's circle.
  const u = new Vector3(1, 0, 0).cross(dir);
  if (u.lengthSq() < 1e-6) u.set(0, 1, 0).cross(dir);
  u.normalize();
  const v = dir.clone().cross(u);
  const n = Math.max(2, Math.round(turns * SPRING_SEGMENTS_PER_TURN));
  const out = new Float32Array((n + 1) * 3);
  const p = new Vector3();
  for (let i = 0; i <= n; i++) {
    const t = i / n;
    const angle = t * turns * 2 * Math.PI;
    p.copy(a)
      .addScaledVector(axis, t)
      .addScaledVector(u, radius * Math.cos(angle))
      .addScaledVector(v, radius * Math.sin(angle));
    out[i * 3] = p.x;
    out[i * 3 + 1] = p.y;
    out[i * 3 + 2] = p.z;
  }
  return out;
}

export class LinePart implements Part {
  readonly line: Line;
  private readonly material: LineBasicMaterial;

  constructor(
    private readonly ctx: SceneContext,
    item: SceneItem,
    private readonly shape: LineShape,
    private readonly local: Matrix4,
  ) {
    const c = shape.color;
    this.material = new LineBasicMaterial();
    this.material.color.setRGB(c[0], c[1], c[2]);
    const geometry = new BufferGeometry();
    this.line = new Line(geometry, this.material);
    this.line.userData.itemKey = item.key;
    this.line.matrixAutoUpdate = false;
    this.line.frustumCulled = false;
    this.setPoints(shape.points.flat());
    ctx.root.add(this.line);
  }

  setPose(item: Matrix4): void {
    // Dynamic points are already in world coordinates.
    if (this.shape.dynamic) return;
    this.line.matrix.multiplyMatrices(item, this.local);
    this.line.matrixWorldNeedsUpdate = true;
  }

  setVisible(visible: boolean): void {
    this.line.visible = visible;
  }

  applyExtra(kind: number, data: Float32Array): void {
    if (kind === EXTRA_POINTS) this.setPoints(data);
  }

  setHighlight(on: boolean): void {
    const c = this.shape.color;
    if (on) this.material.color.copy(HIGHLIGHT);
    else this.material.color.setRGB(c[0], c[1], c[2]);
  }

  dispose(): void {
    this.ctx.root.remove(this.line);
    this.line.geometry.dispose();
    this.material.dispose();
  }

  private setPoints(points: ArrayLike<number>): void {
    const positions = polyline(this.shape, points);
    const geometry = this.line.geometry;
    const attr = geometry.getAttribute('position') as BufferAttribute | undefined;
    if (attr && attr.array.length === positions.length) {
      (attr.array as Float32Array).set(positions);
      attr.needsUpdate = true;
    } else {
      geometry.setAttribute('position', new BufferAttribute(positions, 3));
    }
    geometry.computeBoundingSphere();
  }
}

export class LinksExtension implements Extension {
  readonly name = 'links';

  constructor(private readonly ctx: SceneContext) {}

  createPart(item: SceneItem, shape: Shape): Part | null {
    if (!LINE_TYPES.has(shape.type)) return null;
    return new LinePart(this.ctx, item, shape as LineShape, shapeMatrix(shape));
  }
}
