// FEA surfaces: the triangle mesh Chrono rebuilds in world coordinates at every step.
// The mesh comes once from the scene's table; VERTICES extras replace its positions (same
// vertex order), so the object stays at the world origin and ignores the item's pose.
import { BufferAttribute, BufferGeometry, DoubleSide, Mesh, MeshStandardMaterial } from 'three';
import type { SceneItem, Shape } from '../../../../electron/common/stream';
import { EXTRA_VERTICES } from '../../../../electron/common/stream';
import { HIGHLIGHT, shapeColor, type Extension, type Part, type SceneContext } from '../context';

export class FeaPart implements Part {
  readonly mesh: Mesh;
  private readonly material: MeshStandardMaterial;

  constructor(
    private readonly ctx: SceneContext,
    item: SceneItem,
    shape: Shape,
    geometry: BufferGeometry,
  ) {
    // Each FEA mesh owns its material, so highlighting tints only it.
    this.material = new MeshStandardMaterial({
      color: shapeColor(shape),
      roughness: 0.6,
      metalness: 0.1,
      side: DoubleSide,
      transparent: shape.opacity < 1,
      opacity: shape.opacity,
    });
    this.material.wireframe = ctx.wireframe;
    ctx.ownMaterials.add(this.material);
    this.mesh = new Mesh(geometry, this.material);
    this.mesh.userData.itemKey = item.key;
    this.mesh.castShadow = ctx.shadows;
    this.mesh.receiveShadow = ctx.shadows;
    ctx.root.add(this.mesh);
  }

  setPose(): void {}

  setVisible(visible: boolean): void {
    this.mesh.visible = visible;
  }

  applyExtra(kind: number, data: Float32Array): void {
    if (kind !== EXTRA_VERTICES) return;
    const attr = this.mesh.geometry.getAttribute('position') as BufferAttribute;
    const n = Math.min(attr.array.length, data.length);
    (attr.array as Float32Array).set(n === data.length ? data : data.subarray(0, n));
    attr.needsUpdate = true;
    // FEA meshes are small: recomputing normals per frame is cheap next to the solver.
    this.mesh.geometry.computeVertexNormals();
    this.mesh.geometry.computeBoundingSphere();
  }

  setHighlight(on: boolean): void {
    this.material.emissive.setRGB(0, 0, 0);
    if (on) this.material.emissive.copy(HIGHLIGHT).multiplyScalar(0.4);
  }

  dispose(): void {
    this.ctx.root.remove(this.mesh);
    this.ctx.ownMaterials.delete(this.material);
    this.mesh.geometry.dispose();
    this.material.dispose();
  }
}

export class FeaExtension implements Extension {
  readonly name = 'fea';

  constructor(private readonly ctx: SceneContext) {}

  createPart(item: SceneItem, shape: Shape): Part | null {
    if (shape.type !== 'fea') return null;
    const data = this.ctx.meshes.get(shape.mesh);
    if (!data) return null;
    // One vertex per Chrono vertex (normals computed) so VERTICES map one to one.
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(new Float32Array(data.vertices), 3));
    geometry.setIndex(data.indices);
    geometry.computeVertexNormals();
    geometry.computeBoundingSphere();
    return new FeaPart(this.ctx, item, shape, geometry);
  }
}
