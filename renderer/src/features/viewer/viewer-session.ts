// The viewer's model of one lane's run, outside React: it takes the runtime stream (or a
// recording), keeps the scene and the timeline's frames, and feeds every mounted 3D view
// (a FrameSink). One session per lane (twin, reference), made by the app; each has its own
// timeline, cursor and viewer stores. It lives as long as its lane, so frames keep arriving
// while the panel is hidden, and a view mounted later is brought up to date.
import {
  EXTRA_GRID,
  EXTRA_HEIGHTS,
  FRAME_DISPLAY,
  FRAME_SAMPLE,
  POSE_STRIDE,
  type Frame,
  type JsonMessage,
  type MeshData,
  type Poses,
  type SceneItem,
  type SceneMessage,
  type Vec3,
} from '../../../../electron/common/stream';
import { FrameStore, rowOf, type StoredFrame } from './frame-store';
import {
  createCursorStore,
  createTimelineStore,
  initialTimeline,
  type CursorStore,
  type TimelineStore,
} from './timeline-store';
import { createViewerStore, type ViewerStore } from './viewer-store';

/** What a 3D view must do to show the session (SceneRenderer does all of it). */
export interface FrameSink {
  applyScene(message: SceneMessage): void;
  applyFrame(frame: Frame, complete?: boolean): void;
  resetDeformations(): void;
  clear(): void;
}

export interface Pose {
  position: Vec3;
  /** Scalar first (w, x, y, z), as Chrono's e0..e3. */
  rotation: [number, number, number, number];
  velocity: Vec3;
}

interface Lifetime {
  item: SceneItem;
  /** It exists in frames later than this time (-Infinity: from the start). */
  addedAfter: number;
  /** It no longer exists in frames later than this time; null while it exists. */
  removedAfter: number | null;
}

const MIB = 1024 * 1024;
/** How often slow UI facts (frame count, times) are pushed to React while streaming. */
const UI_INTERVAL_MS = 150;

export class ViewerSession {
  readonly frames = new FrameStore(512 * MIB);
  readonly timeline: TimelineStore = createTimelineStore();
  readonly cursor: CursorStore = createCursorStore();
  readonly view: ViewerStore = createViewerStore();

  /** @param lane the lane whose runs it shows (twin, reference); recordings open in it too. */
  constructor(readonly lane = 'twin') {}
  private readonly sinks = new Set<FrameSink>();
  runId: string | null = null;
  /** Every item of the run, with the span of simulated time in which it existed. */
  private lifetimes = new Map<number, Lifetime>();
  /** Keys of the items the views hold now. */
  private shown = new Set<number>();
  /** Time of the newest frame received (scene diffs take effect after it). */
  private lastFrameTime = -Infinity;
  private meshes: Record<string, MeshData> = {};
  private upAxis: 'Y' | 'Z' = 'Y';
  private camera: SceneMessage['camera'] = null;
  /** Simulation time of the state the views show (to replay terrain changes in order). */
  private shownTime: number | null = null;
  /** The newest display frame of the run, shown when returning to live. */
  private lastDisplay: Frame | null = null;
  private uiTimer: ReturnType<typeof setTimeout> | null = null;
  private playHandle = 0;
  private playClock: { wall: number; sim: number } | null = null;
  private readonly poseRows = new Map<number, number>();

  // ---- views ----

  /** Adds a view and brings it up to date; returns the function that removes it. */
  attach(sink: FrameSink): () => void {
    this.sinks.add(sink);
    sink.clear();
    if (this.shown.size > 0 || this.camera) sink.applyScene(this.snapshotScene());
    const { index } = this.cursor.getState();
    const live = this.timeline.getState().live;
    if (this.frames.length > 0) {
      const i = live || index < 0 ? this.frames.length - 1 : index;
      this.replayHeights(sink, i, true);
      sink.applyFrame(toFrame(this.frames.frames[i]), true);
    }
    if (live && this.lastDisplay) sink.applyFrame(this.lastDisplay);
    return () => {
      this.sinks.delete(sink);
    };
  }

  // ---- input ----

  /** A run (or a recording) begins: everything of the previous one is dropped. */
  begin(runId: string, source: 'run' | 'recording'): void {
    this.pause();
    this.runId = runId;
    this.lifetimes = new Map();
    this.shown = new Set();
    this.lastFrameTime = -Infinity;
    this.meshes = {};
    this.upAxis = 'Y';
    this.camera = null;
    this.shownTime = null;
    this.lastDisplay = null;
    this.frames.clear();
    this.poseRows.clear();
    for (const sink of this.sinks) sink.clear();
    this.timeline.setState({
      ...initialTimeline,
      capMiB: this.timeline.getState().capMiB,
      speed: this.timeline.getState().speed,
      source,
      label: runId,
      streaming: source === 'run',
      live: source === 'run',
    });
    this.cursor.setState({ index: -1, time: 0 });
    this.view.setState({ items: new Map(), selection: [], follow: false, skipped: {} });
  }

  handleMessage(runId: string, message: JsonMessage): void {
    if (runId !== this.runId) return;
    if (message.type === 'scene') this.applyScene(message);
    else if (message.type === 'display') this.timeline.setState({ display: message });
    else if (message.type === 'end') {
      this.flushUi();
      this.timeline.setState({ streaming: false });
    }
  }

  handleFrame(runId: string, frame: Frame): void {
    if (runId !== this.runId) return;
    const timeline = this.timeline.getState();
    // Recordings hold sample frames, and display frames only for their terrain extras.
    const isSample = (frame.flags & FRAME_SAMPLE) !== 0;
    const isDisplay = (frame.flags & FRAME_DISPLAY) !== 0 && timeline.source === 'run';
    if (frame.extras.some((e) => e.kind === EXTRA_GRID)) this.takeGrids(frame);
    if (isSample) this.frames.push(frame);
    else this.frames.carry(frame);
    if (isDisplay) this.lastDisplay = frame;
    this.lastFrameTime = Math.max(this.lastFrameTime, frame.simTime);
    if (timeline.source === 'run' && timeline.live) {
      if (isDisplay) {
        this.show(frame, false);
      } else {
        // A sample between display frames: its poses are superseded, its terrain is not.
        const heights = frame.extras.filter(
          (e) => e.kind === EXTRA_HEIGHTS || e.kind === EXTRA_GRID,
        );
        if (heights.length)
          this.show({ ...frame, keys: new Uint32Array(0), extras: heights }, false);
      }
      this.cursor.setState({ index: this.frames.length - 1, time: frame.simTime });
    }
    this.scheduleUi(frame.simTime);
  }

  setCapMiB(mib: number): void {
    this.frames.setCap(mib * MIB);
    this.timeline.setState({ capMiB: mib });
    this.flushUi();
  }

  // ---- timeline ----

  /** Shows the sample frame at `index` (the user scrubbed or stepped): leaves live mode. */
  seek(index: number): void {
    if (this.frames.length === 0) return;
    const i = Math.max(0, Math.min(this.frames.length - 1, Math.round(index)));
    this.timeline.setState({ live: false });
    this.showStored(i);
  }

  seekTime(time: number): void {
    if (this.frames.length > 0) this.seek(this.frames.indexAt(time));
  }

  step(delta = 1): void {
    this.pause();
    const { index } = this.cursor.getState();
    const from = this.timeline.getState().live || index < 0 ? this.frames.length - 1 : index;
    this.seek(from + delta);
  }

  /** Back to the newest frame of a streaming run (or the last frame of a finished one). */
  goLive(): void {
    this.pause();
    const n = this.frames.length;
    const streaming = this.timeline.getState().streaming;
    if (n > 0) this.showStored(n - 1);
    if (streaming) {
      this.reconcile(Infinity);
      if (
        this.lastDisplay &&
        this.lastDisplay.simTime >= (this.frames.frames[n - 1]?.simTime ?? -1)
      ) {
        this.show(this.lastDisplay, false);
        this.cursor.setState({ index: n - 1, time: this.lastDisplay.simTime });
      }
      this.timeline.setState({ live: true });
    }
  }

  play(): void {
    const n = this.frames.length;
    if (n === 0) return;
    let { index } = this.cursor.getState();
    const timeline = this.timeline.getState();
    if (timeline.live || index < 0 || index >= n - 1) index = timeline.live ? n - 1 : 0;
    if (index >= n - 1) index = 0;
    this.seek(index);
    this.timeline.setState({ playing: true, live: false });
    this.playClock = { wall: performance.now(), sim: this.frames.frames[index].simTime };
    const tick = () => {
      if (!this.timeline.getState().playing || !this.playClock) return;
      const speed = this.timeline.getState().speed;
      const now = performance.now();
      const t = this.playClock.sim + ((now - this.playClock.wall) / 1000) * speed;
      this.playClock = { wall: now, sim: t };
      const last = this.frames.frames[this.frames.length - 1];
      if (!last) return;
      if (t >= last.simTime) {
        if (this.timeline.getState().streaming) this.goLive();
        else {
          this.showStored(this.frames.length - 1);
          this.pause();
        }
        return;
      }
      const i = this.frames.indexAt(t);
      if (i !== this.cursor.getState().index) this.showStored(i);
      this.playHandle = requestAnimationFrame(tick);
    };
    this.playHandle = requestAnimationFrame(tick);
  }

  pause(): void {
    if (this.playHandle) cancelAnimationFrame(this.playHandle);
    this.playHandle = 0;
    this.playClock = null;
    if (this.timeline.getState().playing) this.timeline.setState({ playing: false });
  }

  setSpeed(speed: number): void {
    this.timeline.setState({ speed: Math.min(10, Math.max(0.1, speed)) });
  }

  // ---- values at the cursor ----

  /** An item's pose at the time cursor (null if it has none yet). */
  poseAt(key: number): Pose | null {
    const { index } = this.cursor.getState();
    const timeline = this.timeline.getState();
    const stored = this.frames.frames[index];
    // Live: the newest display frame, when it holds the item; else the newest sample.
    if (timeline.live && this.lastDisplay) {
      const row = rowOf(this.lastDisplay.keys, key);
      if (row >= 0) return poseFrom(this.lastDisplay.poses, row);
    }
    if (!stored) return null;
    const row = rowOf(stored.keys, key, this.poseRows.get(key));
    if (row < 0) return null;
    this.poseRows.set(key, row);
    return poseFrom(stored.poses, row);
  }

  /** Time series of an item over the stored frames: t, x, y, z, vx, vy, vz. */
  series(key: number): Float64Array[] {
    const frames = this.frames.frames;
    const out = Array.from({ length: 7 }, () => new Float64Array(frames.length));
    let hint = -1;
    let n = 0;
    for (const f of frames) {
      hint = rowOf(f.keys, key, hint);
      if (hint < 0) continue;
      const o = hint * POSE_STRIDE;
      out[0][n] = f.simTime;
      out[1][n] = f.poses[o];
      out[2][n] = f.poses[o + 1];
      out[3][n] = f.poses[o + 2];
      out[4][n] = f.poses[o + 7];
      out[5][n] = f.poses[o + 8];
      out[6][n] = f.poses[o + 9];
      n++;
    }
    return out.map((a) => a.subarray(0, n));
  }

  // ---- internals ----

  private applyScene(message: SceneMessage): void {
    if (message.full) {
      this.lifetimes = new Map();
      this.meshes = {};
    }
    Object.assign(this.meshes, message.meshes ?? {});
    this.upAxis = message.upAxis ?? this.upAxis;
    if (message.camera) this.camera = message.camera;
    const after = message.full ? -Infinity : this.lastFrameTime;
    for (const key of message.remove ?? []) {
      const life = this.lifetimes.get(key);
      if (life && life.removedAfter === null) life.removedAfter = this.lastFrameTime;
    }
    for (const item of message.add ?? []) {
      this.lifetimes.set(item.key, { item, addedAfter: after, removedAfter: null });
    }
    const timeline = this.timeline.getState();
    if (timeline.source === 'run' && timeline.live) {
      // Live: the views change with the run. Otherwise they change when the cursor moves.
      if (message.full) this.shown = new Set();
      for (const key of message.remove ?? []) this.shown.delete(key);
      for (const item of message.add ?? []) this.shown.add(item.key);
      for (const sink of this.sinks) sink.applyScene(message);
    }
    const items = new Map([...this.lifetimes].map(([key, life]) => [key, life.item]));
    const selection = this.view.getState().selection.filter((k) => items.has(k));
    this.view.setState({ items, upAxis: this.upAxis, selection });
  }

  /**
   * A terrain's heights (a GRID extra, in the first frame that holds it) become part of
   * its scene item, so that views mounted later, and the timeline going back, start from
   * them. Views showing the run live get the extra itself with the frame.
   */
  private takeGrids(frame: Frame): void {
    for (const extra of frame.extras) {
      if (extra.kind !== EXTRA_GRID) continue;
      const life = this.lifetimes.get(Math.floor(extra.key / 256));
      const index = extra.key % 256;
      const shape = life?.item.shapes[index];
      if (!life || shape?.type !== 'heightfield' || extra.data.length !== shape.nx * shape.ny) {
        continue;
      }
      const heights = extra.data.slice();
      const shapes = life.item.shapes.map((s, i) => (i === index ? { ...shape, heights } : s));
      life.item = { ...life.item, shapes };
    }
  }

  /** Adds and removes items in the views so that they hold those that existed at `time`. */
  private reconcile(time: number): void {
    const add: SceneItem[] = [];
    const remove: number[] = [];
    for (const [key, life] of this.lifetimes) {
      const exists =
        time > life.addedAfter && (life.removedAfter === null || time <= life.removedAfter);
      if (exists && !this.shown.has(key)) {
        add.push(life.item);
        this.shown.add(key);
      } else if (!exists && this.shown.has(key)) {
        remove.push(key);
        this.shown.delete(key);
      }
    }
    for (const key of [...this.shown]) {
      if (!this.lifetimes.has(key)) {
        remove.push(key);
        this.shown.delete(key);
      }
    }
    if (add.length === 0 && remove.length === 0) return;
    const diff: SceneMessage = {
      type: 'scene',
      full: false,
      upAxis: this.upAxis,
      camera: this.camera,
      add,
      remove,
      meshes: add.length ? this.meshes : {},
    };
    for (const sink of this.sinks) sink.applyScene(diff);
  }

  private snapshotScene(): SceneMessage {
    return {
      type: 'scene',
      full: true,
      upAxis: this.upAxis,
      camera: this.camera,
      add: [...this.shown].flatMap((key) => this.lifetimes.get(key)?.item ?? []),
      remove: [],
      meshes: this.meshes,
    };
  }

  private show(frame: Frame, complete: boolean): void {
    for (const sink of this.sinks) sink.applyFrame(frame, complete);
    this.shownTime = frame.simTime;
  }

  /** Shows a stored frame; terrain changes between the shown state and it are replayed. */
  private showStored(index: number): void {
    const target = this.frames.frames[index];
    if (!target) return;
    this.reconcile(target.simTime);
    if (this.frames.hasHeights) {
      for (const sink of this.sinks) this.replayHeights(sink, index);
    }
    this.show(toFrame(target), true);
    this.cursor.setState({ index, time: target.simTime });
  }

  /** Brings a view's terrain to the state just before stored frame `index`. */
  private replayHeights(sink: FrameSink, index: number, fresh = false): void {
    if (!this.frames.hasHeights) return;
    const frames = this.frames.frames;
    const target = frames[index];
    let from = 0;
    if (fresh) {
      // A view that was just given the scene has its initial heights already.
    } else if (this.shownTime !== null && this.shownTime <= target.simTime) {
      from = this.frames.indexAt(this.shownTime) + 1;
    } else {
      sink.resetDeformations();
    }
    for (let i = from; i < index; i++) {
      const heights = frames[i].extras.filter((e) => e.kind === EXTRA_HEIGHTS);
      if (heights.length) {
        sink.applyFrame({ ...EMPTY_FRAME, simTime: frames[i].simTime, extras: heights });
      }
    }
  }

  private scheduleUi(time: number): void {
    const timeline = this.timeline.getState();
    if (time > timeline.liveTime) this.pendingLiveTime = time;
    if (this.uiTimer) return;
    this.uiTimer = setTimeout(() => this.flushUi(), UI_INTERVAL_MS);
  }

  private pendingLiveTime = 0;

  /** Pushes the slow timeline facts to React (throttled while streaming). */
  flushUi(): void {
    if (this.uiTimer) clearTimeout(this.uiTimer);
    this.uiTimer = null;
    const frames = this.frames.frames;
    this.timeline.setState({
      frameCount: frames.length,
      startTime: frames[0]?.simTime ?? 0,
      endTime: frames[frames.length - 1]?.simTime ?? 0,
      liveTime: Math.max(this.pendingLiveTime, frames[frames.length - 1]?.simTime ?? 0),
      dropped: this.frames.dropped,
    });
  }
}

const EMPTY_FRAME: Frame = {
  simTime: 0,
  flags: 0,
  keys: new Uint32Array(0),
  poses: new Float32Array(0),
  extras: [],
};

function toFrame(stored: StoredFrame): Frame {
  return {
    simTime: stored.simTime,
    flags: FRAME_SAMPLE,
    keys: stored.keys,
    poses: stored.poses,
    extras: stored.extras,
  };
}

function poseFrom(poses: Poses, row: number): Pose {
  const o = row * POSE_STRIDE;
  return {
    position: [poses[o], poses[o + 1], poses[o + 2]],
    rotation: [poses[o + 3], poses[o + 4], poses[o + 5], poses[o + 6]],
    velocity: [poses[o + 7], poses[o + 8], poses[o + 9]],
  };
}
