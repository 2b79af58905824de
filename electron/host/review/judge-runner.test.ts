import { describe, expect, it } from 'vitest';
import type { ChatOutcome } from '../../common/contract/llm';
import type { JudgeOptions, ReviewEvent } from '../../common/contract/review';
import type { JudgeMessage } from '../../common/review/judge';
import { loadJudgeResources } from '../llm/prompt-resources';
import { runJudge, type JudgeModel } from './judge-runner';

const { templates, apiDocument } = loadJudgeResources();
const TWIN = 'import pychrono as chrono\nsys = chrono.ChSystemNSC()\n';
const REFERENCE =
  'import pychrono.core as chrono\nsys = chrono.ChSystemNSC()\nsys.SetGravitationalAcceleration(chrono.ChVector3d(0, -9.81, 0))\n';

const ANSWER = `**1. Completeness (40 points)**
- Gravity is not set: -10 points.
Total deductions: 10 points

**2. Correctness (30 points)**
- No deductions.

Final: 100 - 10 = 90
[[90]]`;

type Step =
  | Partial<ChatOutcome>
  | ((requestId: string, signal: { aborted: boolean }) => Partial<ChatOutcome>);

/** A model that answers in turn as scripted and records what it was sent. */
function fakeModel(steps: Step[]) {
  const sent: { requestId: string; model?: string; messages: JudgeMessage[] }[] = [];
  const aborted: string[] = [];
  const model: JudgeModel = {
    async chat(request) {
      sent.push(request);
      const step = steps.shift() ?? {};
      const over =
        typeof step === 'function'
          ? step(request.requestId, { aborted: aborted.includes(request.requestId) })
          : step;
      return {
        requestId: request.requestId,
        model: request.model ?? 'judge:7b',
        state: 'complete',
        answer: ANSWER,
        thinking: '',
        code: null,
        truncation: [],
        notice: null,
        error: null,
        context: null,
        doneReason: 'stop',
        durationMs: 3,
        grounding: null,
        ...over,
      };
    },
    abort: (id) => aborted.push(id),
  };
  return { model, sent, aborted };
}

function options(over: Partial<JudgeOptions> = {}): JudgeOptions {
  return { mode: 'reference', repeats: 1, model: 'judge:7b', ...over };
}

async function judge(
  steps: Step[],
  over: Partial<JudgeOptions> = {},
  signal = new AbortController().signal,
) {
  const fake = fakeModel(steps);
  const events: ReviewEvent[] = [];
  const report = await runJudge(
    {
      requestId: 'r1',
      options: options(over),
      answer: TWIN,
      reference: REFERENCE,
      apiDocument: { text: apiDocument, source: 'TwinForge PyChrono notes' },
      templates,
    },
    fake.model,
    (e) => events.push(e),
    signal,
  );
  return { report, events, ...fake };
}

describe('runJudge', () => {
  it('sends SimBench’s single user message and reads the score and deductions', async () => {
    const { report, sent, events } = await judge([{}]);
    expect(sent).toHaveLength(1);
    expect(sent[0].messages).toHaveLength(1);
    expect(sent[0].messages[0].role).toBe('user');
    expect(sent[0].messages[0].content).toContain('[The Start of Reference Answer]');
    expect(sent[0].messages[0].content).toContain(REFERENCE.trim());
    expect(report.summary.mean).toBe(90);
    const run = report.runs[0];
    expect(run.parse?.ok && run.parse.categories[0].deducted).toBe(10);
    expect(events.map((e) => e.type)).toEqual(['judge-start', 'judge-end', 'judge-done']);
  });

  it('repeats N times and gives the mean and spread', async () => {
    const { report, sent } = await judge(
      [{ answer: '[[80]]' }, { answer: '[[90]]' }, { answer: '[[70]]' }],
      { repeats: 3 },
    );
    expect(sent.map((s) => s.requestId)).toEqual(['r1:judge:1', 'r1:judge:2', 'r1:judge:3']);
    expect(report.summary.scores).toEqual([80, 90, 70]);
    expect(report.summary.mean).toBe(80);
    expect(report.summary.sd).toBe(10);
  });

  it('keeps an answer without a score as a parse failure with its text, never 0', async () => {
    const { report } = await judge(
      [{ answer: 'The script looks fine to me.' }, { answer: '[[60]]' }],
      { repeats: 2 },
    );
    expect(report.runs[0].parse).toMatchObject({ ok: false, text: 'The script looks fine to me.' });
    expect(report.summary).toMatchObject({ scores: [60], parseFailures: 1, mean: 60 });
    expect(report.error).toBeNull();
  });

  it('ends at a server that is down, with its message, and keeps what came before', async () => {
    const down = {
      state: 'error' as const,
      answer: '',
      error: {
        kind: 'unreachable' as const,
        message: 'Cannot reach the Ollama server at http://x.',
      },
    };
    const { report, sent } = await judge([{ answer: '[[55]]' }, down, {}], { repeats: 3 });
    expect(sent).toHaveLength(2);
    expect(report.error).toBe('Cannot reach the Ollama server at http://x.');
    expect(report.summary.scores).toEqual([55]);
    expect(report.runs[1]).toMatchObject({
      parse: null,
      error: 'Cannot reach the Ollama server at http://x.',
    });
  });

  it('stops when asked: the answer in progress is aborted and no more are asked', async () => {
    const controller = new AbortController();
    const { report, aborted, sent } = await judge(
      [
        () => {
          controller.abort();
          return { state: 'stopped', answer: 'Partial' };
        },
        {},
      ],
      { repeats: 2 },
      controller.signal,
    );
    expect(aborted).toEqual(['r1:judge:1']);
    expect(sent).toHaveLength(1);
    expect(report.stopped).toBe(true);
  });

  it('puts the API document in the prompt of the modes that use one', async () => {
    const doc = await judge([{}], { mode: 'document' });
    const content = doc.sent[0].messages[0].content;
    expect(content).not.toContain('[The Start of Reference Answer]');
    expect(content).toContain(apiDocument.slice(0, 200));
    expect(doc.report.apiDocument).toEqual({
      source: 'TwinForge PyChrono notes',
      chars: apiDocument.length,
    });
    const ref = await judge([{}], { mode: 'reference' });
    expect(ref.report.apiDocument).toBeNull();
  });

  it('says why when there is no script to judge, without asking the model', async () => {
    const fake = fakeModel([]);
    const report = await runJudge(
      {
        requestId: 'r',
        options: options(),
        answer: '  \n',
        reference: REFERENCE,
        apiDocument: null,
        templates,
      },
      fake.model,
      () => undefined,
      new AbortController().signal,
    );
    expect(fake.sent).toHaveLength(0);
    expect(report.error).toBe('There is no script to judge.');
  });
});
