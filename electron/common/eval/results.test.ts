import { describe, expect, it } from 'vitest';
import { settingsConflict, parseCellRecord, summariseCell, type CellRecord } from './cell-record';
import { aggregate, leaderboard } from './leaderboard';
import { estimateEta, formatDuration } from './progress';
import { cellRequest, requiredFiles } from './protocol';
import { RESULTS_COLUMNS, resultsCsv } from './results-csv';
import { cell } from './test-cells';

const verdict = (score: number, triage = 'pass') => ({
  turn: 1,
  L1: { ok: true, triage: null, detail: null },
  L2: [],
  derived: {},
  notes: {},
  L3: [],
  l2: 1,
  l3: 1,
  triage,
  score,
});

describe('the protocol', () => {
  const files = { prompt: ' Add a spring. \n', pyinput: 'import pychrono\n' };
  it('sends turn 1 alone and turns 2–3 with the task’s starting script', () => {
    expect(cellRequest(1, { prompt: 'Make a pendulum', pyinput: null }, 'simbench')).toEqual({
      prompt: 'Make a pendulum',
      script: null,
      start: 'prompt',
    });
    expect(cellRequest(2, files, 'simbench', 'import other')).toEqual({
      prompt: 'Add a spring.',
      script: 'import pychrono\n',
      start: 'pyinput',
    });
  });
  it('chains the previous answer on request, and falls back to pyinput when it had none', () => {
    expect(cellRequest(3, files, 'chain', 'import mine').start).toBe('previous-answer');
    expect(cellRequest(3, files, 'chain', 'import mine').script).toBe('import mine');
    expect(cellRequest(3, files, 'chain', null).start).toBe('pyinput');
    expect(() => cellRequest(2, { prompt: 'x', pyinput: null }, 'simbench')).toThrow(/pyinput2.py/);
  });
  it('knows the files of each turn', () => {
    expect(requiredFiles(1)).toEqual(['input1.txt', 'truth1.py']);
    expect(requiredFiles(3)).toEqual(['input3.txt', 'truth3.py', 'pyinput3.py']);
  });
});

describe('the leaderboard', () => {
  const cells = [
    cell({
      model: 'a',
      task: 'pendulum',
      pass1: true,
      passK: true,
      judge: {
        model: 'j',
        mode: 'reference',
        ok: true,
        score: 40,
        rawScore: 40,
        parser: 'strict',
        reason: null,
        durationMs: 1,
      },
      contract: verdict(100),
    }),
    cell({
      model: 'a',
      task: 'beam',
      category: 'fea',
      turn: 2,
      pass1: false,
      passK: true,
      compile: false,
      judge: {
        model: 'j',
        mode: 'reference',
        ok: false,
        score: null,
        rawScore: null,
        parser: null,
        reason: 'no score',
        durationMs: 1,
      },
      contract: verdict(40, 'invariant-fail'),
    }),
    cell({
      model: 'a',
      task: 'cable',
      category: 'fea',
      status: 'failed',
      error: 'server down',
      pass1: false,
      passK: false,
      similarity: null,
    }),
    cell({
      model: 'b',
      pass1: true,
      passK: true,
      similarity: { ...cell().similarity!, codebleu: 0.9, rougeLsum: 0.1 },
    }),
  ];

  it('gives rates over evaluated cells and keeps judge failures out of the mean', () => {
    const m = aggregate(cells.filter((c) => c.model === 'a'));
    expect(m).toMatchObject({
      cells: 3,
      evaluated: 2,
      failed: 1,
      pass1: 0.5,
      passK: 1,
      compile: 0.5,
    });
    expect(m).toMatchObject({
      judge: 40,
      judged: 1,
      judgeFailures: 1,
      contract: 70,
      contracts: 2,
      contractPasses: 1,
    });
    expect(m.codebleu).toBe(0.5);
    expect(m.wallMs).toBe(3000);
  });

  it('ranks by pass@k, then pass@1, then CodeBLEU, with categories and turns', () => {
    const rows = leaderboard(cells);
    expect(rows.map((r) => r.model)).toEqual(['b', 'a']);
    expect(Object.keys(rows[1].byCategory)).toEqual(['fea', 'mbs']);
    expect(rows[1].byCategory.fea).toMatchObject({ cells: 2, evaluated: 1, pass1: 0, passK: 1 });
    expect(rows[1].byTurn['2'].pass1).toBe(0);
  });
});

describe('results.csv', () => {
  it('starts with SimBench’s twelve columns, in its order, and writes values that read back', () => {
    const text = resultsCsv([
      cell({ model: 'b', task: 'z' }),
      cell({ model: 'a', task: 'y', turn: 3, error: 'said "no", twice' }),
      cell({ model: 'a', task: 'y', turn: 2, similarity: null, status: 'failed' }),
    ]);
    const [header, ...rows] = text.trim().split('\n');
    expect(header.split(',').slice(0, 12)).toEqual([
      'model',
      'system',
      'round',
      'codebleu',
      'ngram_match_score',
      'weighted_ngram_match_score',
      'syntax_match_score',
      'dataflow_match_score',
      'rouge1',
      'rouge2',
      'rougeL',
      'rougeLsum',
    ]);
    expect(header.split(',')).toEqual(RESULTS_COLUMNS);
    expect(rows.map((r) => r.split(',').slice(0, 3).join(','))).toEqual([
      'a,y,round_2',
      'a,y,round_3',
      'b,z,round_1',
    ]);
    expect(rows[0].split(',').slice(3, 12)).toEqual(Array(9).fill(''));
    expect(rows[1].split(',').slice(3, 5)).toEqual(['0.5', '0.1']);
    expect(rows[1]).toMatch(/,"said ""no"", twice"$/);
  });
});

describe('cell records', () => {
  it('reads back what it wrote and says what is wrong with a bad file', () => {
    const record = {
      ...cell(),
      prompt: 'p',
      startScript: null,
      answer: null,
      repairedScript: null,
    } as unknown as CellRecord;
    expect(parseCellRecord(JSON.stringify(record)).record).toEqual(record);
    expect(parseCellRecord('{').record).toBeNull();
    expect(parseCellRecord(JSON.stringify({ ...record, turn: 4 }))).toMatchObject({
      record: null,
      reason: /turn/,
    });
    expect(summariseCell(record)).toMatchObject({ hasCode: false, answerTokens: null });
  });

  it('refuses to mix cells run with other settings, naming each difference', () => {
    const existing = {
      format: 'twinforge-eval/1' as const,
      tasksDir: '/t',
      protocol: 'simbench' as const,
      attempts: 1,
      simTime: 5,
      wallTime: 120,
      createdAt: '',
      updatedAt: '',
    };
    expect(settingsConflict(existing, { ...existing })).toBeNull();
    expect(settingsConflict(existing, { ...existing, attempts: 3, protocol: 'chain' })).toMatch(
      /the simbench protocol, not chain; 1 attempts, not 3/,
    );
  });
});

describe('the ETA', () => {
  it('multiplies the recent mean by what is left, and says when a phase is not timed yet', () => {
    expect(
      estimateEta({ cellMs: [1000, 3000], judgeMs: [], remainingCells: 5, remainingJudgements: 0 }),
    ).toEqual({ seconds: 10, partial: false });
    expect(
      estimateEta({ cellMs: [2000], judgeMs: [], remainingCells: 1, remainingJudgements: 4 }),
    ).toEqual({ seconds: 2, partial: true });
    expect(
      estimateEta({ cellMs: [], judgeMs: [], remainingCells: 3, remainingJudgements: 0 }).seconds,
    ).toBeNull();
    expect([formatDuration(45), formatDuration(190), formatDuration(3720)]).toEqual([
      '45 s',
      '3 min 10 s',
      '1 h 02 min',
    ]);
  });
});
