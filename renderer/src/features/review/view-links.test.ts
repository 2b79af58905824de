import { describe, expect, it } from 'vitest';
import type { CameraListener, CameraView, SceneRenderer } from '../../scene/scene-renderer';
import { body, frame, scene, shape } from '../../testing/test-scenes';
import { ViewerSession } from '../viewer/viewer-session';
import { linkCameras, linkTimelines, seekBoth } from './view-links';

/** A finished run of `n` samples every `dt` seconds in a fresh session. */
function finished(n: number, dt: number): ViewerSession {
  const s = new ViewerSession();
  s.begin('run', 'run');
  s.handleMessage('run', scene([body(1, [shape({ type: 'sphere', radius: 0.1 })])]));
  // Times summed step by step, as a simulation makes them (0.30000000000000004...).
  let t = 0;
  for (let i = 0; i < n; i++, t += dt) s.handleFrame('run', frame(t, { 1: { pos: [i, 0, 0] } }));
  s.handleMessage('run', { type: 'end', status: 'limit', reason: '', simTime: t, steps: n });
  return s;
}

describe('linkTimelines', () => {
  it('takes the other run to the same simulated time when one is scrubbed', () => {
    const twin = finished(11, 0.1);
    const reference = finished(21, 0.05);
    const unlink = linkTimelines(twin, reference);
    twin.seek(3);
    expect(twin.cursor.getState().time).toBeCloseTo(0.3, 12);
    expect(reference.cursor.getState().time).toBeCloseTo(0.3, 12);
    expect(reference.cursor.getState().index).toBe(6);
    reference.seek(20);
    expect(twin.cursor.getState().index).toBe(10);
    unlink();
    twin.seek(0);
    expect(reference.cursor.getState().index).toBe(20);
  });

  it('leaves a live run alone', () => {
    const twin = new ViewerSession();
    twin.begin('a', 'run');
    twin.handleMessage('a', scene([body(1, [shape({ type: 'sphere', radius: 0.1 })])]));
    const reference = finished(5, 0.1);
    reference.seek(2);
    linkTimelines(twin, reference);
    twin.handleFrame('a', frame(0.4, { 1: { pos: [0, 0, 0] } }));
    expect(reference.cursor.getState().index).toBe(2);
  });

  it('seeks both to one time, each within its own run', () => {
    const twin = finished(5, 0.1);
    const reference = finished(11, 0.1);
    seekBoth([twin, reference], 0.7);
    expect(twin.cursor.getState().index).toBe(4);
    expect(reference.cursor.getState().index).toBe(7);
  });
});

class FakeView {
  view: CameraView = { position: [0, 0, 5], target: [0, 0, 0] };
  private readonly listeners = new Set<CameraListener>();
  cameraView() {
    return this.view;
  }
  setCameraView(view: CameraView) {
    this.view = view;
  }
  onCameraChange(listener: CameraListener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** The view moves by itself (reset, follow) or by the user's hand. */
  move(view: CameraView, byUser: boolean) {
    this.view = view;
    for (const l of this.listeners) l(view, byUser);
  }
}

const renderer = (v: FakeView) => v as unknown as SceneRenderer;

describe('linkCameras', () => {
  it('gives both views one camera, the twin leading', () => {
    const twin = new FakeView();
    const reference = new FakeView();
    reference.view = { position: [9, 9, 9], target: [1, 1, 1] };
    const unlink = linkCameras(renderer(twin), renderer(reference));
    expect(reference.view).toEqual(twin.view);

    const dragged: CameraView = { position: [3, 2, 1], target: [0, 1, 0] };
    reference.move(dragged, true);
    expect(twin.view).toEqual(dragged);

    const reset: CameraView = { position: [0, 3, 6], target: [0, 0, 0] };
    reference.move(reset, false);
    expect(reference.view).toEqual(dragged);

    const followed: CameraView = { position: [1, 1, 1], target: [2, 2, 2] };
    twin.move(followed, false);
    expect(reference.view).toEqual(followed);

    unlink();
    twin.move(dragged, true);
    expect(reference.view).toEqual(followed);
  });
});
