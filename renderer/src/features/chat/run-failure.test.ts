import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../../electron/common/contract';
import { runFailure, SceneBodies } from './run-failure';

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
      1,
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
      runFailure(summary({ status: 'crashed', reason: 'signal SIGSEGV' }), null, script)?.message,
    ).toMatch(/crashed \(signal SIGSEGV\)/);
  });

  it('reports a run that made no bodies', () => {
    expect(runFailure(summary({ status: 'finished' }), 0, script)?.message).toMatch(/no bodies/);
  });

  it('accepts a run with bodies, and one stopped by the user', () => {
    expect(runFailure(summary({ status: 'limit' }), 3, script)).toBeNull();
    expect(runFailure(summary({ status: 'stopped' }), 0, script)).toBeNull();
  });
});

describe('SceneBodies', () => {
  it('counts bodies across a full scene and its diffs', () => {
    const s = new SceneBodies();
    expect(s.count('r')).toBeNull();
    s.onScene('r', {
      full: true,
      add: [
        { key: 1, kind: 'body' },
        { key: 2, kind: 'link' },
      ],
      remove: [],
    });
    s.onScene('r', { full: false, add: [{ key: 3, kind: 'body' }], remove: [1] });
    expect(s.count('r')).toBe(1);
  });
});
