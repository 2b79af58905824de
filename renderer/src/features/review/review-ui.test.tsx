import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JudgeReport, ReviewItems } from '../../../../electron/common/contract/review';
import { parseJudgeAnswer, summariseJudgeRuns } from '../../../../electron/common/review/judge';
import type { SceneDiff } from '../../../../electron/common/review/scene-diff';
import { resetReviewStore, useReviewStore, type ReviewProgress } from './review-store';
import { SceneDiffTable } from './SceneDiffTable';
import { JudgeView, SimilarityView } from './ScoresPanel';

afterEach(() => {
  cleanup();
  resetReviewStore();
});

const facts = (label: string, mass: number, shapes: string, line: number) => ({
  label,
  kind: 'body' as const,
  mass,
  fixed: false,
  shapes,
  line,
  position: [1, 0, 0] as [number, number, number],
  linkType: null,
});

const scene: SceneDiff = {
  pairs: [
    {
      twin: { key: 2, name: 'bob', kind: 'body', shapeKind: 'sphere' },
      reference: { key: 5, name: '', kind: 'body', shapeKind: 'cylinder' },
      rule: 'nearest',
      distance: 1,
      angle: 0,
      differences: [
        { field: 'mass', what: 'Mass', twin: 4.189, reference: 1, gap: 3.189, unit: 'kg' },
      ],
    },
  ],
  unmatched: { twin: [], reference: [{ key: 9, name: '', kind: 'body', shapeKind: 'box' }] },
  links: {
    counts: [{ linkType: 'ChLinkLockRevolute', twin: 1, reference: 1 }],
    pairs: [],
    unmatched: { twin: [], reference: [] },
  },
  system: [
    { field: 'timestep', what: 'Time step', twin: 0.002, reference: 0.001, gap: 0.001, unit: 's' },
  ],
};

const items: ReviewItems = {
  twin: { 2: facts('bob', 4.189, 'sphere r 0.1', 15) },
  reference: {
    5: facts('pend_1', 1, 'cylinder r 0.2 h 2', 22),
    9: facts('extra', 2, 'box 1×1×1', 30),
  },
};

describe('SceneDiffTable', () => {
  it('lists matched pairs with their rule and values, the unmatched, links and systems', () => {
    const onSelect = vi.fn();
    render(
      <SceneDiffTable
        scene={scene}
        items={items}
        systems={{
          twin: {
            gravity: [0, -9.81, 0],
            timestep: 0.002,
            solver: 'PSOR',
            timestepper: null,
            contactMethod: 'NSC',
          },
          reference: {
            gravity: [0, -9.81, 0],
            timestep: 0.001,
            solver: 'PSOR',
            timestepper: null,
            contactMethod: 'NSC',
          },
        }}
        selected={{ twin: null, reference: null }}
        onSelect={onSelect}
      />,
    );
    const rows = screen.getByTestId('review-scene-items').querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('bob');
    expect(rows[0].textContent).toContain('pend_1');
    expect(rows[0].textContent).toContain('nearest start');
    expect(rows[0].textContent).toContain('sphere r 0.1 / cylinder r 0.2 h 2');
    expect(rows[0].textContent).toContain('Mass: 4.189 vs 1 kg');
    expect(rows[1].textContent).toContain('only in the reference');
    fireEvent.click(rows[0]);
    expect(onSelect).toHaveBeenCalledWith({ twin: 2, reference: 5 });
    fireEvent.click(rows[1]);
    expect(onSelect).toHaveBeenLastCalledWith({ twin: null, reference: 9 });
    expect(screen.getByTestId('review-scene-links').textContent).toContain('ChLinkLockRevolute');
    const system = screen.getByTestId('review-scene-system');
    expect(system.textContent).toContain('(0, -9.81, 0)');
    expect(system.querySelector('tr.bad')?.textContent).toContain('Time step');
  });
});

describe('scores', () => {
  it('says the similarity compares the cleaned code and shows the benchmark’s note', () => {
    render(
      <SimilarityView
        error={null}
        similarity={{
          scores: {
            codebleu: 0.25,
            ngram: 0,
            weighted: 0,
            syntax: 0,
            dataflow: 0,
            rouge1: 0,
            rouge2: 0,
            rougeL: 0,
            rougeLsum: 0,
            answerParses: true,
            referenceParses: true,
          },
          referenceText: 'cleaned',
          note: 'The twin is empty once comments are stripped: SimBench leaves such an answer out; its metrics give CodeBLEU 0.25 (every part 0) and ROUGE 0.',
          durationMs: 1,
        }}
      />,
    );
    expect(screen.getByTestId('review-codebleu').textContent).toBe('0.2500');
    expect(screen.getByTestId('review-similarity').textContent).toContain('cleaned code');
    expect(screen.getByTestId('review-similarity').textContent).toContain(
      'CodeBLEU 0.25 (every part 0)',
    );
  });

  it('shows an answer without a score as such, with its text, never as 0', () => {
    const good = parseJudgeAnswer(
      '**1. Completeness (40 points)**\n- Missing logging: -15 points.\n[[85]]',
    );
    const bad = parseJudgeAnswer('I like this script.');
    const judge: JudgeReport = {
      model: 'm',
      mode: 'reference',
      repeats: 2,
      apiDocument: null,
      taskPrompt: false,
      runs: [
        {
          index: 1,
          chatRequestId: 'r:judge:1',
          model: 'm',
          state: 'complete',
          answer: 'x [[85]]',
          error: null,
          parse: good,
          durationMs: 1,
        },
        {
          index: 2,
          chatRequestId: 'r:judge:2',
          model: 'm',
          state: 'complete',
          answer: 'I like this script.',
          error: null,
          parse: bad,
          durationMs: 1,
        },
      ],
      summary: summariseJudgeRuns([good, bad]),
      error: null,
      stopped: false,
    };
    const progress = {
      judge,
      judgeRuns: judge.runs,
      judgeStream: null,
      running: false,
      kind: 'judge',
    } as unknown as ReviewProgress;
    const ask = vi.fn();
    render(<JudgeView progress={progress} onAsk={ask} canAsk />);
    expect(screen.getByTestId('review-judge-summary').textContent).toContain('85');
    expect(screen.getByTestId('review-judge-summary').textContent).toContain(
      '1 without a readable score (not counted)',
    );
    expect(screen.getByTestId('review-judge-unreadable').textContent).toMatch(
      /The judge gave no score/,
    );
    expect(screen.getAllByText('I like this script.').length).toBeGreaterThan(0);
    expect(screen.getAllByTestId('review-judge-score').map((e) => e.textContent)).toEqual([
      'score 85',
    ]);
    fireEvent.change(screen.getByLabelText('Judge repeats'), { target: { value: '3' } });
    expect(useReviewStore.getState().options.repeats).toBe(3);
    fireEvent.click(screen.getByTestId('review-judge-ask'));
    expect(ask).toHaveBeenCalled();
  });
});
