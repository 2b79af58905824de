import '../editor/jsdom-shims';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../../electron/common/contract';
import { useEditorStore } from '../editor/editor-store';
import { createTestHost, type TestHost } from '../workspace/test-host';
import {
  connectRuntime,
  flushConsole,
  resetRuntimeStore,
  routeOwnRun,
  useRuntimeStore,
} from './runtime-store';

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

const probe = {
  python: '/usr/bin/python3',
  pythonVersion: '3.11.9',
  source: 'PATH',
  pychrono: '9.0.1',
  modules: {
    core: true,
    fea: true,
    vehicle: false,
    robot: false,
    sensor: false,
    irrlicht: false,
    pardisomkl: false,
    ros: false,
  },
  dataPath: null,
  problem: null,
  confinement: {
    active: true,
    method: 'bubblewrap' as const,
    memory: 'cgroup' as const,
    processes: 'cgroup' as const,
    note: 'Runs are confined with bubblewrap.',
  },
};

describe('runtime store', () => {
  let host: TestHost;
  let disconnect: () => void;
  let runs = 0;

  beforeEach(() => {
    resetRuntimeStore();
    runs = 0;
    useEditorStore
      .getState()
      .loadDocument({ code: 'print("hi")\n', filePath: '/w/a.py', fileName: 'a.py' });
    host = createTestHost({
      'runtime.probe': () => probe,
      'runtime.start': () => ({ runId: `run-${++runs}`, lane: 'twin' }),
      'runtime.control': () => ({ ok: true }),
      'runtime.driver': () => ({ ok: true }),
    });
    disconnect = connectRuntime(host);
  });
  afterEach(() => disconnect());

  it('routes events of its own run only, holding those that beat the start reply', async () => {
    const seen: string[] = [];
    host.handlers['runtime.start'] = () => {
      routeOwnRun('mine', () => seen.push('early event of mine'));
      routeOwnRun('theirs', () => seen.push('early event of another run'));
      return { runId: 'mine', lane: 'twin' };
    };
    await useRuntimeStore.getState().run('x = 1');
    routeOwnRun('mine', () => seen.push('later event of mine'));
    routeOwnRun('theirs', () => seen.push('later event of another run'));
    expect(seen).toEqual(['early event of mine', 'later event of mine']);
  });

  it('probes the runtime on connect', async () => {
    await Promise.resolve();
    await Promise.resolve();
    expect(useRuntimeStore.getState().probe?.pychrono).toBe('9.0.1');
  });

  it('runs the editor script by default, with its path', async () => {
    const runId = await useRuntimeStore.getState().run();
    expect(runId).toBe('run-1');
    const start = host.calls.find((c) => c.name === 'runtime.start');
    expect(start?.params).toMatchObject({ script: 'print("hi")\n', scriptPath: '/w/a.py' });
    expect(useRuntimeStore.getState().summary?.status).toBe('starting');
  });

  it('runAndWait resolves with the final summary, also when the end beats the start reply', async () => {
    host.handlers['runtime.start'] = () => {
      host.emit('runtime.status', summary({ runId: 'fast', status: 'finished', simTime: 1 }));
      return { runId: 'fast', lane: 'twin' };
    };
    await expect(useRuntimeStore.getState().runAndWait('x = 1')).resolves.toMatchObject({
      runId: 'fast',
      status: 'finished',
    });

    host.handlers['runtime.start'] = () => ({ runId: 'slow', lane: 'twin' });
    const done = useRuntimeStore.getState().runAndWait('y = 2');
    await Promise.resolve();
    await Promise.resolve();
    host.emit('runtime.status', summary({ runId: 'slow', status: 'running' }));
    host.emit('runtime.status', summary({ runId: 'slow', status: 'crashed', reason: 'SIGSEGV' }));
    await expect(done).resolves.toMatchObject({ status: 'crashed', reason: 'SIGSEGV' });
  });

  it('stops the active run before starting another', async () => {
    await useRuntimeStore.getState().run();
    host.emit('runtime.status', summary({ runId: 'run-1', status: 'running' }));
    await useRuntimeStore.getState().run();
    const names = host.calls.map((c) => c.name).filter((n) => n !== 'runtime.probe');
    expect(names).toEqual(['runtime.start', 'runtime.control', 'runtime.start']);
    expect(host.calls.find((c) => c.name === 'runtime.control')?.params).toEqual({
      runId: 'run-1',
      cmd: 'stop',
    });
  });

  it('shows output, logs and errors in the console, and errors as problems', async () => {
    await useRuntimeStore.getState().run();
    host.emit('runtime.output', { runId: 'run-1', stream: 'stdout', text: 'step 1\n' });
    host.emit('runtime.message', {
      runId: 'run-1',
      message: {
        type: 'log',
        level: 'warning',
        message: 'ChVisualSystemIrrlicht.SetFoo is not supported',
      },
    });
    host.emit('runtime.message', {
      runId: 'run-1',
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
    flushConsole();
    const text = useRuntimeStore
      .getState()
      .console.map((e) => e.text)
      .join('');
    expect(text).toContain('step 1\n');
    expect(text).toContain('SetFoo is not supported');
    expect(text).toContain("NameError: name 'sys' is not defined (line 1)");
    expect(useEditorStore.getState().problems).toEqual([
      {
        line: 1,
        message: "NameError: name 'sys' is not defined",
        severity: 'error',
        source: 'run',
      },
    ]);
  });

  it('keeps early output of a new run and drops late output of the one it replaced', async () => {
    await useRuntimeStore.getState().run();
    host.handlers['runtime.start'] = () => {
      // The new run prints before its start is even answered.
      host.emit('runtime.output', { runId: 'run-2', stream: 'stdout', text: 'early bird\n' });
      return { runId: 'run-2', lane: 'twin' };
    };
    await useRuntimeStore.getState().run();
    host.emit('runtime.output', { runId: 'run-1', stream: 'stdout', text: 'late ghost\n' });
    host.emit('runtime.status', summary({ runId: 'run-1', status: 'stopped' }));
    flushConsole();
    const text = useRuntimeStore
      .getState()
      .console.map((e) => e.text)
      .join('');
    expect(text).toContain('early bird');
    expect(text).not.toContain('late ghost');
    expect(useRuntimeStore.getState().runId).toBe('run-2');
  });

  it('ignores runs it did not start (another window on the same host)', async () => {
    host.emit('runtime.status', summary({ runId: 'theirs', status: 'running' }));
    host.emit('runtime.output', { runId: 'theirs', stream: 'stdout', text: 'their output\n' });
    flushConsole();
    expect(useRuntimeStore.getState().summary).toBeNull();
    expect(useRuntimeStore.getState().console).toEqual([]);
  });

  it('reports the end of the run in the console', async () => {
    await useRuntimeStore.getState().run();
    host.emit('runtime.status', summary({ runId: 'run-1', status: 'running', simTime: 0.5 }));
    host.emit(
      'runtime.status',
      summary({ runId: 'run-1', status: 'limit', simTime: 30, reason: 'simulated-time limit' }),
    );
    flushConsole();
    const last = useRuntimeStore.getState().console.at(-1);
    expect(last?.text).toBe('■ Run reached its limit at t = 30.000 s: simulated-time limit\n');
  });

  it('sends controls and driver input only while a run is active', async () => {
    await useRuntimeStore.getState().control('pause');
    expect(host.calls.some((c) => c.name === 'runtime.control')).toBe(false);
    await useRuntimeStore.getState().run();
    host.emit('runtime.status', summary({ runId: 'run-1', status: 'running' }));
    await useRuntimeStore.getState().control('pause');
    useRuntimeStore.getState().sendDriver({ steering: 1, throttle: 0, braking: 0 });
    expect(
      host.calls.filter((c) => c.name !== 'runtime.probe' && c.name !== 'runtime.start'),
    ).toEqual([
      { name: 'runtime.control', params: { runId: 'run-1', cmd: 'pause' } },
      { name: 'runtime.driver', params: { runId: 'run-1', steering: 1, throttle: 0, braking: 0 } },
    ]);
  });
});
