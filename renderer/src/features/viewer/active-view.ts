// The 3D view the user last worked in (clicked, focused, or the only one mounted), for the
// actions that act on "the view": export, copy, reset camera, timeline keys. With two views
// side by side (review), it is the one last touched.
import type { SceneRenderer } from '../../scene/scene-renderer';
import type { ViewerSession } from './viewer-session';

export interface ActiveView {
  renderer: SceneRenderer;
  session: ViewerSession;
}

let active: ActiveView | null = null;

export function setActiveView(view: ActiveView | null): void {
  active = view;
}

/** Forgets the view if it is the active one (it unmounted). */
export function clearActiveView(renderer: SceneRenderer): void {
  if (active?.renderer === renderer) active = null;
}

export function activeView(): ActiveView | null {
  return active;
}
