// A second scene drawn inside a view as a translucent ghost: the review's reference over the
// twin, in one view with one camera, so a gap between their motions shows where it happens.
// It takes scene messages and frames like a view does; it is never picked or framed.
import type { Material, Object3D } from 'three';
import type { Frame, SceneMessage } from '../../../electron/common/stream';
import type { TextureSource } from './context';
import type { ModelSource } from './extensions/model-files';
import { SceneContent } from './scene-content';

/** How much of each material's own opacity a ghost keeps. */
export const GHOST_OPACITY = 0.35;

export class GhostLayer {
  readonly content: SceneContent;

  constructor(
    private readonly parent: Object3D,
    private readonly changed: () => void,
    textureSource: TextureSource | null = null,
    modelSource: ModelSource | null = null,
  ) {
    this.content = new SceneContent(textureSource, modelSource);
    this.content.root.name = 'twinforge-ghost';
    this.content.ctx.onAsyncChange = () => this.update();
    parent.add(this.content.root);
  }

  applyScene(message: SceneMessage): void {
    this.content.applyScene(message);
    this.update();
  }

  applyFrame(frame: Frame, complete = false): void {
    this.content.applyFrame(frame, complete);
    this.update();
  }

  resetDeformations(): void {
    this.content.resetDeformations();
    this.update();
  }

  clear(): void {
    this.content.clear();
    this.changed();
  }

  /** Frees its GPU memory and leaves the view. */
  dispose(): void {
    this.content.dispose();
    this.parent.remove(this.content.root);
    this.changed();
  }

  /** Fades materials made since the last change (new items, loaded models), once each. */
  private update(): void {
    this.content.root.traverse((object) => {
      const material = (object as Object3D & { material?: Material | Material[] }).material;
      for (const m of Array.isArray(material) ? material : material ? [material] : []) {
        if (m.userData.ghost) continue;
        m.userData.ghost = true;
        m.transparent = true;
        m.opacity *= GHOST_OPACITY;
        m.depthWrite = false;
      }
    });
    this.changed();
  }
}
