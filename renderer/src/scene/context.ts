// What every extension shares: the scene root, the mesh table, reference-counted GPU
// resources and the instanced batches. An extension turns one shape of an item into a
// Part; the item moves its parts when its pose changes.
import {
  BufferGeometry,
  Color,
  DoubleSide,
  FrontSide,
  Material,
  Matrix4,
  MeshStandardMaterial,
  Quaternion,
  Texture,
  Vector3,
  type Object3D,
} from 'three';
import type { MeshData, SceneItem, Shape } from '../../../electron/common/stream';
import { InstanceBatch } from './instancing';
import { SharedResources } from './resources';

/** Loads a texture by its path in the pychrono data directory. */
export type TextureSource = (path: string) => Texture;

/** A drawn piece of one item: one shape, or one shape repeated for every clone. */
export interface Part {
  /** The item's visual-model frame moved (world matrix). */
  setPose(item: Matrix4): void;
  setVisible(visible: boolean): void;
  /** A frame extra addressed to this shape (VERTICES, POINTS or HEIGHTS). */
  applyExtra(kind: number, data: Float32Array): void;
  setHighlight(on: boolean): void;
  dispose(): void;
}

export interface Extension {
  readonly name: string;
  /** A part for this shape, or null when the shape is not this extension's kind. */
  createPart(item: SceneItem, shape: Shape, index: number): Part | null;
}

export const HIGHLIGHT = new Color(1, 0.55, 0.1);

export function shapeMatrix(shape: Shape): Matrix4 {
  const { pos, rot } = shape.frame;
  return new Matrix4().compose(
    new Vector3(pos[0], pos[1], pos[2]),
    new Quaternion(rot[1], rot[2], rot[3], rot[0]),
    new Vector3(1, 1, 1),
  );
}

export function shapeColor(shape: Shape): Color {
  // A textured shape gets a white base so the image shows its own colours.
  if (shape.texture) return new Color(1, 1, 1);
  return new Color(shape.color[0], shape.color[1], shape.color[2]);
}

export class SceneContext {
  readonly meshes = new Map<string, MeshData>();
  readonly geometries = new SharedResources<BufferGeometry>();
  readonly textures = new SharedResources<Texture>();
  /** A material lets go of its texture when it is disposed. */
  readonly materials = new SharedResources<Material>((_key, material) => {
    const texture = material.userData.texture;
    if (typeof texture === 'string') this.textures.release(texture);
  });
  private readonly batches = new Map<string, InstanceBatch>();
  private readonly batchUsers = new Map<string, number>();
  /** Materials owned by a single part (FEA, terrain), for the wireframe toggle. */
  readonly ownMaterials = new Set<MeshStandardMaterial>();
  wireframe = false;
  shadows = false;
  /** Called when something loaded later (a model file) changed the scene. */
  onAsyncChange: (() => void) | null = null;

  constructor(
    readonly root: Object3D,
    readonly textureSource: TextureSource | null,
  ) {}

  /** A standard material shared by all shapes with the same look (colour is per instance). */
  acquireMaterial(shape: Shape): { key: string; material: Material } | null {
    const texture = shape.texture && this.textureSource ? shape.texture : null;
    const wire = shape.type === 'mesh' && shape.wireframe;
    const doubleSided = shape.type === 'surface';
    const key = `std:${shape.opacity}:${texture ?? ''}:${wire}:${doubleSided}`;
    const material = this.materials.acquire(key, () => {
      const m = new MeshStandardMaterial({
        color: 0xffffff,
        roughness: 0.6,
        metalness: 0.1,
        transparent: shape.opacity < 1,
        opacity: shape.opacity,
        depthWrite: shape.opacity >= 1,
        side: doubleSided ? DoubleSide : FrontSide,
      });
      m.userData.ownWireframe = wire;
      m.wireframe = wire || this.wireframe;
      if (texture) {
        const map = this.textures.acquire(texture, () => this.textureSource!(texture));
        if (map) {
          m.map = map;
          m.userData.texture = texture;
        }
      }
      return m;
    });
    return material ? { key, material } : null;
  }

  releaseMaterial(key: string): void {
    this.materials.release(key);
  }

  /** The instanced batch for this geometry and look, created on first use. */
  acquireBatch(
    geometryKey: string,
    makeGeometry: () => BufferGeometry | null,
    shape: Shape,
    makeCoarse: (() => BufferGeometry | null) | null = null,
  ): InstanceBatch | null {
    const mat = this.acquireMaterial(shape);
    if (!mat) return null;
    const batchKey = `${geometryKey}#${mat.key}`;
    let batch = this.batches.get(batchKey);
    if (batch) {
      this.releaseMaterial(mat.key); // the batch already holds one reference
    } else {
      const geometry = this.geometries.acquire(geometryKey, makeGeometry);
      if (!geometry) {
        this.releaseMaterial(mat.key);
        return null;
      }
      batch = new InstanceBatch(
        geometry,
        mat.material,
        this.root,
        () => this.shadows,
        { geometryKey, materialKey: mat.key },
        makeCoarse,
      );
      this.batches.set(batchKey, batch);
      this.batchUsers.set(batchKey, 0);
    }
    this.batchUsers.set(batchKey, (this.batchUsers.get(batchKey) ?? 0) + 1);
    return batch;
  }

  /** One user of a batch is gone; the last one frees the batch, its geometry and material. */
  releaseBatch(batch: InstanceBatch): void {
    const { geometryKey, materialKey } = batch.keys;
    const batchKey = `${geometryKey}#${materialKey}`;
    const users = (this.batchUsers.get(batchKey) ?? 1) - 1;
    if (users > 0) {
      this.batchUsers.set(batchKey, users);
      return;
    }
    this.batchUsers.delete(batchKey);
    this.batches.delete(batchKey);
    batch.dispose();
    this.geometries.release(geometryKey);
    this.releaseMaterial(materialKey);
  }

  allBatches(): IterableIterator<InstanceBatch> {
    return this.batches.values();
  }

  setWireframe(on: boolean): void {
    this.wireframe = on;
    for (const m of this.materials.values()) {
      if (m instanceof MeshStandardMaterial) m.wireframe = on || !!m.userData.ownWireframe;
    }
    for (const m of this.ownMaterials) m.wireframe = on;
  }

  setShadows(on: boolean): void {
    this.shadows = on;
    for (const b of this.batches.values()) b.setShadows(on);
    this.root.traverse((o) => {
      if (o.userData.itemKey !== undefined) {
        o.castShadow = on;
        o.receiveShadow = on;
      }
    });
  }

  /** Frees everything (the run is replaced). */
  clear(): void {
    for (const b of this.batches.values()) b.dispose();
    this.batches.clear();
    this.batchUsers.clear();
    this.geometries.clear();
    this.materials.clear();
    this.textures.clear();
    this.meshes.clear();
  }
}
