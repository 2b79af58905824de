import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../contract';
import { runFailure } from './run-failure';

const summary = (s: Partial<RunSummary>): RunSummary => ({
  runId: 'r',
  lane: 'twin',
  bodies: null,
  items: null,
  status: 'finished',
  reason: '',
  simTime: 1,
  wallTime: 1,
  realtimeFactor: 1,
  frames: 10,
  error: null,
  missingModule: null,
  ...s,
});
const script = 'import pychrono as chrono\nb = chrono.ChBody()\nb.SetBodyFixed(True)\n';

describe('runFailure', () => {
  it('reports an exception with its line and the source line', () => {
    const f = runFailure(
      summary({
        status: 'error',
        error: {
          type: 'error',
          errorType: 'AttributeError',
          message: "'ChBody' object has no attribute 'SetBodyFixed'",
          line: 3,
          traceback: '',
          missingModule: null,
          phase: 'run',
        },
      }),
      script,
    );
    expect(f).toEqual({
      message: "AttributeError: 'ChBody' object has no attribute 'SetBodyFixed'",
      line: 3,
      lineText: 'b.SetBodyFixed(True)',
    });
  });

  it('reports a crash', () => {
    expect(
      runFailure(summary({ status: 'crashed', reason: 'signal SIGSEGV' }), script)?.message,
    ).toMatch(/crashed \(signal SIGSEGV\)/);
  });

  it('reports a run whose scene stayed empty', () => {
    const empty = summary({ status: 'finished', bodies: 0, items: 0 });
    expect(runFailure(empty, script)?.message).toMatch(/no bodies/);
  });

  it('accepts a run with bodies, an FEA scene of meshes only, and one stopped by the user', () => {
    expect(runFailure(summary({ status: 'limit', bodies: 3, items: 4 }), script)).toBeNull();
    expect(runFailure(summary({ status: 'finished', bodies: 0, items: 2 }), script)).toBeNull();
    expect(runFailure(summary({ status: 'stopped', bodies: 0, items: 0 }), script)).toBeNull();
  });
});
