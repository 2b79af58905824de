// Particle clouds: an item whose visual model is cloned once per particle. Each solid shape
// becomes one instance per clone in the shape's batch; the clone positions (world xyz, one
// triple per clone) arrive as a POINTS extra addressed to the shape.
import { Color, Matrix4 } from 'three';
import type { SceneItem, Shape } from '../../../../electron/common/stream';
import { EXTRA_POINTS } from '../../../../electron/common/stream';
import { HIGHLIGHT, shapeMatrix, type Extension, type Part, type SceneContext } from '../context';
import type { InstanceHandle } from '../instancing';
import { geometryKey } from '../geometry';
import { addInstance } from './primitives';

const world = new Matrix4();
const translation = new Matrix4();

export class ClonesPart implements Part {
  private readonly handles: InstanceHandle[] = [];
  private color = new Color();
  private positions: Float32Array = new Float32Array(0);
  private visible = true;
  private highlighted = false;

  constructor(
    private readonly ctx: SceneContext,
    private readonly item: SceneItem,
    private readonly shape: Shape,
    private readonly local: Matrix4,
  ) {
    this.resize(item.clones);
  }

  get cloneCount(): number {
    return this.handles.length;
  }

  setPose(): void {
    // Clones are placed by their own positions, not by the item's frame.
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.place();
  }

  applyExtra(kind: number, data: Float32Array): void {
    if (kind !== EXTRA_POINTS) return;
    this.resize(Math.floor(data.length / 3));
    this.positions = data;
    this.place();
  }

  setHighlight(on: boolean): void {
    this.highlighted = on;
    for (const h of this.handles) h.batch.setColor(h, on ? HIGHLIGHT : this.color);
  }

  dispose(): void {
    for (const h of this.handles) {
      h.batch.remove(h);
      this.ctx.releaseBatch(h.batch);
    }
    this.handles.length = 0;
  }

  private resize(count: number): void {
    while (this.handles.length < count) {
      const added = addInstance(this.ctx, this.item.key, this.shape);
      if (!added) return;
      this.color = added.color;
      if (this.highlighted) added.handle.batch.setColor(added.handle, HIGHLIGHT);
      this.handles.push(added.handle);
    }
    while (this.handles.length > count) {
      const h = this.handles.pop()!;
      h.batch.remove(h);
      this.ctx.releaseBatch(h.batch);
    }
  }

  private place(): void {
    const n = Math.min(this.handles.length, this.positions.length / 3);
    for (let i = 0; i < this.handles.length; i++) {
      const h = this.handles[i];
      if (!this.visible || i >= n) {
        h.batch.hide(h);
        continue;
      }
      const p = this.positions;
      translation.makeTranslation(p[i * 3], p[i * 3 + 1], p[i * 3 + 2]);
      h.batch.setMatrix(h, world.multiplyMatrices(translation, this.local));
    }
  }
}

export class ParticlesExtension implements Extension {
  readonly name = 'particles';

  constructor(private readonly ctx: SceneContext) {}

  createPart(item: SceneItem, shape: Shape): Part | null {
    if (item.clones <= 0 || geometryKey(shape) === null) return null;
    return new ClonesPart(this.ctx, item, shape, shapeMatrix(shape));
  }
}
