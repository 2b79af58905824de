import { describe, expect, it } from 'vitest';
import type { ErrorMessage } from '../../common/stream';
import { memoryLimitReason, RunTracker } from './run-tracker';

const hello = {
  type: 'hello' as const,
  protocol: 1,
  python: '3.11',
  pychrono: '9.0.1',
  modules: {} as never,
  dataPath: null,
};

describe('RunTracker', () => {
  it('goes from starting to running on hello and takes end as the outcome', () => {
    const t = new RunTracker('r', 0);
    expect(t.current).toBe('starting');
    expect(t.onMessage(hello)).toBe(true);
    expect(t.current).toBe('running');
    t.onFrame(0.5);
    t.onFrame(1.0);
    t.onMessage({ type: 'end', status: 'limit', reason: 'sim time 1 s', simTime: 1, steps: 500 });
    t.onExit(0, null, 2000);
    expect(t.summary(5000)).toMatchObject({
      status: 'limit',
      reason: 'sim time 1 s',
      simTime: 1,
      frames: 2,
      wallTime: 2,
      realtimeFactor: 0.5,
    });
  });

  it('calls an exit without end a crash, naming the signal', () => {
    const t = new RunTracker('r', 0);
    t.onMessage(hello);
    t.onFrame(0.25);
    expect(t.onExit(null, 'SIGSEGV', 1000)).toBe(true);
    const s = t.summary(1000);
    expect(s.status).toBe('crashed');
    expect(s.reason).toBe('killed by SIGSEGV (segmentation fault)');
    expect(s.frames).toBe(1);
  });

  it('names the exit code when there was no signal', () => {
    const t = new RunTracker('r', 0);
    t.onExit(1, null, 10);
    expect(t.summary(10).reason).toBe('exited with code 1 before ending the run');
  });

  it('reports a run killed after a stop request as stopped, not crashed', () => {
    const t = new RunTracker('r', 0);
    t.onMessage(hello);
    t.onStopRequested('stopped', 'stopped by the user');
    t.onExit(null, 'SIGTERM', 100);
    expect(t.summary(100)).toMatchObject({ status: 'stopped', reason: 'stopped by the user' });
  });

  it('keeps the error and its missing module', () => {
    const t = new RunTracker('r', 0);
    const error: ErrorMessage = {
      type: 'error',
      errorType: 'ModuleNotFoundError',
      message: 'pychrono.sensor needs CUDA',
      line: 3,
      traceback: '',
      missingModule: 'sensor',
      phase: 'run',
    };
    t.onMessage(error);
    t.onMessage({ type: 'end', status: 'error', reason: 'error', simTime: 0, steps: 0 });
    expect(t.summary(1)).toMatchObject({ status: 'error', error, missingModule: 'sensor' });
  });

  it('leaves paused time out of the wall time and the real-time factor', () => {
    const t = new RunTracker('r', 0);
    t.onMessage(hello);
    t.onFrame(1);
    expect(t.onPause(1000)).toBe(true);
    expect(t.current).toBe('paused');
    expect(t.summary(4000).wallTime).toBe(1);
    expect(t.onResume(4000)).toBe(true);
    expect(t.summary(5000)).toMatchObject({ wallTime: 2, realtimeFactor: 0.5 });
  });

  it('takes a clean exit after end as the end, and no later control changes it', () => {
    const t = new RunTracker('r', 0);
    t.onMessage({ type: 'end', status: 'finished', reason: 'done', simTime: 1, steps: 1 });
    expect(t.onPause(10)).toBe(false);
    expect(t.onExit(0, null, 10)).toBe(false);
    expect(t.current).toBe('finished');
    const e = new RunTracker('e', 0);
    e.onMessage({ type: 'end', status: 'error', reason: 'boom', simTime: 0, steps: 0 });
    e.onExit(1, null, 10);
    expect(e.summary(10)).toMatchObject({ status: 'error', reason: 'boom' });
  });

  it('trusts the exit over the stream: an end followed by a crash is a crash', () => {
    const segv = new RunTracker('r', 0);
    segv.onMessage({ type: 'end', status: 'finished', reason: 'done', simTime: 1, steps: 1 });
    expect(segv.onExit(null, 'SIGSEGV', 10)).toBe(true);
    expect(segv.summary(10)).toMatchObject({
      status: 'crashed',
      reason: 'killed by SIGSEGV (segmentation fault) after reporting "finished"',
    });
    const code = new RunTracker('c', 0);
    code.onMessage({ type: 'end', status: 'finished', reason: 'done', simTime: 1, steps: 1 });
    code.onExit(7, null, 10);
    expect(code.summary(10)).toMatchObject({
      status: 'crashed',
      reason: 'exited with code 7 after reporting "finished"',
    });
    // An error outcome exits with 1; a "finished" that exits with 1 is not believed either.
    const one = new RunTracker('o', 0);
    one.onMessage({ type: 'end', status: 'finished', reason: 'done', simTime: 1, steps: 1 });
    one.onExit(1, null, 10);
    expect(one.current).toBe('crashed');
  });

  it('ends a run over its memory limit as an error that names the limit', () => {
    const t = new RunTracker('r', 0);
    t.onHeld({ confined: false, memory: 'cgroup', memoryMiB: 1024 });
    t.onMessage(hello);
    expect(
      t.onMemoryLimit(memoryLimitReason({ confined: false, memory: 'cgroup', memoryMiB: 1024 })),
    ).toBe(true);
    t.onExit(null, 'SIGKILL', 10);
    expect(t.summary(10)).toMatchObject({
      status: 'error',
      reason: 'the run used more than its 1 GiB memory limit (cgroup)',
      isolation: { memory: 'cgroup', memoryMiB: 1024 },
    });
  });

  it('names the per-process limit when a MemoryError ends a run held by RLIMIT_AS', () => {
    const t = new RunTracker('r', 0);
    t.onHeld({ confined: false, memory: 'rlimit-as', memoryMiB: 1536 });
    t.onMessage({
      type: 'error',
      errorType: 'MemoryError',
      message: '',
      line: 2,
      traceback: '',
      missingModule: null,
      phase: 'run',
    });
    t.onMessage({ type: 'end', status: 'error', reason: 'MemoryError: ', simTime: 0, steps: 0 });
    t.onExit(1, null, 10);
    expect(t.summary(10).reason).toBe(
      'a process of the run used more than its 1.5 GiB memory limit (RLIMIT_AS, per process): MemoryError: ',
    );
  });
});
