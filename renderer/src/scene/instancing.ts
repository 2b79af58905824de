// Growable instanced meshes: one draw call per distinct geometry and material, whatever
// the number of bodies that use it. Slots are handed out as handles; removing one moves the
// last instance into its place so the drawn range stays packed.
import {
  BufferGeometry,
  Color,
  DynamicDrawUsage,
  InstancedBufferAttribute,
  InstancedMesh,
  Matrix4,
  type Material,
  type Object3D,
} from 'three';

export interface InstanceHandle {
  slot: number;
  readonly itemKey: number;
  readonly batch: InstanceBatch;
}

const ZERO = new Matrix4().makeScale(0, 0, 0);
const INITIAL_CAPACITY = 16;
/** Past this many instances a batch switches to its coarse geometry (if it has one). */
export const CROWDED = 2000;

export class InstanceBatch {
  mesh: InstancedMesh;
  private handles: InstanceHandle[] = [];

  constructor(
    readonly geometry: BufferGeometry,
    readonly material: Material,
    private readonly parent: Object3D,
    private readonly shadows: () => boolean,
    readonly keys: { geometryKey: string; materialKey: string },
    /** Builds a coarser geometry for crowded batches; null when there is none. */
    private readonly coarse: (() => BufferGeometry | null) | null = null,
  ) {
    this.mesh = this.makeMesh(INITIAL_CAPACITY);
    parent.add(this.mesh);
  }

  get count(): number {
    return this.handles.length;
  }

  get capacity(): number {
    return this.mesh.instanceMatrix.count;
  }

  /** The geometry drawn now: the coarse one once the batch is crowded. */
  private coarseGeometry: BufferGeometry | null = null;

  get drawnGeometry(): BufferGeometry {
    return this.coarseGeometry ?? this.geometry;
  }

  add(itemKey: number, color: Color): InstanceHandle {
    if (this.handles.length === this.capacity) this.grow(this.capacity * 2);
    if (this.handles.length === CROWDED && this.coarse && !this.coarseGeometry) {
      // Thousands of copies: fewer triangles each keeps the frame time in check.
      this.coarseGeometry = this.coarse();
      if (this.coarseGeometry) this.mesh.geometry = this.coarseGeometry;
    }
    const handle: InstanceHandle = { slot: this.handles.length, itemKey, batch: this };
    this.handles.push(handle);
    this.mesh.count = this.handles.length;
    this.mesh.setMatrixAt(handle.slot, ZERO);
    this.mesh.setColorAt(handle.slot, color);
    this.markDirty();
    return handle;
  }

  remove(handle: InstanceHandle): void {
    const last = this.handles.length - 1;
    const slot = handle.slot;
    if (this.handles[slot] !== handle) return;
    if (slot !== last) {
      const moved = this.handles[last];
      const m = this.mesh.instanceMatrix.array;
      m.copyWithin(slot * 16, last * 16, last * 16 + 16);
      const c = this.mesh.instanceColor!.array;
      c.copyWithin(slot * 3, last * 3, last * 3 + 3);
      moved.slot = slot;
      this.handles[slot] = moved;
    }
    this.handles.pop();
    this.mesh.count = this.handles.length;
    this.markDirty();
  }

  setMatrix(handle: InstanceHandle, matrix: Matrix4): void {
    matrix.toArray(this.mesh.instanceMatrix.array, handle.slot * 16);
    this.mesh.instanceMatrix.needsUpdate = true;
  }

  hide(handle: InstanceHandle): void {
    this.setMatrix(handle, ZERO);
  }

  setColor(handle: InstanceHandle, color: Color): void {
    this.mesh.setColorAt(handle.slot, color);
    this.mesh.instanceColor!.needsUpdate = true;
  }

  ownerAt(instanceId: number): number | undefined {
    return this.handles[instanceId]?.itemKey;
  }

  /** Makes the bounding sphere follow the instances before a ray test. */
  refreshBounds(): void {
    this.mesh.computeBoundingSphere();
  }

  setShadows(on: boolean): void {
    this.mesh.castShadow = on;
    this.mesh.receiveShadow = on;
  }

  dispose(): void {
    this.parent.remove(this.mesh);
    this.mesh.dispose();
    this.coarseGeometry?.dispose();
    this.coarseGeometry = null;
    this.handles = [];
  }

  private makeMesh(capacity: number): InstancedMesh {
    const mesh = new InstancedMesh(this.drawnGeometry, this.material, capacity);
    mesh.instanceMatrix.setUsage(DynamicDrawUsage);
    mesh.instanceColor = new InstancedBufferAttribute(new Float32Array(capacity * 3), 3);
    mesh.instanceColor.setUsage(DynamicDrawUsage);
    mesh.count = 0;
    // The instances move every frame: a stale bounding sphere would cull them wrongly.
    mesh.frustumCulled = false;
    mesh.castShadow = this.shadows();
    mesh.receiveShadow = this.shadows();
    mesh.userData.batch = this;
    mesh.name = `${this.keys.geometryKey}#${this.keys.materialKey}`;
    return mesh;
  }

  private grow(capacity: number): void {
    const old = this.mesh;
    const next = this.makeMesh(capacity);
    (next.instanceMatrix.array as Float32Array).set(old.instanceMatrix.array);
    (next.instanceColor!.array as Float32Array).set(old.instanceColor!.array);
    next.count = old.count;
    this.parent.remove(old);
    old.dispose();
    this.parent.add(next);
    this.mesh = next;
  }

  private markDirty(): void {
    this.mesh.instanceMatrix.needsUpdate = true;
    if (this.mesh.instanceColor) this.mesh.instanceColor.needsUpdate = true;
  }
}
