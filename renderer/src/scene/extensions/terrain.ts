// Height fields (SCM deformable terrain): a grid of nx by ny vertices in the shape's frame,
// heights along the frame's local Z. A flat grid comes as its one height; any other as a
// GRID extra with every height (float32), which the viewer session also keeps on the
// shape (`heights`) for views made later; HEIGHTS extras then carry only the changed
// cells as (index, height) pairs. Normals are refreshed around changed cells only, since
// an SCM patch can hold a million cells.
import { BufferAttribute, BufferGeometry, Matrix4, Mesh, MeshStandardMaterial } from 'three';
import type { SceneItem, Shape } from '../../../../electron/common/stream';
import { EXTRA_GRID, EXTRA_HEIGHTS } from '../../../../electron/common/stream';
import { HIGHLIGHT, shapeMatrix, type Extension, type Part, type SceneContext } from '../context';

type HeightShape = Extract<Shape, { type: 'heightfield' }>;

export function heightfieldGeometry(shape: HeightShape): BufferGeometry {
  const { nx, ny, dx, dy, origin } = shape;
  const heights = shape.heights?.length === nx * ny ? shape.heights : null;
  const flat = shape.flatHeight ?? 0;
  const positions = new Float32Array(nx * ny * 3);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = j * nx + i;
      positions[k * 3] = origin[0] + i * dx;
      positions[k * 3 + 1] = origin[1] + j * dy;
      positions[k * 3 + 2] = origin[2] + (heights ? heights[k] : flat);
    }
  }
  const indices = new Uint32Array((nx - 1) * (ny - 1) * 6);
  let t = 0;
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const a = j * nx + i;
      const b = a + 1;
      const c = a + nx;
      const d = c + 1;
      indices.set([a, b, d, a, d, c], t);
      t += 6;
    }
  }
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(positions, 3));
  g.setAttribute('normal', new BufferAttribute(new Float32Array(nx * ny * 3), 3));
  g.setIndex(new BufferAttribute(indices, 1));
  for (let k = 0; k < nx * ny; k++) updateNormal(g, shape, k);
  g.computeBoundingSphere();
  return g;
}

/** Normal at vertex k from central differences of the neighbouring heights. */
function updateNormal(g: BufferGeometry, shape: HeightShape, k: number): void {
  const { nx, ny, dx, dy } = shape;
  const pos = g.getAttribute('position').array as Float32Array;
  const nor = g.getAttribute('normal').array as Float32Array;
  const i = k % nx;
  const j = (k - i) / nx;
  const h = (ii: number, jj: number) =>
    pos[(Math.min(ny - 1, Math.max(0, jj)) * nx + Math.min(nx - 1, Math.max(0, ii))) * 3 + 2];
  const gx = (h(i + 1, j) - h(i - 1, j)) / (2 * dx);
  const gy = (h(i, j + 1) - h(i, j - 1)) / (2 * dy);
  const len = Math.hypot(gx, gy, 1);
  nor[k * 3] = -gx / len;
  nor[k * 3 + 1] = -gy / len;
  nor[k * 3 + 2] = 1 / len;
}

export class TerrainPart implements Part {
  readonly mesh: Mesh;
  private readonly material: MeshStandardMaterial;
  private readonly base: Float32Array;

  constructor(
    private readonly ctx: SceneContext,
    item: SceneItem,
    private readonly shape: HeightShape,
    private readonly local: Matrix4,
  ) {
    const geometry = heightfieldGeometry(shape);
    this.base = (geometry.getAttribute('position').array as Float32Array).slice();
    const c = shape.color;
    this.material = new MeshStandardMaterial({ roughness: 0.9, metalness: 0 });
    this.material.color.setRGB(c[0], c[1], c[2]);
    this.material.wireframe = ctx.wireframe;
    this.mesh = new Mesh(geometry, this.material);
    this.mesh.userData.itemKey = item.key;
    this.mesh.userData.material = this.material;
    this.mesh.matrixAutoUpdate = false;
    this.mesh.matrix.copy(local);
    this.mesh.receiveShadow = ctx.shadows;
    ctx.root.add(this.mesh);
    ctx.ownMaterials.add(this.material);
  }

  setPose(item: Matrix4): void {
    this.mesh.matrix.multiplyMatrices(item, this.local);
    this.mesh.matrixWorldNeedsUpdate = true;
  }

  setVisible(visible: boolean): void {
    this.mesh.visible = visible;
  }

  applyExtra(kind: number, data: Float32Array): void {
    if (kind === EXTRA_GRID) this.applyGrid(data);
    if (kind !== EXTRA_HEIGHTS) return;
    const g = this.mesh.geometry;
    const pos = g.getAttribute('position') as BufferAttribute;
    const arr = pos.array as Float32Array;
    const { nx, ny, origin } = this.shape;
    const total = nx * ny;
    const touched = new Set<number>();
    for (let p = 0; p + 1 < data.length; p += 2) {
      const k = data[p];
      if (k < 0 || k >= total) continue;
      arr[k * 3 + 2] = origin[2] + data[p + 1];
      touched.add(k);
    }
    for (const k of touched) {
      for (const n of [k, k - 1, k + 1, k - nx, k + nx]) {
        if (n >= 0 && n < total) updateNormal(g, this.shape, n);
      }
    }
    pos.needsUpdate = true;
    g.getAttribute('normal').needsUpdate = true;
  }

  /** Every height at once (the terrain's first state): it becomes what reset() returns to. */
  private applyGrid(data: Float32Array): void {
    const { nx, ny, origin } = this.shape;
    if (data.length !== nx * ny) return;
    for (let k = 0; k < data.length; k++) this.base[k * 3 + 2] = origin[2] + data[k];
    this.reset();
  }

  /** Back to the first heights (the timeline seeks backwards). */
  reset(): void {
    const pos = this.mesh.geometry.getAttribute('position') as BufferAttribute;
    (pos.array as Float32Array).set(this.base);
    pos.needsUpdate = true;
    const total = this.shape.nx * this.shape.ny;
    for (let k = 0; k < total; k++) updateNormal(this.mesh.geometry, this.shape, k);
    this.mesh.geometry.getAttribute('normal').needsUpdate = true;
  }

  heightAt(k: number): number {
    return (this.mesh.geometry.getAttribute('position').array as Float32Array)[k * 3 + 2];
  }

  setHighlight(on: boolean): void {
    this.material.emissive.setRGB(0, 0, 0);
    if (on) this.material.emissive.copy(HIGHLIGHT).multiplyScalar(0.3);
  }

  dispose(): void {
    this.ctx.root.remove(this.mesh);
    this.ctx.ownMaterials.delete(this.material);
    this.mesh.geometry.dispose();
    this.material.dispose();
  }
}

export class TerrainExtension implements Extension {
  readonly name = 'terrain';

  constructor(private readonly ctx: SceneContext) {}

  createPart(item: SceneItem, shape: Shape): Part | null {
    if (shape.type !== 'heightfield' || shape.nx < 2 || shape.ny < 2) return null;
    return new TerrainPart(this.ctx, item, shape, shapeMatrix(shape));
  }
}
