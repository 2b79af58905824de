import { describe, expect, it } from 'vitest';
import type { Caller } from '../../common/contract';
import type { ChatOutcome, ChatRequest } from '../../common/contract/llm';
import type { RepairEvent, RepairRequest } from '../../common/contract/repair';
import type { RunSummary } from '../../common/contract/runtime';
import { runRepairLoop, type LoopServices } from './repair-loop';

const caller: Caller = { owner: 'cli:test' };

function summary(runId: string, over: Partial<RunSummary> = {}): RunSummary {
  return {
    runId,
    lane: 'twin',
    status: 'finished',
    reason: '',
    simTime: 1,
    wallTime: 0.1,
    realtimeFactor: 10,
    frames: 5,
    error: null,
    missingModule: null,
    bodies: 2,
    items: 2,
    ...over,
  };
}

const failing = (runId: string, message: string, line = 3): RunSummary =>
  summary(runId, {
    status: 'error',
    error: {
      type: 'error',
      errorType: 'AttributeError',
      message,
      line,
      traceback: '',
      missingModule: null,
      phase: 'run',
    },
  });

function answer(request: ChatRequest, code: string | null, over: Partial<ChatOutcome> = {}) {
  return {
    requestId: request.requestId,
    model: 'm',
    state: 'complete',
    answer: code === null ? 'no idea' : '```python\n' + code + '\n```',
    thinking: '',
    code,
    truncation: [],
    notice: null,
    error: null,
    context: null,
    doneReason: 'stop',
    durationMs: 5,
    grounding: null,
    ...over,
  } satisfies ChatOutcome;
}

/** Services whose runs end as `outcomes(script)` says and whose model answers in turn. */
function fakes(
  outcomes: (script: string, runId: string) => RunSummary,
  answers: Array<(r: ChatRequest) => ChatOutcome>,
) {
  const calls = {
    chats: [] as ChatRequest[],
    runs: [] as string[],
    stopped: [] as string[],
    projects: [] as Array<string | undefined>,
  };
  const pending = new Map<string, (s: RunSummary) => void>();
  let n = 0;
  const services: LoopServices = {
    async chat(request) {
      calls.chats.push(request);
      const next = answers.shift();
      if (!next) throw new Error('no answer scripted');
      return next(request);
    },
    abortChat: () => undefined,
    async startRun({ script, projectId }) {
      const runId = `run-${++n}`;
      calls.runs.push(script);
      calls.projects.push(projectId);
      return { runId };
    },
    waitForRun(runId) {
      const script = calls.runs[Number(runId.slice(4)) - 1];
      if (script.includes('loop forever')) {
        return new Promise((resolve) => pending.set(runId, resolve));
      }
      return Promise.resolve(outcomes(script, runId));
    },
    stopRun(runId) {
      calls.stopped.push(runId);
      pending.get(runId)?.(summary(runId, { status: 'stopped' }));
    },
  };
  return { services, calls };
}

const request = (over: Partial<RepairRequest> = {}): RepairRequest => ({
  requestId: 'r1',
  script: 'bad script',
  history: [],
  lane: 'twin',
  ground: true,
  ...over,
});

async function loop(
  req: RepairRequest,
  services: LoopServices,
  maxAttempts = 3,
  signal = new AbortController().signal,
) {
  const events: RepairEvent[] = [];
  const result = await runRepairLoop(
    req,
    maxAttempts,
    caller,
    services,
    (e) => events.push(e),
    signal,
  );
  return { result, events, types: events.map((e) => e.type) };
}

describe('the repair loop', () => {
  it('runs a working script once and asks nothing', async () => {
    const { services, calls } = fakes((_, id) => summary(id), []);
    const { result, types } = await loop(request({ script: 'good' }), services);
    expect(result).toMatchObject({ status: 'runs', script: 'good', reason: null });
    expect(result.attempts).toHaveLength(1);
    expect(types).toEqual(['run-start', 'run-end', 'done']);
    expect(calls.chats).toHaveLength(0);
  });

  it('sends the error with its line, runs the fix, and ends fixed', async () => {
    const { services, calls } = fakes(
      (script, id) =>
        script === 'bad script' ? failing(id, 'no attribute SetBodyFixed') : summary(id),
      [(r) => answer(r, 'fixed script')],
    );
    const { result, events, types } = await loop(request(), services);
    expect(types).toEqual([
      'run-start',
      'run-end',
      'asking',
      'proposal',
      'run-start',
      'run-end',
      'done',
    ]);
    expect(result).toMatchObject({ status: 'fixed', script: 'fixed script' });
    expect(calls.chats[0]).toMatchObject({ kind: 'repair', script: 'bad script' });
    expect(calls.chats[0].failure).toMatchObject({ line: 3 });
    // The repair hears what the failed run did (the host looks the run up by its id).
    expect(calls.chats[0].grounding).toEqual({ runId: 'run-1', api: true });
    expect(events.find((e) => e.type === 'proposal')).toMatchObject({
      before: 'bad script',
      after: 'fixed script',
    });
    expect(result.attempts.map((a) => a.failure === null)).toEqual([false, true]);
    expect(result.attempts[0].repair?.code).toBe('fixed script');
  });

  it("records every run it makes into the request's project", async () => {
    const { services, calls } = fakes(
      (script, id) => (script === 'bad script' ? failing(id, 'boom') : summary(id)),
      [(r) => answer(r, 'fixed script')],
    );
    await loop(request({ projectId: 'p-1' }), services);
    expect(calls.projects).toEqual(['p-1', 'p-1']);
  });

  it('gives up when the fix brings back the same error', async () => {
    const { services } = fakes(
      (_, id) => failing(id, 'no attribute SetBodyFixed'),
      [(r) => answer(r, 'another try')],
    );
    const { result, events } = await loop(request(), services);
    expect(result).toMatchObject({ status: 'failed', reason: 'same-error' });
    expect(events.find((e) => e.type === 'diagnosis')).toMatchObject({ reason: 'same-error' });
  });

  it('gives up when the model returns the script unchanged, or no script', async () => {
    const same = fakes((_, id) => failing(id, 'x'), [(r) => answer(r, 'bad script')]);
    expect((await loop(request(), same.services)).result.reason).toBe('same-code');
    const none = fakes((_, id) => failing(id, 'x'), [(r) => answer(r, null)]);
    expect((await loop(request(), none.services)).result.reason).toBe('no-code');
  });

  it('stops after the allowed attempts', async () => {
    let k = 0;
    const { services, calls } = fakes(
      (_, id) => failing(id, `error number ${++k}`),
      [1, 2].map((i) => (r: ChatRequest) => answer(r, `try ${i}`)),
    );
    const { result } = await loop(request(), services, 2);
    expect(result).toMatchObject({ status: 'failed', reason: 'exhausted' });
    expect(calls.runs).toEqual(['bad script', 'try 1', 'try 2']);
  });

  it('does not try to fix a module the install lacks', async () => {
    const { services, calls } = fakes(
      (_, id) => ({ ...failing(id, 'No module named pychrono.sensor'), missingModule: 'sensor' }),
      [],
    );
    expect((await loop(request(), services)).result.reason).toBe('missing-module');
    expect(calls.chats).toHaveLength(0);
  });

  it('writes the script from a prompt first, and records a server error as the diagnosis', async () => {
    const ok = fakes((_, id) => summary(id), [(r) => answer(r, 'generated')]);
    const { result, types } = await loop(
      request({ script: null, prompt: 'a pendulum' }),
      ok.services,
    );
    expect(types).toEqual(['generating', 'generated', 'run-start', 'run-end', 'done']);
    expect(result).toMatchObject({ status: 'runs', script: 'generated' });
    expect(result.generated?.code).toBe('generated');
    expect(ok.calls.chats[0]).toMatchObject({ kind: 'write', prompt: 'a pendulum' });

    const down = fakes(
      (_, id) => summary(id),
      [
        (r) =>
          answer(r, null, {
            state: 'error',
            error: { kind: 'unreachable', message: 'server down' },
          }),
      ],
    );
    const failed = await loop(request({ script: null, prompt: 'a pendulum' }), down.services);
    expect(failed.result).toMatchObject({
      status: 'failed',
      reason: 'server',
      diagnosis: 'server down',
    });
  });

  it('stops the run in progress when cancelled', async () => {
    const { services, calls } = fakes((_, id) => summary(id), []);
    const controller = new AbortController();
    const pending = loop(request({ script: 'loop forever' }), services, 3, controller.signal);
    await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    const { result, types } = await pending;
    expect(result.status).toBe('stopped');
    expect(calls.stopped).toEqual(['run-1']);
    expect(types.at(-1)).toBe('done');
  });
});
