import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  EXTRA_GRID,
  EXTRA_HEIGHTS,
  FRAME_DISPLAY,
  FRAME_SAMPLE,
  type Frame,
  type SceneMessage,
} from '../../../../electron/common/stream';
import { body, frame, scene, shape } from '../../testing/test-scenes';
import { ViewerSession, type FrameSink } from './viewer-session';

class RecordingSink implements FrameSink {
  scenes: SceneMessage[] = [];
  frames: { frame: Frame; complete: boolean }[] = [];
  resets = 0;
  clears = 0;
  applyScene(m: SceneMessage) {
    this.scenes.push(m);
  }
  applyFrame(f: Frame, complete = false) {
    this.frames.push({ frame: f, complete });
  }
  resetDeformations() {
    this.resets++;
  }
  clear() {
    this.clears++;
  }
  get lastTime() {
    return this.frames[this.frames.length - 1]?.frame.simTime;
  }
}

const pendulum = scene([body(1, [shape({ type: 'sphere', radius: 0.1 })])]);

function stream(
  session: ViewerSession,
  runId: string,
  n: number,
  flags = FRAME_DISPLAY | FRAME_SAMPLE,
) {
  for (let i = 0; i < n; i++) {
    session.handleFrame(
      runId,
      frame(i * 0.1, { 1: { pos: [i, 0, 0], vel: [1, 0, 0] } }, [], flags),
    );
  }
}

afterEach(() => vi.useRealTimers());

describe('ViewerSession', () => {
  it('follows the newest display frame while live, and records sample frames', () => {
    const s = new ViewerSession();
    const sink = new RecordingSink();
    s.attach(sink);
    s.begin('run1', 'run');
    s.handleMessage('run1', pendulum);
    stream(s, 'run1', 5);
    s.handleFrame('run1', frame(0.45, { 1: { pos: [9, 0, 0] } }, [], FRAME_DISPLAY));
    expect(s.frames.length).toBe(5);
    expect(sink.lastTime).toBe(0.45);
    expect(s.cursor.getState().time).toBe(0.45);
    expect(s.view.getState().items.get(1)?.name).toBe('body1');
  });

  it('stops following when the user scrubs, and jumps back to live', () => {
    const s = new ViewerSession();
    const sink = new RecordingSink();
    s.attach(sink);
    s.begin('run1', 'run');
    s.handleMessage('run1', pendulum);
    stream(s, 'run1', 5);
    s.seek(1);
    expect(s.timeline.getState().live).toBe(false);
    expect(sink.frames.at(-1)).toMatchObject({ complete: true });
    expect(sink.lastTime).toBeCloseTo(0.1);
    stream(s, 'run1', 8, 5);
    // New frames are recorded but the view stays where the user put it.
    expect(sink.lastTime).toBeCloseTo(0.1);
    expect(s.poseAt(1)?.position[0]).toBe(1);
    s.goLive();
    expect(s.timeline.getState().live).toBe(true);
    expect(sink.lastTime).toBeCloseTo(0.7);
    expect(s.poseAt(1)?.position[0]).toBe(7);
  });

  it('steps one frame at a time', () => {
    const s = new ViewerSession();
    s.begin('run1', 'run');
    s.handleMessage('run1', pendulum);
    stream(s, 'run1', 5);
    s.seek(2);
    s.step(1);
    expect(s.cursor.getState().index).toBe(3);
    s.step(-1);
    s.step(-1);
    expect(s.cursor.getState().index).toBe(1);
  });

  it('plays at the chosen speed and stops at the end of a finished run', () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'performance'] });
    const s = new ViewerSession();
    s.begin('run1', 'run');
    s.handleMessage('run1', pendulum);
    stream(s, 'run1', 11);
    s.handleMessage('run1', {
      type: 'end',
      status: 'finished',
      reason: '',
      simTime: 1,
      steps: 100,
    });
    s.setSpeed(2);
    s.play();
    expect(s.cursor.getState().index).toBe(0);
    vi.advanceTimersByTime(250); // 0.25 s of wall time at 2x: about 0.5 s of simulated time
    expect(s.cursor.getState().time).toBeGreaterThanOrEqual(0.4);
    expect(s.cursor.getState().time).toBeLessThanOrEqual(0.5);
    vi.advanceTimersByTime(1000);
    expect(s.timeline.getState().playing).toBe(false);
    expect(s.cursor.getState().index).toBe(10);
  });

  it('replaces everything when another run starts', () => {
    const s = new ViewerSession();
    const sink = new RecordingSink();
    s.attach(sink);
    s.begin('run1', 'run');
    s.handleMessage('run1', pendulum);
    stream(s, 'run1', 3);
    s.view.getState().select(1);
    const clears = sink.clears;
    s.begin('run2', 'run');
    expect(s.frames.length).toBe(0);
    expect(sink.clears).toBe(clears + 1);
    expect(s.view.getState().selection).toEqual([]);
    // Stray frames of the old run are ignored.
    stream(s, 'run1', 2);
    expect(s.frames.length).toBe(0);
  });

  it('brings a view mounted later up to date', () => {
    const s = new ViewerSession();
    s.begin('run1', 'run');
    s.handleMessage('run1', pendulum);
    stream(s, 'run1', 4);
    const sink = new RecordingSink();
    s.attach(sink);
    expect(sink.scenes).toHaveLength(1);
    expect(sink.scenes[0].add.map((i) => i.key)).toEqual([1]);
    expect(sink.lastTime).toBeCloseTo(0.3);
  });

  it('replays terrain changes from the start when seeking backwards', () => {
    const s = new ViewerSession();
    const sink = new RecordingSink();
    s.attach(sink);
    s.begin('run1', 'run');
    s.handleMessage('run1', pendulum);
    for (let i = 0; i < 4; i++) {
      s.handleFrame(
        'run1',
        frame(i, {}, [{ key: 256, kind: EXTRA_HEIGHTS, data: new Float32Array([i, -i]) }]),
      );
    }
    s.seek(3);
    const resetsBefore = sink.resets;
    sink.frames = [];
    s.seek(1);
    expect(sink.resets).toBe(resetsBefore + 1);
    // Frame 0's changes, then frame 1 with its own.
    expect(sink.frames.map((f) => f.frame.simTime)).toEqual([0, 1]);
  });

  it('gives time series of a body for the plots', () => {
    const s = new ViewerSession();
    s.begin('run1', 'run');
    s.handleMessage('run1', pendulum);
    stream(s, 'run1', 6);
    const [t, x, , , vx] = s.series(1);
    expect([...t].map((v) => Math.round(v * 10))).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...x]).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...vx]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('keeps a terrain’s GRID heights with its item, for views mounted later', () => {
    const s = new ViewerSession();
    const live = new RecordingSink();
    s.attach(live);
    s.begin('run-g', 'run');
    const field = shape({
      type: 'heightfield',
      nx: 2,
      ny: 2,
      dx: 1,
      dy: 1,
      origin: [0, 0, 0],
      flatHeight: null,
    });
    s.handleMessage('run-g', {
      type: 'hello',
      protocol: 2,
      python: '3',
      pychrono: null,
      modules: {} as never,
      dataPath: null,
    });
    s.handleMessage('run-g', scene([body(7, [field], { kind: 'other' })]));
    const grid = Float32Array.of(0, -0.1, -0.2, -0.3);
    s.handleFrame(
      'run-g',
      frame(0, { 7: { pos: [0, 0, 0] } }, [{ key: 7 * 256, kind: EXTRA_GRID, data: grid }]),
    );
    // The live view got the extra with the frame; the timeline does not store it.
    expect(live.frames.at(-1)?.frame.extras[0].kind).toBe(EXTRA_GRID);
    expect(s.frames.frames[0].extras).toEqual([]);
    const later = new RecordingSink();
    s.attach(later);
    const shown = later.scenes[0].add[0].shapes[0];
    expect(shown.type === 'heightfield' && [...(shown.heights ?? [])]).toEqual([...grid]);
  });

  it('passes the bridge’s display rate to the timeline', () => {
    const s = new ViewerSession();
    s.begin('run-d', 'run');
    s.handleMessage('run-d', {
      type: 'hello',
      protocol: 2,
      python: '3',
      pychrono: null,
      modules: {} as never,
      dataPath: null,
    });
    const display = {
      type: 'display' as const,
      hz: 24,
      targetHz: 24,
      requestedHz: 60,
      budget: 0.05,
      share: 0.05,
      sampleShare: 0.01,
      reason: 'budget' as const,
    };
    s.handleMessage('run-d', display);
    expect(s.timeline.getState().display).toEqual(display);
  });
});

describe('two sessions (two lanes)', () => {
  it('keep their own frames, cursor, timeline and selection', () => {
    const twin = new ViewerSession('twin');
    const reference = new ViewerSession('reference');
    twin.begin('a', 'run');
    reference.begin('b', 'run');
    twin.handleMessage('a', pendulum);
    reference.handleMessage('b', pendulum);
    stream(twin, 'a', 5);
    stream(reference, 'b', 2);
    twin.flushUi();
    reference.flushUi();
    twin.view.getState().select(1);
    twin.seek(1);
    expect(twin.timeline.getState()).toMatchObject({ frameCount: 5, live: false });
    expect(reference.timeline.getState()).toMatchObject({ frameCount: 2, live: true });
    expect(twin.cursor.getState().index).toBe(1);
    expect(reference.cursor.getState().index).toBe(1);
    expect(reference.view.getState().selection).toEqual([]);
    // A frame of the other lane's run is not this session's.
    stream(twin, 'b', 3);
    expect(twin.frames.length).toBe(5);
  });
});
