// Helpers drawn over the scene: the ground grid and world axes (oriented by the up axis),
// and the body frames (three short axes per body, one line-segments object for all).
import {
  AxesHelper,
  BufferAttribute,
  BufferGeometry,
  GridHelper,
  LineBasicMaterial,
  LineSegments,
  Matrix4,
  Vector3,
} from 'three';
import type { SceneContent } from './scene-content';

export function makeGrid(size: number, upAxis: 'Y' | 'Z'): GridHelper {
  const divisions = 20;
  const grid = new GridHelper(size, divisions, 0x9aa1ad, 0x596070);
  // GridHelper lies in the XZ plane (Y up); turn it into the XY plane for Z-up scenes.
  if (upAxis === 'Z') grid.rotateX(Math.PI / 2);
  grid.name = 'grid';
  return grid;
}

export function makeAxes(size: number): AxesHelper {
  const axes = new AxesHelper(size);
  axes.name = 'world-axes';
  return axes;
}

const AXIS_COLORS = [
  [1, 0.2, 0.2],
  [0.2, 0.9, 0.2],
  [0.3, 0.5, 1],
];
const origin = new Vector3();
const tip = new Vector3();

export class BodyFrames {
  readonly lines: LineSegments;
  private capacity = 0;

  constructor() {
    const material = new LineBasicMaterial({ vertexColors: true, depthTest: false });
    this.lines = new LineSegments(new BufferGeometry(), material);
    this.lines.name = 'body-frames';
    this.lines.frustumCulled = false;
    this.lines.renderOrder = 10;
  }

  update(content: SceneContent, length: number): void {
    const poses: Matrix4[] = [];
    content.forEachPosedBody((_key, m) => poses.push(m));
    if (poses.length > this.capacity) this.allocate(Math.max(poses.length, this.capacity * 2, 16));
    const pos = this.lines.geometry.getAttribute('position') as BufferAttribute;
    const arr = pos.array as Float32Array;
    poses.forEach((m, i) => {
      origin.setFromMatrixPosition(m);
      for (let a = 0; a < 3; a++) {
        tip.set(a === 0 ? length : 0, a === 1 ? length : 0, a === 2 ? length : 0).applyMatrix4(m);
        const o = (i * 6 + a * 2) * 3;
        arr[o] = origin.x;
        arr[o + 1] = origin.y;
        arr[o + 2] = origin.z;
        arr[o + 3] = tip.x;
        arr[o + 4] = tip.y;
        arr[o + 5] = tip.z;
      }
    });
    this.lines.geometry.setDrawRange(0, poses.length * 6);
    pos.needsUpdate = true;
  }

  dispose(): void {
    this.lines.geometry.dispose();
    (this.lines.material as LineBasicMaterial).dispose();
  }

  private allocate(bodies: number): void {
    this.capacity = bodies;
    this.lines.geometry.dispose();
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(new Float32Array(bodies * 18), 3));
    const colors = new Float32Array(bodies * 18);
    for (let i = 0; i < bodies * 6; i++) colors.set(AXIS_COLORS[Math.floor(i / 2) % 3], i * 3);
    geometry.setAttribute('color', new BufferAttribute(colors, 3));
    this.lines.geometry = geometry;
  }
}
