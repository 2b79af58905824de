import type { SceneItem, SceneMessage, ShapeType } from '../../common/stream';

/** What the run's scene holds now: the full scene followed by its diffs. */
export class SceneTracker {
  /** Items by key, in the order they appeared. */
  readonly items = new Map<number, SceneItem>();
  upAxis: 'Y' | 'Z' | null = null;

  apply(scene: SceneMessage): void {
    if (scene.full) this.items.clear();
    for (const key of scene.remove) this.items.delete(key);
    for (const item of scene.add) this.items.set(item.key, item);
    if (scene.upAxis) this.upAxis = scene.upAxis;
  }

  bodies(): SceneItem[] {
    return [...this.items.values()].filter((item) => item.kind === 'body');
  }

  /** Number of visual shapes per shape type, over every item. */
  shapeCounts(): Partial<Record<ShapeType, number>> {
    const counts: Partial<Record<ShapeType, number>> = {};
    for (const item of this.items.values()) {
      for (const shape of item.shapes) counts[shape.type] = (counts[shape.type] ?? 0) + 1;
    }
    return counts;
  }
}
