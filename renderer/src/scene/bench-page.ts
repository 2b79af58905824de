// Entry of the viewer benchmark page (bench/viewer.mjs bundles it on its own; it is not
// part of the app). It drives a real SceneRenderer with a synthetic stream of N moving
// bodies and reports frame times and the renderer's own counters.
import {
  FRAME_DISPLAY,
  POSE_STRIDE,
  type Frame,
  type SceneItem,
  type Shape,
} from '../../../electron/common/stream';
import { SceneRenderer } from './scene-renderer';

export interface BenchResult {
  bodies: number;
  frames: number;
  frameMs: number[];
  drawCalls: number;
  triangles: number;
  heapMiB: number | null;
  webgl: string;
}

const LOOK = { opacity: 1, texture: null } as const;

function kind(i: number): Shape {
  const color: [number, number, number] = [((i * 37) % 100) / 100, ((i * 53) % 100) / 100, 0.6];
  const look = {
    ...LOOK,
    frame: {
      pos: [0, 0, 0] as [number, number, number],
      rot: [1, 0, 0, 0] as [number, number, number, number],
    },
    color,
  };
  switch (i % 4) {
    case 0:
      return { ...look, type: 'box', lengths: [0.4, 0.4, 0.4] };
    case 1:
      return { ...look, type: 'sphere', radius: 0.25 };
    case 2:
      return { ...look, type: 'cylinder', radius: 0.2, height: 0.5 };
    default:
      return { ...look, type: 'capsule', radius: 0.15, height: 0.3 };
  }
}

function bodies(n: number): SceneItem[] {
  return Array.from({ length: n }, (_, i) => ({
    key: i + 1,
    id: i + 1,
    name: `body${i + 1}`,
    kind: 'body' as const,
    fixed: false,
    clones: 0,
    shapes: [kind(i)],
  }));
}

/** Bodies on a square grid, bobbing and spinning: every body moves every frame. */
function makeFrame(n: number, t: number): Frame {
  const side = Math.ceil(Math.sqrt(n));
  const keys = new Uint32Array(n);
  const poses = new Float32Array(n * POSE_STRIDE);
  for (let i = 0; i < n; i++) {
    const x = (i % side) - side / 2;
    const z = Math.floor(i / side) - side / 2;
    const a = t * 2 + i * 0.1;
    keys[i] = i + 1;
    poses.set(
      [
        x,
        0.5 + 0.3 * Math.sin(a),
        z,
        Math.cos(a / 2),
        0,
        Math.sin(a / 2),
        0,
        0,
        0.6 * Math.cos(a),
        0,
      ],
      i * POSE_STRIDE,
    );
  }
  return { simTime: t, flags: FRAME_DISPLAY, keys, poses, extras: [] };
}

async function run(n: number, frameCount: number): Promise<BenchResult> {
  const host = document.getElementById('view')!;
  const renderer = new SceneRenderer();
  renderer.mount(host);
  renderer.setToggles({ grid: false, axes: false });
  renderer.applyScene({
    type: 'scene',
    full: true,
    upAxis: 'Y',
    camera: null,
    add: bodies(n),
    remove: [],
    meshes: {},
  });
  // A few distinct frames, made ahead so that their making is not measured.
  const frames = Array.from({ length: 8 }, (_, i) => makeFrame(n, i / 30));
  renderer.applyFrame(frames[0]);
  renderer.resetView();
  renderer.renderNow();
  renderer.finish();
  const frameMs: number[] = [];
  for (let i = 0; i < frameCount; i++) {
    const start = performance.now();
    renderer.applyFrame(frames[i % frames.length]);
    renderer.renderNow();
    renderer.finish();
    frameMs.push(performance.now() - start);
    // Yield so the page stays responsive and timers run, as a real frame would.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const stats = renderer.stats();
  const gl = renderer.canvas?.getContext('webgl2');
  const debug = gl?.getExtension('WEBGL_debug_renderer_info');
  const webgl = gl
    ? String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER))
    : 'none';
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  const result: BenchResult = {
    bodies: n,
    frames: frameCount,
    frameMs,
    drawCalls: stats.drawCalls,
    triangles: stats.triangles,
    heapMiB: memory ? memory.usedJSHeapSize / 1024 / 1024 : null,
    webgl,
  };
  renderer.dispose();
  return result;
}

(window as unknown as { twinforgeBench: { run: typeof run } }).twinforgeBench = { run };
