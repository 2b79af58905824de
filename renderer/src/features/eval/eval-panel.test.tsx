import '../../testing/jsdom-shims';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHost, type TestHost } from '../../testing/test-host';
import { useModelStore, connectModels } from '../chat/model-store';
import { EvalDialog } from './EvalDialog';
import { DEFAULT_FORM, connectEval, useEvalStore } from './eval-store';
import { CELLS, OUT, cellView, progress, resultsView } from './eval-test-data';
import { claimReviewRequest, useReviewRequest } from './open-review';

let host: TestHost;
let disconnect: () => void;

beforeEach(() => {
  host = createTestHost({
    'eval.active': () => ({ evals: [] }),
    'eval.tasks': ({ dir }) => ({
      dir,
      tasks: [
        {
          name: 'pendulum',
          dir: `${dir}/pendulum`,
          category: 'mbs',
          turns: [1, 2, 3],
          missing: [],
          contract: 'builtin',
          contractProblem: null,
        },
        {
          name: 'beam',
          dir: `${dir}/beam`,
          category: 'fea',
          turns: [1, 3],
          missing: ['pyinput2.py'],
          contract: null,
          contractProblem: null,
        },
      ],
      skipped: [{ name: 'notes', missing: ['input1.txt', 'truth1.py'] }],
      defaultOutDir: OUT,
    }),
    'eval.results': () => resultsView(),
    'eval.start': () => ({
      evalId: 'x',
      outDir: OUT,
      total: 3,
      skipped: 0,
      missingModels: ['codestral:22b'],
      unknownTasks: [],
    }),
    'eval.cancel': () => ({ ok: true }),
    'eval.cell': () => cellView(),
    'llm.models': () => ({
      models: ['qwen2.5-coder:7b', 'llama3.1:8b'].map((name) => ({
        name,
        sizeBytes: 1,
        family: null,
        parameterSize: null,
        quantization: null,
        modifiedAt: null,
      })),
    }),
    'llm.ps': () => ({ models: [] }),
    'llm.pull': ({ pullId }) => ({ pullId }),
  });
  const offEval = connectEval(host);
  const offModels = connectModels(host);
  disconnect = () => {
    offEval();
    offModels();
  };
});
afterEach(() => {
  cleanup();
  disconnect();
  useEvalStore.setState({
    form: DEFAULT_FORM,
    listing: null,
    progress: null,
    results: null,
    cell: null,
    startError: null,
  });
  useModelStore.setState({ models: [], pulls: {} });
  useReviewRequest.setState({ request: null });
});

async function open() {
  render(<EvalDialog host={host} onClose={() => undefined} />);
  await act(async () => undefined);
}

describe('the evaluation panel', () => {
  it('lists a task folder, sends the chosen models, tasks and turns to eval.start, and offers a missing model for pull', async () => {
    await open();
    fireEvent.change(screen.getByTestId('eval-tasks-dir'), { target: { value: '/tasks' } });
    await act(async () => fireEvent.click(screen.getByTestId('eval-list')));
    expect(screen.getByTestId('eval-task-list').textContent).toContain('2 tasks');
    expect(screen.getByTestId('eval-skipped').textContent).toContain(
      'notes (lacks input1.txt, truth1.py)',
    );
    expect((screen.getByTestId('eval-start') as HTMLButtonElement).disabled).toBe(true); // no model yet

    fireEvent.click(screen.getByTestId('eval-task-pendulum'));
    fireEvent.click(screen.getByTestId('eval-model-qwen2.5-coder:7b'));
    fireEvent.click(screen.getByTestId('eval-turn-3'));
    fireEvent.change(screen.getByTestId('eval-judge'), { target: { value: 'llama3.1:8b' } });
    await act(async () => fireEvent.click(screen.getByTestId('eval-start')));
    const start = host.calls.find((c) => c.name === 'eval.start')!.params;
    expect(start).toMatchObject({
      tasksDir: '/tasks',
      models: ['qwen2.5-coder:7b'],
      tasks: ['pendulum'],
      turns: [1, 2],
      attempts: 1,
      judge: { model: 'llama3.1:8b', mode: 'reference' },
      chain: false,
    });

    // The server lacks a model: the panel offers the model dialog's pull.
    const missing = screen.getByTestId('eval-missing-model');
    expect(missing.textContent).toContain('codestral:22b is not on the model server');
    await act(async () => fireEvent.click(within(missing).getByTestId('eval-pull')));
    expect(
      host.calls.some(
        (c) => c.name === 'llm.pull' && (c.params as { model: string }).model === 'codestral:22b',
      ),
    ).toBe(true);
  });

  it('follows the progress with its ETA, folds finished cells into the leaderboard, and stops', async () => {
    useEvalStore.setState({ results: resultsView([]) });
    await open();
    act(() => host.emit('eval.progress', progress()));
    expect(screen.getByTestId('eval-progress').textContent).toContain('0/3 cells');
    act(() =>
      host.emit(
        'eval.progress',
        progress({ done: 1, etaSeconds: 190, cell: CELLS[0], message: 'pendulum turn 1: runs' }),
      ),
    );
    expect(screen.getByTestId('eval-progress').textContent).toContain('1/3 cells · ETA 3 min 10 s');
    const row = screen.getAllByTestId('eval-leaderboard-row')[0];
    expect(row.textContent).toContain('qwen2.5-coder:7b');
    expect(row.textContent).toContain('100.0%');
    await act(async () => fireEvent.click(screen.getByTestId('eval-cancel')));
    expect(host.calls.some((c) => c.name === 'eval.cancel')).toBe(true);
    act(() =>
      host.emit(
        'eval.progress',
        progress({ state: 'stopped', done: 1, message: 'Stopped: 1 of 3 cells done and saved' }),
      ),
    );
    expect(screen.getByTestId('eval-progress').getAttribute('data-state')).toBe('stopped');
  });

  it('opens a cell from the grid and hands its answer and reference to the review', async () => {
    useEvalStore.setState({ results: resultsView() });
    await open();
    fireEvent.click(screen.getByTestId('eval-tab-grid'));
    const grid = screen.getByTestId('eval-grid');
    expect(grid.textContent).toContain('llama3.1:8b');
    await act(async () =>
      fireEvent.click(
        within(grid).getByRole('button', { name: 'qwen2.5-coder:7b, pendulum turn 1' }),
      ),
    );
    expect(host.calls.find((c) => c.name === 'eval.cell')?.params).toEqual({
      outDir: OUT,
      model: 'qwen2.5-coder:7b',
      task: 'pendulum',
      turn: 1,
    });
    expect(screen.getByTestId('eval-reference').textContent).toContain('# the truth');
    fireEvent.click(screen.getByTestId('eval-open-review'));
    const request = claimReviewRequest();
    expect(request).toMatchObject({
      title: 'qwen2.5-coder:7b · pendulum turn 1',
      twin: { script: 'import pychrono as chrono\n' },
      reference: {
        script: 'import pychrono.core as chrono\n# the truth\n',
        path: '/tasks/pendulum/truth1.py',
      },
      source: { kind: 'eval-cell', outDir: OUT, task: 'pendulum', turn: 1 },
    });
    expect(useReviewRequest.getState().request).toBeNull();
  });

  it('draws a bar per model for each figure and exports SimBench-compatible CSV', async () => {
    useEvalStore.setState({ results: resultsView() });
    await open();
    fireEvent.click(screen.getByTestId('eval-tab-charts'));
    const charts = screen.getAllByTestId('eval-chart');
    // One attempt per cell: pass@k is pass@1, so it has no chart of its own.
    expect(charts.map((c) => c.querySelector('figcaption')?.textContent)).toEqual([
      'pass@1',
      'CodeBLEU',
      'ROUGE-Lsum',
    ]);
    expect(charts[0].querySelectorAll('.eval-chart-bar')).toHaveLength(2);
    await act(async () => fireEvent.click(screen.getByTestId('eval-export-csv')));
    const saved = host.saved[0];
    expect(saved.suggestedName).toBe('results.csv');
    expect(
      saved.text.split('\n')[0].startsWith('model,system,round,codebleu,ngram_match_score'),
    ).toBe(true);
    expect(saved.text.trim().split('\n')).toHaveLength(4);
  });
});
