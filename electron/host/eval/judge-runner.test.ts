import { describe, expect, it } from 'vitest';
import type { ChatOutcome } from '../../common/contract/llm';
import { loadJudgeResources } from '../llm/prompt-resources';
import { JudgeServerError, runJudge, type JudgeRequest } from './judge-runner';

const worker = { owner: 'eval:test' };
const request: JudgeRequest = {
  requestId: 'e1:judge:m:pendulum:1',
  model: 'judge-model',
  mode: 'reference',
  answer: 'import pychrono as chrono\n',
  reference: 'import pychrono as chrono\nsys = chrono.ChSystemNSC()\n',
  apiDocument: 'notes',
  templates: loadJudgeResources().templates,
};

function outcome(over: Partial<ChatOutcome>): ChatOutcome {
  return {
    requestId: 'r',
    model: 'judge-model',
    state: 'complete',
    answer: '',
    thinking: '',
    code: null,
    truncation: [],
    notice: null,
    error: null,
    context: null,
    doneReason: 'stop',
    durationMs: 5,
    grounding: null,
    ...over,
  };
}

function llm(answer: ChatOutcome) {
  const asked: { owner: string; sampling: unknown }[] = [];
  return {
    asked,
    plainChat: async (r: { sampling?: unknown }, caller: { owner: string }) => {
      asked.push({ owner: caller.owner, sampling: r.sampling });
      return answer;
    },
    abort: () => false,
  };
}

describe('the evaluation judge', () => {
  const signal = new AbortController().signal;

  it('reads the score of one judgement, asked as the evaluation worker with SimBench sampling', async () => {
    const fake = llm(outcome({ answer: 'Deductions…\n[[72]]' }));
    const judged = await runJudge(fake, worker, request, signal);
    expect(judged).toMatchObject({ ok: true, score: 72, parser: 'strict', model: 'judge-model' });
    expect(fake.asked).toEqual([
      { owner: 'eval:test', sampling: expect.objectContaining({ temperature: 0.2, topP: 0.7 }) },
    ]);
  });

  it('keeps an answer without a score as a result with its text, never 0', async () => {
    const judged = await runJudge(
      llm(outcome({ answer: 'Looks fine to me.' })),
      worker,
      request,
      signal,
    );
    expect(judged).toMatchObject({ ok: false, score: null, text: 'Looks fine to me.' });
    expect(judged.reason).toMatch(/no score/);
  });

  it('throws for a server that fails, so the cell is judged again later', async () => {
    const down = outcome({
      state: 'error',
      error: { kind: 'unreachable', message: 'The model server is not reachable' },
    });
    await expect(runJudge(llm(down), worker, request, signal)).rejects.toBeInstanceOf(
      JudgeServerError,
    );
  });

  it('records a prompt too long for the judge as a failed judgement, not a server error', async () => {
    const long = outcome({
      state: 'error',
      error: { kind: 'context-too-long', message: 'The request needs about 40,000 tokens' },
    });
    const judged = await runJudge(llm(long), worker, request, signal);
    expect(judged).toMatchObject({ ok: false, reason: 'The request needs about 40,000 tokens' });
  });

  it('judges nothing when the answer holds no code', async () => {
    const fake = llm(outcome({ answer: '[[90]]' }));
    const judged = await runJudge(fake, worker, { ...request, answer: '  ' }, signal);
    expect(judged).toMatchObject({ ok: false, reason: 'The answer holds no code to judge.' });
    expect(fake.asked).toEqual([]);
  });
});
