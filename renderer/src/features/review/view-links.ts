// What keeps the review's two views together: the same simulated time on both timelines,
// and the same camera in both 3D views. Each returns the function that unlinks.
import type { CameraView, SceneRenderer } from '../../scene/scene-renderer';
import type { ViewerSession } from '../viewer/viewer-session';

/** Sample times that differ by rounding (0.30000000000000004 against 0.3) are the same. */
const SAME_TIME = 1e-9;

/** The frame index of `session` at simulated time `time` (its last frame at or before). */
export function indexAtTime(session: ViewerSession, time: number): number {
  return session.frames.indexAt(time + SAME_TIME * Math.max(1, Math.abs(time)));
}

/** Shows both sessions at `time` (each as close as its own samples allow). */
export function seekBoth(sessions: readonly ViewerSession[], time: number): void {
  for (const session of sessions) {
    if (session.frames.length > 0) session.seek(indexAtTime(session, time));
  }
}

/**
 * When one session's cursor moves off live (scrubbing, stepping, playing), the other is
 * taken to the same simulated time. A live session follows its own run.
 */
export function linkTimelines(a: ViewerSession, b: ViewerSession): () => void {
  let applying = false;
  const follow = (from: ViewerSession, to: ViewerSession) => () => {
    if (applying || from.timeline.getState().live || to.frames.length === 0) return;
    const target = indexAtTime(to, from.cursor.getState().time);
    if (target === to.cursor.getState().index && !to.timeline.getState().live) return;
    applying = true;
    try {
      to.seek(target);
    } finally {
      applying = false;
    }
  };
  const offs = [a.cursor.subscribe(follow(a, b)), b.cursor.subscribe(follow(b, a))];
  return () => offs.forEach((off) => off());
}

/**
 * One camera for two views. A move the user makes in either view is made in the other;
 * a move the twin's view makes by itself (its scene's camera, a reset, following a body)
 * is made in the reference's too, and the reference, when it resets itself, takes the
 * twin's view back: with linked cameras the twin leads.
 */
export function linkCameras(twin: SceneRenderer, reference: SceneRenderer): () => void {
  let applying = false;
  const apply = (to: SceneRenderer, view: CameraView) => {
    if (applying) return;
    applying = true;
    try {
      to.setCameraView(view);
    } finally {
      applying = false;
    }
  };
  reference.setCameraView(twin.cameraView());
  const offs = [
    twin.onCameraChange((view) => apply(reference, view)),
    reference.onCameraChange((view, byUser) =>
      byUser ? apply(twin, view) : apply(reference, twin.cameraView()),
    ),
  ];
  return () => offs.forEach((off) => off());
}
