// The mounted 3D view, for actions that act on the picture (export, copy, reset camera).
import type { SceneRenderer } from '../../scene/scene-renderer';

let active: SceneRenderer | null = null;

export function setActiveView(view: SceneRenderer | null): void {
  active = view;
}

export function activeView(): SceneRenderer | null {
  return active;
}
