// The scene as three.js objects, without a WebGL context: scene messages add and remove
// items (each shape handed to the extension that draws its kind), frames move them. The
// renderer class owns one of these; tests exercise it directly under jsdom.
import { Group, Matrix4, Quaternion, Vector3, type Object3D } from 'three';
import {
  POSE_STRIDE,
  type Frame,
  type SceneItem,
  type SceneMessage,
  type Vec3,
} from '../../../electron/common/stream';
import { SceneContext, type Extension, type Part, type TextureSource } from './context';
import { FeaExtension } from './extensions/fea';
import { LinksExtension } from './extensions/links';
import { ModelFiles, ModelFilesExtension, type ModelSource } from './extensions/model-files';
import { ParticlesExtension } from './extensions/particles';
import { PrimitivesExtension } from './extensions/primitives';
import { TerrainExtension, TerrainPart } from './extensions/terrain';
import type { InstanceBatch } from './instancing';

interface ItemEntry {
  item: SceneItem;
  matrix: Matrix4;
  parts: (Part | null)[];
  visible: boolean;
  /** The frame counter when this item was last posed. */
  stamp: number;
  posed: boolean;
}

const position = new Vector3();
const quaternion = new Quaternion();
const unit = new Vector3(1, 1, 1);

export class SceneContent {
  readonly root = new Group();
  readonly ctx: SceneContext;
  private readonly extensions: Extension[];
  private readonly items = new Map<number, ItemEntry>();
  private readonly highlighted = new Set<number>();
  private stamp = 0;
  upAxis: 'Y' | 'Z' = 'Y';
  camera: { pos: Vec3; target: Vec3 } | null = null;
  /** Shape kinds seen but not drawn (so the UI can say so), with their counts. */
  readonly skipped = new Map<string, number>();

  private readonly modelFiles: ModelFiles | null;

  constructor(
    textureSource: TextureSource | null = null,
    modelSource: ModelSource | null = null,
    onModelError: (path: string, error: unknown) => void = () => {},
  ) {
    this.root.name = 'twinforge-scene';
    this.ctx = new SceneContext(this.root, textureSource);
    this.modelFiles = modelSource ? new ModelFiles(modelSource, onModelError) : null;
    // Particle clouds first: they claim solid shapes of items that have clones.
    this.extensions = [
      new ParticlesExtension(this.ctx),
      new PrimitivesExtension(this.ctx),
      new FeaExtension(this.ctx),
      new LinksExtension(this.ctx),
      new TerrainExtension(this.ctx),
      new ModelFilesExtension(this.ctx, this.modelFiles),
    ];
  }

  get itemCount(): number {
    return this.items.size;
  }

  item(key: number): SceneItem | undefined {
    return this.items.get(key)?.item;
  }

  itemKeys(): number[] {
    return [...this.items.keys()];
  }

  applyScene(message: SceneMessage): void {
    if (message.full) this.clear();
    for (const [hash, mesh] of Object.entries(message.meshes ?? {}))
      this.ctx.meshes.set(hash, mesh);
    this.upAxis = message.upAxis ?? this.upAxis;
    if (message.camera) this.camera = message.camera;
    for (const key of message.remove ?? []) this.removeItem(key);
    for (const item of message.add ?? []) {
      this.removeItem(item.key);
      this.addItem(item);
    }
  }

  /**
   * Poses the items of a frame and hands its extras to their shapes. A `complete` frame
   * (from the timeline) holds every item that existed at its time, so moving items absent
   * from it are hidden: they appear later in the run.
   */
  applyFrame(frame: Frame, complete = false): void {
    const stamp = ++this.stamp;
    const { keys, poses } = frame;
    for (let i = 0; i < keys.length; i++) {
      const entry = this.items.get(keys[i]);
      if (!entry) continue;
      const o = i * POSE_STRIDE;
      position.set(poses[o], poses[o + 1], poses[o + 2]);
      quaternion.set(poses[o + 4], poses[o + 5], poses[o + 6], poses[o + 3]);
      entry.matrix.compose(position, quaternion, unit);
      entry.stamp = stamp;
      entry.posed = true;
      if (!entry.visible) this.setItemVisible(entry, true);
      for (const part of entry.parts) part?.setPose(entry.matrix);
    }
    for (const extra of frame.extras) {
      const entry = this.items.get(Math.floor(extra.key / 256));
      entry?.parts[extra.key % 256]?.applyExtra(extra.kind, extra.data);
    }
    if (complete) {
      for (const entry of this.items.values()) {
        if (entry.stamp !== stamp && !entry.item.fixed && entry.visible) {
          this.setItemVisible(entry, false);
        }
      }
    }
  }

  /** Puts deformable terrain back to its initial heights (before replaying HEIGHTS). */
  resetDeformations(): void {
    for (const entry of this.items.values()) {
      for (const part of entry.parts) if (part instanceof TerrainPart) part.reset();
    }
  }

  setHighlight(keys: Iterable<number>): void {
    const next = new Set(keys);
    for (const key of this.highlighted) {
      if (!next.has(key)) this.items.get(key)?.parts.forEach((p) => p?.setHighlight(false));
    }
    for (const key of next) {
      if (!this.highlighted.has(key))
        this.items.get(key)?.parts.forEach((p) => p?.setHighlight(true));
    }
    this.highlighted.clear();
    for (const key of next) if (this.items.has(key)) this.highlighted.add(key);
  }

  /** World position of an item's visual-model frame (for follow and the body frames). */
  itemMatrix(key: number): Matrix4 | null {
    return this.items.get(key)?.matrix ?? null;
  }

  forEachPosedBody(fn: (key: number, matrix: Matrix4) => void): void {
    for (const [key, entry] of this.items) {
      if (entry.posed && entry.visible && entry.item.kind === 'body') fn(key, entry.matrix);
    }
  }

  /** The item an intersected object (and instance) belongs to. */
  itemOfHit(object: Object3D, instanceId: number | undefined): number | null {
    const batch = object.userData.batch as InstanceBatch | undefined;
    if (batch && instanceId !== undefined) return batch.ownerAt(instanceId) ?? null;
    const key = object.userData.itemKey;
    return typeof key === 'number' ? key : null;
  }

  /** Before ray tests: instanced bounds follow the instances. */
  refreshBounds(): void {
    for (const batch of this.ctx.allBatches()) batch.refreshBounds();
  }

  clear(): void {
    for (const key of [...this.items.keys()]) this.removeItem(key);
    this.highlighted.clear();
    this.skipped.clear();
    this.ctx.clear();
    this.modelFiles?.clear();
    this.camera = null;
  }

  dispose(): void {
    this.clear();
  }

  private addItem(item: SceneItem): void {
    const entry: ItemEntry = {
      item,
      matrix: new Matrix4(),
      parts: [],
      visible: true,
      stamp: 0,
      posed: false,
    };
    item.shapes.forEach((shape, index) => {
      let part: Part | null = null;
      for (const ext of this.extensions) {
        part = ext.createPart(item, shape, index);
        if (part) break;
      }
      if (!part) this.skipped.set(shape.type, (this.skipped.get(shape.type) ?? 0) + 1);
      entry.parts.push(part);
    });
    this.items.set(item.key, entry);
  }

  private removeItem(key: number): void {
    const entry = this.items.get(key);
    if (!entry) return;
    for (const part of entry.parts) part?.dispose();
    this.items.delete(key);
    this.highlighted.delete(key);
  }

  private setItemVisible(entry: ItemEntry, visible: boolean): void {
    entry.visible = visible;
    for (const part of entry.parts) part?.setVisible(visible);
  }
}
