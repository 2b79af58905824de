// The three.js engine that React mounts: it owns the WebGL renderer, camera, controls,
// lights and helpers around a SceneContent, renders on demand (only after a change), and
// frees its GPU memory on dispose. No React, no stores: callers feed it scene messages
// and frames.
import {
  AmbientLight,
  Box3,
  Color,
  DirectionalLight,
  HemisphereLight,
  PerspectiveCamera,
  Raycaster,
  Scene,
  Sphere,
  Vector2,
  Vector3,
  WebGLRenderer,
  PCFSoftShadowMap,
  type AxesHelper,
  type GridHelper,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { Frame, SceneMessage } from '../../../electron/common/stream';
import type { TextureSource } from './context';
import type { ModelSource } from './extensions/model-files';
import { GhostLayer } from './ghost-layer';
import { BodyFrames, makeAxes, makeGrid } from './overlays';
import { SceneContent } from './scene-content';

export interface ViewToggles {
  grid: boolean;
  axes: boolean;
  bodyFrames: boolean;
  wireframe: boolean;
  shadows: boolean;
}

export const DEFAULT_TOGGLES: ViewToggles = {
  grid: true,
  axes: true,
  bodyFrames: false,
  wireframe: false,
  shadows: false,
};

/** What the renderer drew last time, for the info panel and the benchmark. */
export interface RenderStats {
  drawCalls: number;
  triangles: number;
  lines: number;
  geometries: number;
  textures: number;
  items: number;
  /** CPU time of the last render call, ms. */
  renderMs: number;
  renders: number;
}

/** Where a view looks from and at: enough for another view to look the same way. */
export interface CameraView {
  position: [number, number, number];
  target: [number, number, number];
}

/** `byUser`: the change came from dragging or the wheel, not from a reset or follow. */
export type CameraListener = (view: CameraView, byUser: boolean) => void;

export interface SceneRendererOptions {
  textureSource?: TextureSource | null;
  /** Loads model files (.obj) of the data directory; without it they are not drawn. */
  modelSource?: ModelSource | null;
  onModelError?: (path: string, error: unknown) => void;
  background?: string;
}

const ndc = new Vector2();
const followed = new Vector3();

export class SceneRenderer {
  readonly content: SceneContent;
  readonly camera = new PerspectiveCamera(45, 1, 0.01, 1e5);
  private readonly scene = new Scene();
  private renderer: WebGLRenderer | null = null;
  private controls: OrbitControls | null = null;
  private container: HTMLElement | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private readonly sun = new DirectionalLight(0xffffff, 1.6);
  private grid: GridHelper | null = null;
  private axes: AxesHelper | null = null;
  private readonly bodyFrames = new BodyFrames();
  private toggles: ViewToggles = { ...DEFAULT_TOGGLES };
  private upAxis: 'Y' | 'Z' | null = null;
  private viewSet = false;
  private frameRequested = 0;
  private followKey: number | null = null;
  private readonly followLast = new Vector3();
  private extent = 10;
  private lastRenderMs = 0;
  private renders = 0;
  private readonly renderListeners = new Set<() => void>();
  private readonly cameraListeners = new Set<CameraListener>();
  /** Between the controls' start and end events: the user is moving the camera. */
  private interacting = false;
  /** While a view is being set from outside, its change is not told back. */
  private settingView = false;
  private ghostLayer: GhostLayer | null = null;

  constructor(private readonly options: SceneRendererOptions = {}) {
    this.content = new SceneContent(
      options.textureSource ?? null,
      options.modelSource ?? null,
      options.onModelError,
    );
    this.content.ctx.onAsyncChange = () => this.invalidate();
    this.scene.background = new Color(options.background ?? '#1e2127');
    this.scene.add(this.content.root);
    this.scene.add(new HemisphereLight(0xffffff, 0x445566, 1.2));
    this.scene.add(new AmbientLight(0xffffff, 0.3));
    this.sun.castShadow = false;
    this.sun.shadow.mapSize.set(2048, 2048);
    this.scene.add(this.sun, this.sun.target);
    this.scene.add(this.bodyFrames.lines);
    this.bodyFrames.lines.visible = false;
    this.setUpAxis('Y');
  }

  /** Creates the WebGL canvas inside `container` and starts following its size. */
  mount(container: HTMLElement): HTMLCanvasElement {
    if (this.renderer) throw new Error('SceneRenderer is already mounted');
    const renderer = new WebGLRenderer({ antialias: true, powerPreference: 'high-performance' });
    renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    renderer.shadowMap.enabled = this.toggles.shadows;
    renderer.shadowMap.type = PCFSoftShadowMap;
    renderer.info.autoReset = true;
    this.renderer = renderer;
    this.container = container;
    renderer.domElement.style.display = 'block';
    renderer.domElement.style.width = '100%';
    renderer.domElement.style.height = '100%';
    container.appendChild(renderer.domElement);
    this.makeControls();
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.resize();
    // An empty scene still gets a view onto its grid; the first scene message reframes it.
    if (!this.viewSet) this.resetView();
    return renderer.domElement;
  }

  get canvas(): HTMLCanvasElement | null {
    return this.renderer?.domElement ?? null;
  }

  applyScene(message: SceneMessage): void {
    this.content.applyScene(message);
    if (message.full) this.viewSet = false;
    this.setUpAxis(this.content.upAxis);
    if (!this.viewSet && (this.content.camera || this.content.itemCount > 0)) this.resetView();
    this.refreshOverlays();
    this.invalidate();
  }

  applyFrame(frame: Frame, complete = false): void {
    this.content.applyFrame(frame, complete);
    // A scene without a camera of its own gets framed once its items have poses.
    if (!this.viewSet && !this.content.camera) this.resetView();
    this.updateFollow();
    if (this.toggles.bodyFrames) this.bodyFrames.update(this.content, this.extent / 20);
    this.invalidate();
  }

  resetDeformations(): void {
    this.content.resetDeformations();
  }

  /** Forgets the run: every renderable and its GPU memory. */
  clear(): void {
    this.content.clear();
    this.followKey = null;
    this.viewSet = false;
    this.invalidate();
  }

  setToggles(next: Partial<ViewToggles>): void {
    this.toggles = { ...this.toggles, ...next };
    this.content.ctx.setWireframe(this.toggles.wireframe);
    this.content.ctx.setShadows(this.toggles.shadows);
    this.sun.castShadow = this.toggles.shadows;
    if (this.renderer && this.renderer.shadowMap.enabled !== this.toggles.shadows) {
      this.renderer.shadowMap.enabled = this.toggles.shadows;
      this.renderer.shadowMap.needsUpdate = true;
    }
    this.refreshOverlays();
    if (this.toggles.bodyFrames) this.bodyFrames.update(this.content, this.extent / 20);
    this.invalidate();
  }

  getToggles(): ViewToggles {
    return { ...this.toggles };
  }

  /** A second scene drawn translucent in this view (the review's reference); one at most. */
  addGhost(): GhostLayer {
    this.removeGhost();
    this.ghostLayer = new GhostLayer(
      this.scene,
      () => this.invalidate(),
      this.options.textureSource ?? null,
      this.options.modelSource ?? null,
    );
    return this.ghostLayer;
  }

  removeGhost(): void {
    this.ghostLayer?.dispose();
    this.ghostLayer = null;
  }

  /** The scene's own camera if it has one, else a view that frames everything. */
  resetView(): void {
    const bounds = this.sceneBounds();
    this.extent = Math.max(bounds.radius * 2, 1);
    const up = this.upVector();
    const cam = this.content.camera;
    if (cam) {
      this.camera.position.set(cam.pos[0], cam.pos[1], cam.pos[2]);
      this.controls?.target.set(cam.target[0], cam.target[1], cam.target[2]);
    } else {
      const distance = Math.max(bounds.radius, 0.5) * 2.8;
      const side = up.z === 1 ? new Vector3(1, -1.2, 0.7) : new Vector3(1, 0.7, 1.2);
      this.camera.position.copy(bounds.center).addScaledVector(side.normalize(), distance);
      this.controls?.target.copy(bounds.center);
    }
    this.camera.near = Math.max(this.extent / 5000, 1e-3);
    this.camera.far = this.extent * 200;
    this.camera.updateProjectionMatrix();
    this.camera.lookAt(this.controls?.target ?? bounds.center);
    this.controls?.update();
    this.placeSun(bounds);
    this.viewSet = this.content.itemCount > 0 || !!cam;
    this.refreshOverlays();
    this.invalidate();
  }

  /** Keeps the camera at the same offset from an item while it moves (null stops). */
  follow(key: number | null): void {
    this.followKey = key;
    const m = key !== null ? this.content.itemMatrix(key) : null;
    if (m) this.followLast.setFromMatrixPosition(m);
  }

  get followedKey(): number | null {
    return this.followKey;
  }

  setSelection(keys: Iterable<number>): void {
    this.content.setHighlight(keys);
    this.invalidate();
  }

  /** The item under a point of the canvas (client coordinates), or null. */
  pick(clientX: number, clientY: number): number | null {
    const canvas = this.canvas;
    if (!canvas) return null;
    const rect = canvas.getBoundingClientRect();
    ndc.set(
      ((clientX - rect.left) / rect.width) * 2 - 1,
      -((clientY - rect.top) / rect.height) * 2 + 1,
    );
    const raycaster = new Raycaster();
    raycaster.params.Line = { threshold: this.extent / 200 };
    raycaster.setFromCamera(ndc, this.camera);
    this.content.refreshBounds();
    for (const hit of raycaster.intersectObjects(this.content.root.children, true)) {
      if (!hit.object.visible) continue;
      const key = this.content.itemOfHit(hit.object, hit.instanceId);
      if (key !== null) return key;
    }
    return null;
  }

  /** Asks for a render at the next animation frame (several asks, one render). */
  invalidate(): void {
    if (this.frameRequested || !this.renderer) return;
    this.frameRequested = requestAnimationFrame(() => {
      this.frameRequested = 0;
      this.renderNow();
    });
  }

  /** Renders right away; returns the CPU time spent, in ms. */
  renderNow(): number {
    const renderer = this.renderer;
    if (!renderer) return 0;
    const start = performance.now();
    renderer.render(this.scene, this.camera);
    this.lastRenderMs = performance.now() - start;
    this.renders++;
    for (const listener of this.renderListeners) listener();
    return this.lastRenderMs;
  }

  /** Waits until the GPU has finished the last render (reads back one pixel). */
  finish(): void {
    const renderer = this.renderer;
    if (!renderer) return;
    const gl = renderer.getContext();
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  }

  cameraView(): CameraView {
    const target = this.controls?.target ?? new Vector3();
    return {
      position: [this.camera.position.x, this.camera.position.y, this.camera.position.z],
      target: [target.x, target.y, target.z],
    };
  }

  /** Looks as another view does (linked cameras); listeners are not told. */
  setCameraView(view: CameraView): void {
    this.settingView = true;
    try {
      this.camera.position.set(...view.position);
      this.controls?.target.set(...view.target);
      this.camera.lookAt(...view.target);
      this.controls?.update();
      this.viewSet = true;
    } finally {
      this.settingView = false;
    }
    this.invalidate();
  }

  /** Hears every camera move (drag, wheel, reset, follow); returns the unsubscribe. */
  onCameraChange(listener: CameraListener): () => void {
    this.cameraListeners.add(listener);
    return () => this.cameraListeners.delete(listener);
  }

  onRender(listener: () => void): () => void {
    this.renderListeners.add(listener);
    return () => this.renderListeners.delete(listener);
  }

  stats(): RenderStats {
    const info = this.renderer?.info;
    return {
      drawCalls: info?.render.calls ?? 0,
      triangles: info?.render.triangles ?? 0,
      lines: info?.render.lines ?? 0,
      geometries: info?.memory.geometries ?? 0,
      textures: info?.memory.textures ?? 0,
      items: this.content.itemCount,
      renderMs: this.lastRenderMs,
      renders: this.renders,
    };
  }

  /** A PNG of the current view. */
  async screenshot(): Promise<Blob> {
    const canvas = this.canvas;
    if (!canvas) throw new Error('The 3D view is not shown');
    // Render and read in the same task: the drawing buffer is not preserved between frames.
    this.renderNow();
    // Decoded here rather than fetched: the app's CSP does not let fetch read data: URLs.
    const url = canvas.toDataURL('image/png');
    const binary = atob(url.slice(url.indexOf(',') + 1));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new Blob([bytes], { type: 'image/png' });
  }

  resize(): void {
    const renderer = this.renderer;
    const container = this.container;
    if (!renderer || !container) return;
    const width = Math.max(1, container.clientWidth);
    const height = Math.max(1, container.clientHeight);
    renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.invalidate();
  }

  dispose(): void {
    if (this.frameRequested) cancelAnimationFrame(this.frameRequested);
    this.frameRequested = 0;
    this.resizeObserver?.disconnect();
    this.controls?.dispose();
    this.content.dispose();
    this.removeGhost();
    this.disposeHelpers();
    this.bodyFrames.dispose();
    this.sun.shadow.map?.dispose();
    if (this.renderer) {
      this.renderer.domElement.remove();
      this.renderer.dispose();
      this.renderer.forceContextLoss();
    }
    this.renderer = null;
    this.renderListeners.clear();
    this.cameraListeners.clear();
  }

  private makeControls(): void {
    if (!this.renderer) return;
    const target = this.controls?.target.clone();
    this.controls?.dispose();
    // OrbitControls reads camera.up when built: rebuild it when the up axis changes.
    const controls = new OrbitControls(this.camera, this.renderer.domElement);
    if (target) controls.target.copy(target);
    controls.enableDamping = false;
    controls.screenSpacePanning = true;
    controls.addEventListener('start', () => (this.interacting = true));
    controls.addEventListener('end', () => (this.interacting = false));
    controls.addEventListener('change', () => {
      this.invalidate();
      if (this.settingView || this.cameraListeners.size === 0) return;
      const view = this.cameraView();
      for (const listener of this.cameraListeners) listener(view, this.interacting);
    });
    controls.update();
    this.controls = controls;
  }

  private setUpAxis(axis: 'Y' | 'Z'): void {
    if (axis === this.upAxis) return;
    this.upAxis = axis;
    this.camera.up.copy(this.upVector());
    this.makeControls();
    this.refreshOverlays(true);
  }

  private upVector(): Vector3 {
    return this.upAxis === 'Z' ? new Vector3(0, 0, 1) : new Vector3(0, 1, 0);
  }

  private sceneBounds(): Sphere {
    const box = new Box3();
    const p = new Vector3();
    const keys = this.content.itemKeys();
    for (const key of keys) {
      const m = this.content.itemMatrix(key);
      if (m) box.expandByPoint(p.setFromMatrixPosition(m));
    }
    // Shapes add their own size: expand by each batch's geometry radius, once.
    const sphere = box.isEmpty()
      ? new Sphere(new Vector3(), 1)
      : box.getBoundingSphere(new Sphere());
    let shapeRadius = 0;
    for (const batch of this.content.ctx.allBatches()) {
      if (!batch.geometry.boundingSphere) batch.geometry.computeBoundingSphere();
      shapeRadius = Math.max(shapeRadius, batch.geometry.boundingSphere?.radius ?? 0);
    }
    this.content.root.traverse((o) => {
      const g = (o as { geometry?: { boundingSphere: Sphere | null } }).geometry;
      if (!o.userData.itemKey || !g?.boundingSphere) return;
      const s = g.boundingSphere.clone().applyMatrix4(o.matrixWorld);
      sphere.union(s);
    });
    sphere.radius += Math.min(shapeRadius, Math.max(sphere.radius, 1));
    return sphere;
  }

  private placeSun(bounds: Sphere): void {
    const up = this.upVector();
    const dir = up.z === 1 ? new Vector3(0.5, 0.3, 1) : new Vector3(0.5, 1, 0.3);
    this.sun.position.copy(bounds.center).addScaledVector(dir.normalize(), bounds.radius * 3);
    this.sun.target.position.copy(bounds.center);
    const cam = this.sun.shadow.camera;
    cam.left = cam.bottom = -bounds.radius * 1.5;
    cam.right = cam.top = bounds.radius * 1.5;
    cam.near = 0.01;
    cam.far = bounds.radius * 6;
    cam.updateProjectionMatrix();
  }

  private refreshOverlays(rebuild = false): void {
    const size = Math.pow(10, Math.ceil(Math.log10(Math.max(this.extent, 1)))) * 2;
    if (rebuild || !this.grid || this.grid.userData.size !== size) {
      this.disposeHelpers();
      this.grid = makeGrid(size, this.upAxis ?? 'Y');
      this.grid.userData.size = size;
      this.axes = makeAxes(size / 20);
      this.scene.add(this.grid, this.axes);
    }
    this.grid.visible = this.toggles.grid;
    if (this.axes) this.axes.visible = this.toggles.axes;
    this.bodyFrames.lines.visible = this.toggles.bodyFrames;
  }

  private disposeHelpers(): void {
    for (const helper of [this.grid, this.axes]) {
      if (!helper) continue;
      this.scene.remove(helper);
      helper.geometry.dispose();
      const material = helper.material;
      (Array.isArray(material) ? material : [material]).forEach((m) => m.dispose());
    }
    this.grid = null;
    this.axes = null;
  }

  private updateFollow(): void {
    if (this.followKey === null || !this.controls) return;
    const m = this.content.itemMatrix(this.followKey);
    if (!m) return;
    followed.setFromMatrixPosition(m);
    const delta = followed.clone().sub(this.followLast);
    this.followLast.copy(followed);
    this.camera.position.add(delta);
    this.controls.target.add(delta);
    this.controls.update();
  }
}
