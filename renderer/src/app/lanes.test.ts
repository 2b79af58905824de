import '../testing/jsdom-shims';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Params, RunSummary } from '../../../electron/common/contract';
import { encodeFrame } from '../../../electron/common/stream';
import { frame } from '../testing/test-scenes';
import { createTestHost, type TestHost } from '../testing/test-host';
import { useEditorStore } from '../features/editor/editor-store';
import { showTwinErrorsAsProblems } from './connect';
import { Lanes, REFERENCE, TWIN } from './lanes';

const summary = (over: Partial<RunSummary>): RunSummary => ({
  runId: 'run-1',
  lane: 'twin',
  bodies: null,
  items: null,
  status: 'running',
  reason: '',
  simTime: 0,
  wallTime: 0,
  realtimeFactor: 0,
  frames: 0,
  error: null,
  missingModule: null,
  ...over,
});

const limits = { simTime: 30, wallTime: 600, sampleDt: 0.01 };

let host: TestHost;
let lanes: Lanes;
let disconnect: () => void;
let runs = 0;

/** Announces a run as the host does: `runtime.started` first, then its events. */
function started(runId: string, lane = TWIN, script = 'x = 1') {
  host.emit('runtime.started', { runId, lane, script, scriptPath: null, limits });
}

beforeEach(() => {
  runs = 0;
  host = createTestHost({
    'runtime.start': (p: Params<'runtime.start'>) => {
      const runId = `run-${++runs}`;
      started(runId, p.lane ?? TWIN, p.script);
      return { runId, lane: p.lane ?? TWIN };
    },
    'runtime.control': () => ({ ok: true }),
    'runtime.driver': () => ({ ok: true }),
  });
  lanes = new Lanes(host);
  disconnect = lanes.connect(() => undefined);
});
afterEach(() => disconnect());

const consoleText = (lane = TWIN) => {
  const run = lanes.get(lane).run;
  run.flushConsole();
  return run.state
    .getState()
    .console.map((e) => e.text)
    .join('');
};

describe('lanes', () => {
  it('runs a twin and a reference at once, each event going to its own lane', async () => {
    const twin = await lanes.twin.run.run('twin = 1', { label: 'twin.py' });
    const reference = await lanes.get(REFERENCE).run.run('reference = 1');
    expect(host.calls.map((c) => (c.params as { lane: string }).lane)).toEqual([
      'twin',
      'reference',
    ]);
    host.emit('runtime.output', { runId: twin, stream: 'stdout', text: 'from the twin\n' });
    host.emit('runtime.output', {
      runId: reference,
      stream: 'stdout',
      text: 'from the reference\n',
    });
    host.emit('runtime.frame', {
      runId: reference,
      data: encodeFrame(frame(0.1, { 3: { pos: [0, 1, 0] } })),
    });
    host.emit('runtime.status', summary({ runId: twin, status: 'running', simTime: 0.2 }));
    expect(consoleText(TWIN)).toContain('from the twin');
    expect(consoleText(TWIN)).not.toContain('from the reference');
    expect(consoleText(REFERENCE)).toContain('from the reference');
    expect(lanes.get(REFERENCE).viewer.frames.length).toBe(1);
    expect(lanes.twin.viewer.frames.length).toBe(0);
    expect(lanes.twin.run.state.getState().summary?.simTime).toBe(0.2);
    expect(lanes.get(REFERENCE).run.state.getState().summary?.status).toBe('starting');
  });

  it('shows a run the host started on its own (the repair loop) in its lane', () => {
    started('from-the-loop', TWIN, 'fixed = 1');
    host.emit('runtime.output', { runId: 'from-the-loop', stream: 'stdout', text: 'fixed run\n' });
    expect(lanes.twin.run.state.getState()).toMatchObject({
      runId: 'from-the-loop',
      script: 'fixed = 1',
      limits,
    });
    expect(consoleText()).toContain('fixed run');
  });

  it('drops late output of the run a new one replaced', async () => {
    const first = await lanes.twin.run.run('a = 1');
    await lanes.twin.run.run('b = 2');
    host.emit('runtime.output', { runId: first, stream: 'stdout', text: 'late ghost\n' });
    host.emit('runtime.status', summary({ runId: first, status: 'stopped' }));
    expect(consoleText()).not.toContain('late ghost');
    expect(lanes.twin.run.state.getState().runId).toBe('run-2');
  });

  it('ignores events of runs it was never told of', () => {
    host.emit('runtime.status', summary({ runId: 'unknown', status: 'running' }));
    host.emit('runtime.output', { runId: 'unknown', stream: 'stdout', text: 'stray\n' });
    expect(lanes.twin.run.state.getState().summary).toBeNull();
    expect(consoleText()).toBe('');
  });

  it('resolves runAndWait with the final summary, also when the end beats the start reply', async () => {
    host.handlers['runtime.start'] = () => {
      started('fast');
      host.emit('runtime.status', summary({ runId: 'fast', status: 'finished', simTime: 1 }));
      return { runId: 'fast', lane: TWIN };
    };
    await expect(lanes.twin.run.runAndWait('x = 1')).resolves.toMatchObject({
      runId: 'fast',
      status: 'finished',
    });
  });

  it('writes logs, errors and the end of the run in the console', async () => {
    const runId = await lanes.twin.run.run('x = 1');
    host.emit('runtime.message', {
      runId,
      message: { type: 'log', level: 'warning', message: 'SetFoo is not supported' },
    });
    host.emit('runtime.message', {
      runId,
      message: {
        type: 'error',
        errorType: 'NameError',
        message: "name 'sys' is not defined",
        line: 1,
        traceback: 'Traceback…',
        missingModule: null,
        phase: 'run',
      },
    });
    host.emit(
      'runtime.status',
      summary({ runId, status: 'limit', simTime: 30, reason: 'simulated-time limit' }),
    );
    const text = consoleText();
    expect(text).toContain('SetFoo is not supported');
    expect(text).toContain("NameError: name 'sys' is not defined (line 1)");
    expect(text).toContain('■ Run reached its limit at t = 30.000 s: simulated-time limit');
    expect(lanes.twin.run.state.getState().errors).toHaveLength(1);
  });

  it("makes the twin's run errors the editor's problems, and clears them on the next run", async () => {
    const off = showTwinErrorsAsProblems(lanes);
    const runId = await lanes.twin.run.run('x = 1');
    host.emit('runtime.message', {
      runId,
      message: {
        type: 'error',
        errorType: 'NameError',
        message: 'nope',
        line: 4,
        traceback: '',
        missingModule: null,
        phase: 'run',
      },
    });
    expect(useEditorStore.getState().problems).toEqual([
      { line: 4, message: 'NameError: nope', severity: 'error', source: 'run' },
    ]);
    await lanes.twin.run.run('x = 2');
    expect(useEditorStore.getState().problems).toEqual([]);
    off();
  });

  it('sends controls and driver input only while the lane runs', async () => {
    await lanes.twin.run.control('pause');
    expect(host.calls).toEqual([]);
    const runId = await lanes.twin.run.run('x = 1');
    host.emit('runtime.status', summary({ runId, status: 'running' }));
    await lanes.twin.run.control('pause');
    lanes.twin.run.sendDriver({ steering: 1, throttle: 0, braking: 0 });
    expect(host.calls.filter((c) => c.name !== 'runtime.start')).toEqual([
      { name: 'runtime.control', params: { runId, cmd: 'pause' } },
      { name: 'runtime.driver', params: { runId, steering: 1, throttle: 0, braking: 0 } },
    ]);
  });

  it("records the twin's and the reference's runs into the project the app names", async () => {
    disconnect();
    lanes = new Lanes(host, (lane) => (lane === TWIN || lane === REFERENCE ? 'project-7' : null));
    disconnect = lanes.connect(() => undefined);
    await lanes.twin.run.run('x = 1');
    await lanes.get(REFERENCE).run.run('x = 2');
    await lanes.get('bench').run.run('x = 3');
    const starts = host.calls.filter((c) => c.name === 'runtime.start');
    expect(starts.map((c) => (c.params as Params<'runtime.start'>).projectId)).toEqual([
      'project-7',
      'project-7',
      undefined,
    ]);
  });
});
