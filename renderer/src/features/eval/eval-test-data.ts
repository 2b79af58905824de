// Results and progress as the host sends them, for the panel's tests.
import type {
  EvalCellView,
  EvalProgress,
  EvalResultsView,
} from '../../../../electron/common/contract/eval';
import type { CellRecord } from '../../../../electron/common/eval/cell-record';
import { leaderboard } from '../../../../electron/common/eval/leaderboard';
import { cell } from '../../../../electron/common/eval/test-cells';

export const OUT = '/data/evals/tasks';

export const CELLS = [
  cell({ model: 'qwen2.5-coder:7b', task: 'pendulum', turn: 1, pass1: true, passK: true }),
  cell({
    model: 'qwen2.5-coder:7b',
    task: 'pendulum',
    turn: 2,
    pass1: false,
    passK: false,
    compile: false,
  }),
  cell({ model: 'llama3.1:8b', task: 'pendulum', turn: 1, pass1: false, passK: false }),
];

export function resultsView(cells = CELLS): EvalResultsView {
  return {
    outDir: OUT,
    settings: {
      format: 'twinforge-eval/1',
      tasksDir: '/tasks',
      protocol: 'simbench',
      attempts: 1,
      simTime: 5,
      wallTime: 120,
      createdAt: '',
      updatedAt: '',
    },
    leaderboard: leaderboard(cells),
    cells,
    categories: ['mbs'],
    problems: [],
  };
}

export function progress(over: Partial<EvalProgress> = {}): EvalProgress {
  return {
    evalId: 'e1',
    outDir: OUT,
    state: 'running',
    message: 'qwen2.5-coder:7b · pendulum turn 1: asking the model',
    model: 'qwen2.5-coder:7b',
    task: 'pendulum',
    turn: 1,
    total: 3,
    done: 0,
    skipped: 0,
    failed: 0,
    judgeTotal: 0,
    judgeDone: 0,
    elapsedMs: 0,
    etaSeconds: null,
    etaPartial: false,
    missingModels: [],
    cell: null,
    ...over,
  };
}

export function cellView(): EvalCellView {
  const record = {
    ...CELLS[0],
    prompt: 'Create a simple pendulum',
    startScript: null,
    answer: {
      text: 'Here:\n```python\nimport pychrono as chrono\n```',
      code: 'import pychrono as chrono\n',
      notice: null,
      promptTokens: 10,
      answerTokens: 20,
      durationMs: 1000,
      tokensPerSecond: 20,
    },
    repairedScript: null,
    judge: null,
  } as unknown as CellRecord;
  return {
    record,
    reference: 'import pychrono.core as chrono\n# the truth\n',
    referencePath: '/tasks/pendulum/truth1.py',
    startScript: null,
  };
}
