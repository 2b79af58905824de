import { Group, InstancedMesh, Matrix4, Vector3, type Material } from 'three';
import { describe, expect, it } from 'vitest';
import { body, frame, scene, shape } from '../testing/test-scenes';
import { GHOST_OPACITY, GhostLayer } from './ghost-layer';
import { SceneContent } from './scene-content';

function batches(root: Group): InstancedMesh[] {
  return root.children.filter((o): o is InstancedMesh => o instanceof InstancedMesh);
}

describe('GhostLayer', () => {
  it('draws a scene translucent inside the view, leaving the view’s own scene as it is', () => {
    const view = new Group();
    const twin = new SceneContent();
    view.add(twin.root);
    let changes = 0;
    const ghost = new GhostLayer(view, () => (changes += 1));
    const message = scene([body(1, [shape({ type: 'sphere', radius: 1 })])]);
    twin.applyScene(message);
    ghost.applyScene(message);

    const [ghostBatch] = batches(ghost.content.root);
    const ghostMaterial = ghostBatch.material as Material;
    expect(ghostMaterial).toMatchObject({ transparent: true, depthWrite: false });
    expect(ghostMaterial.opacity).toBeCloseTo(GHOST_OPACITY);
    const twinMaterial = batches(twin.root)[0].material as Material;
    expect(twinMaterial).toMatchObject({ transparent: false, opacity: 1 });
    expect(changes).toBeGreaterThan(0);

    // Frames move the ghost's items; fading happens once, not again at every frame.
    ghost.applyFrame(frame(0.5, { 1: { pos: [2, 0, 0] } }));
    ghost.applyFrame(frame(0.6, { 1: { pos: [3, 0, 0] } }));
    const m = new Matrix4();
    ghostBatch.getMatrixAt(0, m);
    expect(new Vector3().setFromMatrixPosition(m).x).toBeCloseTo(3);
    expect(ghostMaterial.opacity).toBeCloseTo(GHOST_OPACITY);
  });

  it('fades the items a later scene message adds, and leaves the view when disposed', () => {
    const view = new Group();
    const ghost = new GhostLayer(view, () => {});
    ghost.applyScene(scene([body(1, [shape({ type: 'sphere', radius: 1 })])]));
    ghost.applyScene(
      scene([body(2, [shape({ type: 'box', lengths: [1, 1, 1] }, { opacity: 0.5 })])], {
        full: false,
      }),
    );
    const opacities = batches(ghost.content.root).map((b) => (b.material as Material).opacity);
    expect(opacities.sort()).toEqual([0.5 * GHOST_OPACITY, GHOST_OPACITY].sort());
    expect(view.children).toContain(ghost.content.root);
    ghost.dispose();
    expect(view.children).not.toContain(ghost.content.root);
    expect(ghost.content.itemCount).toBe(0);
  });
});
