import { describe, expect, it } from 'vitest';
import type { EvalProgress } from '../common/contract/eval';
import { leaderboard } from '../common/eval/leaderboard';
import { cell } from '../common/eval/test-cells';
import { UsageError } from './args';
import { leaderboardText, parseEvalArgs, progressLine } from './eval-command';

describe('parseEvalArgs', () => {
  it('reads the models, tasks, turns and options, with the defaults', () => {
    const a = parseEvalArgs(
      ['tasks', '--model', 'a:7b, b', '--tasks', 'pendulum,beam', '--turns', '1,3'],
      '/w',
    );
    expect(a).toMatchObject({
      tasksDir: '/w/tasks',
      outDir: '/w/eval-results',
      json: false,
      request: {
        models: ['a:7b', 'b'],
        tasks: ['pendulum', 'beam'],
        turns: [1, 3],
        attempts: 1,
        chain: false,
        simTime: 5,
        wallTime: 120,
      },
    });
    const b = parseEvalArgs(
      [
        't',
        '-m',
        'x',
        '--attempts',
        '3',
        '--judge',
        'j',
        '--judge-mode',
        'document',
        '--api-doc',
        'api.txt',
        '--chain',
        '--retry-failed',
        '--out',
        'o',
        '--json',
      ],
      '/w',
    );
    expect(b).toMatchObject({
      outDir: '/w/o',
      json: true,
      request: {
        attempts: 3,
        chain: true,
        retryFailed: true,
        judge: { model: 'j', mode: 'document', apiDocumentPath: '/w/api.txt' },
      },
    });
    expect(parseEvalArgs(['--help'])).toBe('help');
  });

  it('refuses what it cannot run, saying why', () => {
    const bad = (args: string[]) => () => parseEvalArgs(args, '/w');
    expect(bad(['t'])).toThrow(UsageError);
    expect(bad(['t', '--model', 'm', '--attempts', '0'])).toThrow(/whole number from 1 to 10/);
    expect(bad(['t', '--model', 'm', '--judge-mode', 'x', '--judge', 'j'])).toThrow(
      /reference, reference-document or document/,
    );
    expect(bad(['t', '--model', 'm', '--api-doc', 'a'])).toThrow(/go with --judge/);
    expect(bad(['t', 'u', '--model', 'm'])).toThrow(/one TASKS_DIR/);
  });
});

describe('what the terminal shows', () => {
  it('draws a progress bar with counts and the ETA', () => {
    const p = {
      done: 5,
      total: 10,
      judgeDone: 0,
      judgeTotal: 0,
      etaSeconds: 190,
      etaPartial: false,
      message: 'm · pendulum turn 2: runs',
    } as EvalProgress;
    expect(progressLine(p)).toBe(
      '[##########----------] 5/10 cells  ETA 3 min 10 s  m · pendulum turn 2: runs',
    );
    expect(progressLine({ ...p, judgeTotal: 10, etaPartial: true })).toContain(
      'judged 0/10  ETA 3 min 10 s+',
    );
  });

  it('prints the leaderboard and the categories', () => {
    const rows = leaderboard([
      cell({ model: 'a' }),
      cell({ model: 'a', task: 'beam', category: 'fea', pass1: false, passK: true }),
    ]);
    const text = leaderboardText(rows, 2);
    expect(text.split('\n')[0]).toMatch(/^model\s+cells\s+pass@1\s+pass@2\s+compile/);
    expect(text).toMatch(/^a\s+2\s+50\.0%\s+100\.0%\s+100\.0%\s+0\.500\s+0\.900/m);
    expect(text).toMatch(/pass@1 \/ CodeBLEU\s+fea\s+mbs/);
    expect(leaderboardText([], 1)).toBe('No cells in the results folder yet.');
  });
});
