import { describe, expect, it, vi } from 'vitest';
import {
  Box3,
  BoxGeometry,
  BufferGeometry,
  Group,
  InstancedMesh,
  Line,
  Matrix4,
  Mesh,
  MeshStandardMaterial,
  Texture,
  Vector3,
  type Object3D,
} from 'three';
import {
  EXTRA_GRID,
  EXTRA_HEIGHTS,
  EXTRA_POINTS,
  EXTRA_VERTICES,
  type Vec3,
} from '../../../electron/common/stream';
import { SceneContent } from './scene-content';
import { body, frame, scene, shape } from '../testing/test-scenes';

function instancedMeshes(content: SceneContent): InstancedMesh[] {
  return content.root.children.filter((o): o is InstancedMesh => o instanceof InstancedMesh);
}

/** World-space bounds of one instance of the only batch in the scene. */
function instanceBounds(content: SceneContent, index = 0): Box3 {
  const [mesh] = instancedMeshes(content);
  const m = new Matrix4();
  mesh.getMatrixAt(index, m);
  mesh.geometry.computeBoundingBox();
  return mesh.geometry.boundingBox!.clone().applyMatrix4(m);
}

function expectVec(v: Vector3, x: number, y: number, z: number): void {
  expect(v.x).toBeCloseTo(x, 4);
  expect(v.y).toBeCloseTo(y, 4);
  expect(v.z).toBeCloseTo(z, 4);
}

describe('scene messages to renderables', () => {
  it('draws a box with full lengths at the frame pose', () => {
    const c = new SceneContent();
    c.applyScene(scene([body(1, [shape({ type: 'box', lengths: [2, 4, 6] })])]));
    c.applyFrame(frame(0, { 1: { pos: [10, 0, 0] } }));
    const b = instanceBounds(c);
    expectVec(b.min, 9, -2, -3);
    expectVec(b.max, 11, 2, 3);
  });

  it('runs cylinders and capsules along local Z, centred', () => {
    for (const type of ['cylinder', 'capsule'] as const) {
      const c = new SceneContent();
      c.applyScene(scene([body(1, [shape({ type, radius: 0.5, height: 4 })])]));
      c.applyFrame(frame(0, { 1: { pos: [0, 0, 0] } }));
      const b = instanceBounds(c);
      const half = type === 'capsule' ? 2.5 : 2;
      expectVec(b.min, -0.5, -0.5, -half);
      expectVec(b.max, 0.5, 0.5, half);
    }
  });

  it('puts the cone base at z = 0 and its apex at z = h', () => {
    const c = new SceneContent();
    c.applyScene(scene([body(1, [shape({ type: 'cone', radius: 1, height: 3 })])]));
    c.applyFrame(frame(0, { 1: { pos: [0, 0, 0] } }));
    const b = instanceBounds(c);
    expect(b.min.z).toBeCloseTo(0, 5);
    expect(b.max.z).toBeCloseTo(3, 5);
    // The apex is the vertex at z = h, on the axis.
    const [mesh] = instancedMeshes(c);
    const pos = mesh.geometry.getAttribute('position');
    let apex = 0;
    for (let i = 0; i < pos.count; i++) {
      if (Math.abs(pos.getZ(i) - 3) < 1e-6)
        apex = Math.max(apex, Math.hypot(pos.getX(i), pos.getY(i)));
    }
    expect(apex).toBeLessThan(1e-6);
  });

  it('reads quaternions scalar first (e0 e1 e2 e3)', () => {
    const c = new SceneContent();
    c.applyScene(scene([body(1, [shape({ type: 'box', lengths: [2, 0.2, 0.2] })])]));
    // 90 degrees about Z: w = cos 45, z = sin 45. The long X side turns into Y.
    const s = Math.SQRT1_2;
    c.applyFrame(frame(0, { 1: { pos: [0, 0, 0], rot: [s, 0, 0, s] } }));
    const b = instanceBounds(c);
    expect(b.max.y).toBeCloseTo(1, 4);
    expect(b.max.x).toBeCloseTo(0.1, 4);
  });

  it('places shapes by their frame inside the item', () => {
    const c = new SceneContent();
    const s = Math.SQRT1_2;
    c.applyScene(
      scene([
        body(1, [
          shape({ type: 'sphere', radius: 1 }, { frame: { pos: [0, 0, 5], rot: [s, s, 0, 0] } }),
        ]),
      ]),
    );
    c.applyFrame(frame(0, { 1: { pos: [1, 0, 0] } }));
    const b = instanceBounds(c);
    const centre = b.getCenter(new Vector3());
    expectVec(centre, 1, 0, 5);
  });

  it('sizes spheres, ellipsoids, barrels, rounded boxes and rounded cylinders', () => {
    const cases = [
      [shape({ type: 'sphere', radius: 2 }), [2, 2, 2]],
      [shape({ type: 'ellipsoid', semiaxes: [1, 2, 3] }), [1, 2, 3]],
      [shape({ type: 'roundedbox', lengths: [2, 2, 2], radius: 0.25 }), [1.25, 1.25, 1.25]],
      [
        shape({ type: 'roundedcylinder', radius: 1, height: 2, sphereRadius: 0.5 }),
        [1.5, 1.5, 1.5],
      ],
      // A barrel runs along local Y from hlow to hsup (Chrono's, as Irrlicht draws it).
      [
        shape({ type: 'barrel', hlow: -0.5, hsup: 1, rvert: 1, rhor: 0.4, roffset: 0.1 }),
        [0.5, 1, 0.5],
      ],
      // An older stream's radius and height: centred.
      [shape({ type: 'barrel', radius: 1, height: 4 }), [1, 2, 1]],
    ] as const;
    for (const [s, half] of cases) {
      const c = new SceneContent();
      c.applyScene(scene([body(1, [s])]));
      c.applyFrame(frame(0, { 1: { pos: [0, 0, 0] } }));
      const b = instanceBounds(c);
      expectVec(b.max, half[0], half[1], half[2]);
    }
  });

  it('builds triangle meshes from the table, normals indexed apart from vertices', () => {
    const c = new SceneContent();
    const meshes = {
      tri: {
        vertices: [0, 0, 0, 1, 0, 0, 0, 1, 0],
        indices: [0, 1, 2],
        normals: [0, 0, -1, 0, 0, 1],
        normalIndices: [1, 1, 1],
      },
    };
    c.applyScene(
      scene([body(1, [shape({ type: 'mesh', mesh: 'tri', wireframe: false, scale: [2, 2, 2] })])], {
        meshes,
      }),
    );
    const [mesh] = instancedMeshes(c);
    const normal = mesh.geometry.getAttribute('normal');
    expect(normal.count).toBe(3);
    expect(normal.getZ(0)).toBe(1);
    const pos = mesh.geometry.getAttribute('position');
    expect(pos.getX(1)).toBe(2);
  });

  it('gives colour per instance, and white under a texture', () => {
    const loads: string[] = [];
    const c = new SceneContent((path) => {
      loads.push(path);
      return new Texture();
    });
    c.applyScene(
      scene([
        body(1, [shape({ type: 'box', lengths: [1, 1, 1] }, { color: [1, 0, 0] })]),
        body(2, [
          shape(
            { type: 'box', lengths: [1, 1, 1] },
            { color: [1, 0, 0], texture: '/data/wood.png' },
          ),
        ]),
        body(3, [shape({ type: 'box', lengths: [1, 1, 1] }, { color: [0, 0, 1], opacity: 0.5 })]),
      ]),
    );
    const meshes = instancedMeshes(c);
    expect(meshes).toHaveLength(3);
    const plain = meshes.find(
      (m) =>
        !(m.material as MeshStandardMaterial).map &&
        (m.material as MeshStandardMaterial).opacity === 1,
    )!;
    expect([...plain.instanceColor!.array.slice(0, 3)]).toEqual([1, 0, 0]);
    const textured = meshes.find((m) => (m.material as MeshStandardMaterial).map)!;
    expect([...textured.instanceColor!.array.slice(0, 3)]).toEqual([1, 1, 1]);
    expect(loads).toEqual(['/data/wood.png']);
    const glass = meshes.find((m) => (m.material as MeshStandardMaterial).opacity === 0.5)!;
    expect((glass.material as MeshStandardMaterial).transparent).toBe(true);
  });

  it('draws N bodies of one geometry with one instanced mesh', () => {
    const c = new SceneContent();
    const bodies = Array.from({ length: 1000 }, (_, i) =>
      body(i + 1, [shape({ type: 'sphere', radius: 0.1 }, { color: [i / 1000, 0, 0] })]),
    );
    bodies.push(body(5000, [shape({ type: 'box', lengths: [10, 1, 10] })], { fixed: true }));
    c.applyScene(scene(bodies));
    const meshes = instancedMeshes(c);
    expect(meshes).toHaveLength(2);
    expect(meshes.map((m) => m.count).sort((a, b) => a - b)).toEqual([1, 1000]);
  });

  it('draws crowded batches with coarser geometry, and frees both', () => {
    const c = new SceneContent();
    const spheres = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => body(from + i, [shape({ type: 'sphere', radius: 0.1 })]));
    c.applyScene(scene(spheres(1, 10)));
    const fine = instancedMeshes(c)[0].geometry;
    const fineDispose = vi.spyOn(fine, 'dispose');
    c.applyScene(scene(spheres(11, 2500), { full: false }));
    const [mesh] = instancedMeshes(c);
    expect(instancedMeshes(c)).toHaveLength(1);
    expect(mesh.count).toBe(2510);
    const coarse = mesh.geometry;
    expect(coarse.index!.count).toBeLessThan(fine.index!.count / 4);
    const coarseDispose = vi.spyOn(coarse, 'dispose');
    c.clear();
    expect(fineDispose).toHaveBeenCalledTimes(1);
    expect(coarseDispose).toHaveBeenCalledTimes(1);
  });

  it('follows the scene up axis and camera', () => {
    const c = new SceneContent();
    c.applyScene(scene([], { upAxis: 'Z', camera: { pos: [5, 5, 2], target: [0, 0, 0] } }));
    expect(c.upAxis).toBe('Z');
    expect(c.camera?.pos).toEqual([5, 5, 2]);
  });

  it('deforms FEA surfaces from VERTICES extras, in world coordinates', () => {
    const c = new SceneContent();
    c.applyScene(
      scene([body(7, [shape({ type: 'fea', mesh: 'cloth', dynamic: true })], { kind: 'mesh' })], {
        meshes: { cloth: { vertices: [0, 0, 0, 1, 0, 0, 0, 1, 0], indices: [0, 1, 2] } },
      }),
    );
    const mesh = c.root.children.find(
      (o): o is Mesh => o instanceof Mesh && !(o instanceof InstancedMesh),
    )!;
    c.applyFrame(
      frame(0.1, { 7: { pos: [100, 0, 0] } }, [
        {
          key: 7 * 256,
          kind: EXTRA_VERTICES,
          data: new Float32Array([0, 0, -1, 1, 0, -1, 0, 1, -2]),
        },
      ]),
    );
    const pos = mesh.geometry.getAttribute('position');
    expect(pos.getZ(2)).toBe(-2);
    // The item pose does not move an FEA surface (its vertices are already world).
    expect(mesh.matrixWorld.elements[12]).toBe(0);
  });

  it('moves springs and segments with their end points', () => {
    const c = new SceneContent();
    c.applyScene(
      scene([
        body(
          3,
          [
            shape({
              type: 'segment',
              points: [
                [0, 0, 0],
                [1, 0, 0],
              ],
              dynamic: true,
            }),
            shape({
              type: 'spring',
              points: [
                [0, 0, 0],
                [0, 2, 0],
              ],
              dynamic: true,
              radius: 0.1,
              turns: 5,
            }),
          ],
          { kind: 'link' },
        ),
      ]),
    );
    const lines = c.root.children.filter((o): o is Line => o instanceof Line);
    expect(lines).toHaveLength(2);
    c.applyFrame(
      frame(0, {}, [
        { key: 3 * 256, kind: EXTRA_POINTS, data: new Float32Array([0, 0, 0, 0, 0, 3]) },
        { key: 3 * 256 + 1, kind: EXTRA_POINTS, data: new Float32Array([0, 0, 0, 0, 4, 0]) },
      ]),
    );
    const seg = lines[0].geometry.getAttribute('position');
    expect(seg.getZ(1)).toBe(3);
    const spring = lines[1].geometry.getAttribute('position');
    expect(spring.count).toBeGreaterThan(10);
    expect(spring.getY(spring.count - 1)).toBeCloseTo(4, 5);
    // A helix: points leave the axis by the spring radius.
    expect(Math.hypot(spring.getX(3), spring.getZ(3))).toBeCloseTo(0.1, 4);
  });

  it('updates terrain heights from changed cells only', () => {
    const c = new SceneContent();
    c.applyScene(
      scene([
        body(
          9,
          [
            shape({
              type: 'heightfield',
              nx: 4,
              ny: 4,
              dx: 1,
              dy: 1,
              origin: [0, 0, 0],
              flatHeight: 0,
            }),
          ],
          {
            kind: 'other',
            fixed: true,
          },
        ),
      ]),
    );
    const mesh = c.root.children.find(
      (o): o is Mesh => o instanceof Mesh && !(o instanceof InstancedMesh),
    )!;
    c.applyFrame(
      frame(0, {}, [{ key: 9 * 256, kind: EXTRA_HEIGHTS, data: new Float32Array([5, -0.2]) }]),
    );
    const pos = mesh.geometry.getAttribute('position');
    expect(pos.getZ(5)).toBeCloseTo(-0.2, 6);
    expect(pos.getZ(6)).toBe(0);
    // The rut tilts the normals of its neighbours.
    expect(mesh.geometry.getAttribute('normal').getX(6)).toBeLessThan(0);
    c.resetDeformations();
    expect(pos.getZ(5)).toBe(0);
  });

  it('takes a terrain’s first heights from its GRID extra, and goes back to them', () => {
    const c = new SceneContent();
    const field = {
      type: 'heightfield' as const,
      nx: 3,
      ny: 2,
      dx: 1,
      dy: 1,
      origin: [0, 0, 0.5] as Vec3,
    };
    c.applyScene(scene([body(9, [shape({ ...field, flatHeight: null })], { kind: 'other' })]));
    const mesh = c.root.children.find(
      (o): o is Mesh => o instanceof Mesh && !(o instanceof InstancedMesh),
    )!;
    const pos = mesh.geometry.getAttribute('position');
    const grid = Float32Array.of(0, 0.1, 0.2, 0.3, 0.4, 0.5);
    c.applyFrame(frame(0, {}, [{ key: 9 * 256, kind: EXTRA_GRID, data: grid }]));
    expect(pos.getZ(4)).toBeCloseTo(0.9, 6);
    c.applyFrame(
      frame(0.1, {}, [{ key: 9 * 256, kind: EXTRA_HEIGHTS, data: Float32Array.of(4, -1) }]),
    );
    expect(pos.getZ(4)).toBeCloseTo(-0.5, 6);
    c.resetDeformations();
    expect(pos.getZ(4)).toBeCloseTo(0.9, 6);
    // A grid of the wrong size is ignored; a view made later draws the heights it is given.
    c.applyFrame(frame(0.2, {}, [{ key: 9 * 256, kind: EXTRA_GRID, data: Float32Array.of(7) }]));
    expect(pos.getZ(0)).toBeCloseTo(0.5, 6);
    const later = new SceneContent();
    later.applyScene(scene([body(9, [shape({ ...field, flatHeight: null, heights: grid })])]));
    const laterMesh = later.root.children.find(
      (o): o is Mesh => o instanceof Mesh && !(o instanceof InstancedMesh),
    )!;
    expect(laterMesh.geometry.getAttribute('position').getZ(5)).toBeCloseTo(1, 6);
  });

  it('places particle clones from their positions', () => {
    const c = new SceneContent();
    c.applyScene(
      scene([body(4, [shape({ type: 'sphere', radius: 0.05 })], { kind: 'other', clones: 3 })]),
    );
    c.applyFrame(
      frame(0, {}, [
        {
          key: 4 * 256,
          kind: EXTRA_POINTS,
          data: new Float32Array([1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0]),
        },
      ]),
    );
    const [mesh] = instancedMeshes(c);
    expect(mesh.count).toBe(4);
    const m = new Matrix4();
    mesh.getMatrixAt(3, m);
    expect(new Vector3().setFromMatrixPosition(m).x).toBe(4);
  });

  it('loads model files once per file, places them by item and shape, and frees them', async () => {
    const loads: string[] = [];
    const source = async (path: string) => {
      loads.push(path);
      const group = new Group();
      const part = new Mesh(new BoxGeometry(1, 1, 1));
      part.position.set(0, 0, 2);
      group.add(part);
      return group;
    };
    const c = new SceneContent(null, source);
    const wheel = shape({ type: 'modelfile', file: '/data/wheel.obj', scale: [2, 2, 2] });
    c.applyScene(scene([body(1, [wheel]), body(2, [wheel])]));
    c.applyFrame(frame(0, { 1: { pos: [10, 0, 0] }, 2: { pos: [20, 0, 0] } }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(loads).toEqual(['/data/wheel.obj']);
    const meshes: Mesh[] = [];
    c.root.traverse((o) => {
      if (o instanceof Mesh && o.parent !== c.root) meshes.push(o);
    });
    expect(meshes).toHaveLength(2);
    c.root.updateMatrixWorld(true);
    const centre = new Box3().setFromObject(meshes[0]).getCenter(new Vector3());
    expectVec(centre, 10, 0, 4);
    const dispose = vi.spyOn(meshes[0].geometry, 'dispose');
    c.applyScene(scene([], { full: false, remove: [1] }));
    expect(dispose).not.toHaveBeenCalled();
    c.applyScene(scene([], { full: false, remove: [2] }));
    expect(dispose).toHaveBeenCalledTimes(1);
  });

  it('hides moving items absent from a complete timeline frame', () => {
    const c = new SceneContent();
    c.applyScene(
      scene([
        body(1, [shape({ type: 'sphere', radius: 1 })]),
        body(2, [shape({ type: 'sphere', radius: 1 })]),
      ]),
    );
    c.applyFrame(frame(0, { 1: { pos: [0, 0, 0] } }), true);
    const [mesh] = instancedMeshes(c);
    const m = new Matrix4();
    mesh.getMatrixAt(1, m);
    expect(m.determinant()).toBe(0);
    c.applyFrame(frame(1, { 1: { pos: [0, 0, 0] }, 2: { pos: [3, 0, 0] } }), true);
    mesh.getMatrixAt(1, m);
    expect(new Vector3().setFromMatrixPosition(m).x).toBe(3);
  });
});

describe('scene diffs and resources', () => {
  function spyDisposals(root: Object3D) {
    const geometries = new Set<BufferGeometry>();
    root.traverse((o) => {
      if (o instanceof Mesh || o instanceof Line) geometries.add(o.geometry);
    });
    return [...geometries].map((g) => vi.spyOn(g, 'dispose'));
  }

  it('adds items in a diff and frees a geometry when its last user vanishes', () => {
    const c = new SceneContent();
    c.applyScene(scene([body(1, [shape({ type: 'box', lengths: [1, 1, 1] })])]));
    c.applyScene(
      scene(
        [
          body(2, [shape({ type: 'box', lengths: [1, 1, 1] })]),
          body(3, [shape({ type: 'cone', radius: 1, height: 1 })]),
        ],
        {
          full: false,
        },
      ),
    );
    expect(c.itemCount).toBe(3);
    expect(instancedMeshes(c)).toHaveLength(2);
    const [boxDispose, coneDispose] = spyDisposals(c.root);
    const materialDispose = vi.spyOn(
      instancedMeshes(c)[0].material as MeshStandardMaterial,
      'dispose',
    );

    c.applyScene(scene([], { full: false, remove: [1] }));
    expect(boxDispose).not.toHaveBeenCalled();
    c.applyScene(scene([], { full: false, remove: [2, 3] }));
    expect(boxDispose).toHaveBeenCalledTimes(1);
    expect(coneDispose).toHaveBeenCalledTimes(1);
    expect(materialDispose).toHaveBeenCalledTimes(1);
    expect(c.root.children).toHaveLength(0);
    expect(c.ctx.geometries.size).toBe(0);
    expect(c.ctx.materials.size).toBe(0);
  });

  it('frees everything, textures included, when a run is replaced', () => {
    const texture = new Texture();
    const textureDispose = vi.spyOn(texture, 'dispose');
    const c = new SceneContent(() => texture);
    c.applyScene(
      scene(
        [
          body(1, [shape({ type: 'box', lengths: [1, 1, 1] }, { texture: 'a.png' })]),
          body(2, [
            shape({
              type: 'segment',
              points: [
                [0, 0, 0],
                [1, 1, 1],
              ],
              dynamic: false,
            }),
          ]),
          body(3, [shape({ type: 'fea', mesh: 'm', dynamic: true })]),
          body(4, [
            shape({
              type: 'heightfield',
              nx: 2,
              ny: 2,
              dx: 1,
              dy: 1,
              origin: [0, 0, 0],
              flatHeight: 0,
            }),
          ]),
        ],
        { meshes: { m: { vertices: [0, 0, 0, 1, 0, 0, 0, 1, 0], indices: [0, 1, 2] } } },
      ),
    );
    const disposals = spyDisposals(c.root);
    expect(disposals).toHaveLength(4);
    c.applyScene(scene([body(10, [shape({ type: 'sphere', radius: 1 })])]));
    for (const d of disposals) expect(d).toHaveBeenCalledTimes(1);
    expect(textureDispose).toHaveBeenCalledTimes(1);
    expect(c.itemCount).toBe(1);
    expect(c.root.children).toHaveLength(1);
  });

  it('keeps instances packed when bodies in the middle vanish', () => {
    const c = new SceneContent();
    c.applyScene(scene([1, 2, 3].map((k) => body(k, [shape({ type: 'sphere', radius: 1 })]))));
    c.applyFrame(frame(0, { 1: { pos: [1, 0, 0] }, 2: { pos: [2, 0, 0] }, 3: { pos: [3, 0, 0] } }));
    c.applyScene(scene([], { full: false, remove: [1] }));
    const [mesh] = instancedMeshes(c);
    expect(mesh.count).toBe(2);
    const xs = [0, 1].map((i) => {
      const m = new Matrix4();
      mesh.getMatrixAt(i, m);
      return new Vector3().setFromMatrixPosition(m).x;
    });
    expect(xs.sort()).toEqual([2, 3]);
    expect(c.itemOfHit(mesh, 0)).not.toBe(1);
  });

  it('grows an instanced mesh past its capacity without losing poses', () => {
    const c = new SceneContent();
    c.applyScene(scene([body(1, [shape({ type: 'sphere', radius: 1 })])]));
    c.applyFrame(frame(0, { 1: { pos: [7, 0, 0] } }));
    const first = instancedMeshes(c)[0];
    const disposeSpy = vi.spyOn(first, 'dispose');
    c.applyScene(
      scene(
        Array.from({ length: 40 }, (_, i) => body(i + 2, [shape({ type: 'sphere', radius: 1 })])),
        { full: false },
      ),
    );
    const meshes = instancedMeshes(c);
    expect(meshes).toHaveLength(1);
    expect(meshes[0].count).toBe(41);
    expect(disposeSpy).toHaveBeenCalled();
    const m = new Matrix4();
    meshes[0].getMatrixAt(0, m);
    expect(new Vector3().setFromMatrixPosition(m).x).toBe(7);
  });

  it('says which shape kinds it skipped', () => {
    const c = new SceneContent();
    c.applyScene(
      scene([
        body(1, [shape({ type: 'mesh', mesh: 'missing', wireframe: false, scale: [1, 1, 1] })]),
      ]),
    );
    expect(c.skipped.get('mesh')).toBe(1);
  });
});
