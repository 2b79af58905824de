import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewReport, ReviewTaskTurnText } from '../../../../electron/common/contract/review';
import { createTestHost, type TestHost } from '../../testing/test-host';
import { connectReview, resetReviewStore, useReviewStore } from './review-store';

const TURN: ReviewTaskTurnText = {
  dir: '/tasks/pendulum',
  task: 'pendulum',
  turn: 1,
  prompt: 'Make a simple pendulum.',
  reference: '# the expert\nimport pychrono\n',
  referencePath: '/tasks/pendulum/truth1.py',
  cleaned: 'import pychrono',
  startScript: null,
  startPath: null,
};

function emptyReport(requestId: string): ReviewReport {
  return {
    requestId,
    createdAt: new Date(0).toISOString(),
    durationMs: 1,
    status: 'done',
    twin: { scriptPath: null, lines: 1, run: null },
    reference: { scriptPath: TURN.referencePath, lines: 2, run: null },
    limits: null,
    similarity: null,
    scene: null,
    items: null,
    systems: null,
    gap: null,
    judge: null,
    notes: [],
  };
}

let host: TestHost;
let disconnect: () => void;

beforeEach(() => {
  resetReviewStore();
  host = createTestHost({
    'review.tasks': ({ dir }) => ({
      dir,
      tasks: [{ name: 'pendulum', dir, turns: [{ turn: 1, available: true, missing: [] }] }],
    }),
    'review.task': () => TURN,
  });
  disconnect = connectReview(host);
});
afterEach(() => disconnect());

describe('the review store', () => {
  it('attaches a SimBench turn and sends its stored cleaned text with the review', async () => {
    const store = useReviewStore.getState();
    await store.listTasks('/tasks/pendulum');
    expect(useReviewStore.getState().tasks?.tasks[0].name).toBe('pendulum');
    await store.attachTask('/tasks/pendulum', 'pendulum', 1);
    expect(useReviewStore.getState().reference).toMatchObject({
      kind: 'simbench',
      task: 'pendulum',
      prompt: 'Make a simple pendulum.',
      cleaned: 'import pychrono',
    });
    let sent: Record<string, unknown> | null = null;
    host.handlers['review.compare'] = (params) => {
      sent = params as Record<string, unknown>;
      return emptyReport((params as { requestId: string }).requestId);
    };
    useReviewStore
      .getState()
      .setOptions({ simTime: 3, judge: true, judgeModel: 'judge:7b', repeats: 2 });
    await useReviewStore
      .getState()
      .review({ script: 'import pychrono as c\n', scriptPath: '/w/twin.py' });
    expect(sent).toMatchObject({
      twin: { script: 'import pychrono as c\n', scriptPath: '/w/twin.py' },
      reference: {
        script: TURN.reference,
        scriptPath: TURN.referencePath,
        cleaned: 'import pychrono',
      },
      run: true,
      limits: { simTime: 3 },
      judge: { model: 'judge:7b', mode: 'reference', repeats: 2, apiDocumentPath: null },
    });
    expect(useReviewStore.getState().report?.requestId).toBe(
      (sent as unknown as { requestId: string }).requestId,
    );
    expect(useReviewStore.getState().progress?.running).toBe(false);
  });

  it('shows each part as its event comes, and streams only the current judge answer', async () => {
    useReviewStore
      .getState()
      .attachFile({ name: 'ref.py', path: '/r/ref.py', text: 'x = 1\n', ref: null });
    let finish: (report: ReviewReport) => void = () => undefined;
    host.handlers['review.compare'] = () =>
      new Promise<ReviewReport>((resolve) => (finish = resolve));
    const reviewing = useReviewStore.getState().review({ script: 'x = 2\n', scriptPath: null });
    const requestId = useReviewStore.getState().progress?.requestId as string;
    expect(useReviewStore.getState().progress?.running).toBe(true);

    host.emit('review.event', {
      requestId: 'someone-else',
      event: { type: 'note', text: 'not mine' },
    });
    host.emit('review.event', { requestId, event: { type: 'note', text: 'The twin failed.' } });
    host.emit('review.event', {
      requestId,
      event: {
        type: 'judge-start',
        index: 1,
        of: 2,
        chatRequestId: `${requestId}:judge:1`,
        model: 'm',
      },
    });
    host.emit('llm.token', {
      requestId: `${requestId}:judge:1`,
      content: 'Completeness: ',
      thinking: '',
    });
    host.emit('llm.token', { requestId: 'a-chat', content: 'not the judge', thinking: '' });
    host.emit('llm.token', { requestId: `${requestId}:judge:1`, content: '-5', thinking: '' });
    const progress = useReviewStore.getState().progress;
    expect(progress?.notes).toEqual(['The twin failed.']);
    expect(progress?.judgeStream).toMatchObject({ index: 1, of: 2, text: 'Completeness: -5' });

    finish(emptyReport(requestId));
    await reviewing;
    expect(useReviewStore.getState().progress?.judgeStream).toBeNull();
  });

  it('stops the review it runs, and says when the host refuses', async () => {
    useReviewStore
      .getState()
      .attachFile({ name: 'ref.py', path: null, text: 'x = 1\n', ref: null });
    host.handlers['review.cancel'] = () => ({ ok: true });
    host.handlers['review.compare'] = () => new Promise<ReviewReport>(() => undefined);
    void useReviewStore.getState().review({ script: 'x', scriptPath: null });
    useReviewStore.getState().cancel();
    const cancel = host.calls.find((c) => c.name === 'review.cancel');
    expect(cancel?.params).toEqual({ requestId: useReviewStore.getState().progress?.requestId });

    resetReviewStore();
    useReviewStore
      .getState()
      .attachFile({ name: 'ref.py', path: null, text: 'x = 1\n', ref: null });
    host.handlers['review.compare'] = () =>
      Promise.reject(new Error('No Python interpreter found.'));
    await useReviewStore.getState().review({ script: 'x', scriptPath: null });
    expect(useReviewStore.getState().error).toBe(
      'The review could not be made: No Python interpreter found.',
    );
  });

  it('says why a tasks folder cannot be listed', async () => {
    host.handlers['review.tasks'] = () =>
      Promise.reject(new Error('Cannot read the folder /nope: ENOENT'));
    await useReviewStore.getState().listTasks('/nope');
    expect(useReviewStore.getState().tasksError).toBe('Cannot read the folder /nope: ENOENT');
    await useReviewStore.getState().listTasks('  ');
    expect(useReviewStore.getState().tasksError).toMatch(/Type the folder/);
  });
});
