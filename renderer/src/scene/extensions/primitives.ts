// Solid shapes (every primitive kind, triangle meshes and static surfaces): one instance
// per shape in the batch of its geometry and look.
import { Color, Matrix4 } from 'three';
import type { SceneItem, Shape } from '../../../../electron/common/stream';
import {
  HIGHLIGHT,
  shapeColor,
  shapeMatrix,
  type Extension,
  type Part,
  type SceneContext,
} from '../context';
import { TESSELLATED, buildGeometry, geometryKey } from '../geometry';
import type { InstanceHandle } from '../instancing';

const scratch = new Matrix4();

export class PrimitivePart implements Part {
  private visible = true;
  private readonly world = new Matrix4();

  constructor(
    private readonly ctx: SceneContext,
    private readonly handle: InstanceHandle,
    private readonly local: Matrix4,
    private readonly color: Color,
  ) {}

  setPose(item: Matrix4): void {
    this.world.multiplyMatrices(item, this.local);
    if (this.visible) this.handle.batch.setMatrix(this.handle, this.world);
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (visible) this.handle.batch.setMatrix(this.handle, this.world);
    else this.handle.batch.hide(this.handle);
  }

  applyExtra(): void {}

  setHighlight(on: boolean): void {
    this.handle.batch.setColor(this.handle, on ? HIGHLIGHT : this.color);
  }

  dispose(): void {
    this.handle.batch.remove(this.handle);
    this.ctx.releaseBatch(this.handle.batch);
  }
}

/** Adds one instance of `shape` for `itemKey`; null when the shape cannot be built. */
export function addInstance(
  ctx: SceneContext,
  itemKey: number,
  shape: Shape,
): { handle: InstanceHandle; color: Color } | null {
  const key = geometryKey(shape);
  if (!key) return null;
  const coarse = TESSELLATED.has(shape.type)
    ? () => buildGeometry(shape, ctx.meshes, 'coarse')
    : null;
  const batch = ctx.acquireBatch(key, () => buildGeometry(shape, ctx.meshes), shape, coarse);
  if (!batch) return null;
  const color = shapeColor(shape);
  return { handle: batch.add(itemKey, color), color };
}

export class PrimitivesExtension implements Extension {
  readonly name = 'primitives';

  constructor(private readonly ctx: SceneContext) {}

  createPart(item: SceneItem, shape: Shape): Part | null {
    if (item.clones > 0) return null;
    const added = addInstance(this.ctx, item.key, shape);
    if (!added) return null;
    const part = new PrimitivePart(this.ctx, added.handle, shapeMatrix(shape), added.color);
    part.setPose(scratch.identity());
    return part;
  }
}
