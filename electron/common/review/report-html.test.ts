import { describe, expect, it } from 'vitest';
import type { ReviewReport } from '../contract/review';
import { codeDiffRows, diffCounts } from './code-diff';
import { gapSvg, niceTicks } from './gap-svg';
import { parseJudgeAnswer, summariseJudgeRuns } from './judge';
import { reviewReportHtml } from './report-html';

const judgeAnswer = `**1. Completeness (40 points)**
- The <ground> body lacks a visual shape: -5 points.

[[95]]`;

const facts = (label: string) => ({
  label,
  kind: 'body' as const,
  mass: 1,
  fixed: false,
  shapes: 'cylinder r 0.2 h 2',
  line: 3,
  position: [0, 0, 0] as [number, number, number],
  linkType: null,
});

function report(over: Partial<ReviewReport> = {}): ReviewReport {
  const parse = parseJudgeAnswer(judgeAnswer);
  return {
    requestId: 'r',
    createdAt: '2026-01-02T03:04:05.000Z',
    durationMs: 1200,
    status: 'done',
    twin: {
      scriptPath: '/w/twin.py',
      lines: 3,
      run: { runId: 'a', summary: null, error: "NameError: name 'x' is not defined (line 3)" },
    },
    reference: { scriptPath: '/w/truth1.py', lines: 3, run: null },
    limits: { simTime: 2, wallTime: 60, sampleDt: 0.01 },
    similarity: {
      scores: {
        codebleu: 0.3229,
        ngram: 0.0912,
        weighted: 0.1011,
        syntax: 0.7008,
        dataflow: 0.3984,
        rouge1: 0.3853,
        rouge2: 0.1522,
        rougeL: 0.2684,
        rougeLsum: 0.3853,
        answerParses: true,
        referenceParses: true,
      },
      referenceText: 'given',
      note: null,
      durationMs: 20,
    },
    scene: {
      pairs: [
        {
          twin: { key: 1, name: 'pendulum', kind: 'body', shapeKind: 'cylinder' },
          reference: { key: 7, name: '', kind: 'body', shapeKind: 'cylinder' },
          rule: 'kind-order',
          distance: 0.5,
          angle: 0,
          differences: [{ field: 'mass', what: 'Mass', twin: 2, reference: 1, gap: 1, unit: 'kg' }],
        },
      ],
      unmatched: {
        twin: [],
        reference: [{ key: 9, name: 'ground', kind: 'body', shapeKind: 'none' }],
      },
      links: {
        counts: [{ linkType: 'ChLinkLockRevolute', twin: 1, reference: 1 }],
        pairs: [],
        unmatched: { twin: [], reference: [] },
      },
      system: [
        {
          field: 'timestep',
          what: 'Time step',
          twin: 0.01,
          reference: 0.001,
          gap: 0.009,
          unit: 's',
        },
      ],
    },
    items: {
      twin: { 1: facts('pendulum') },
      reference: { 7: facts('pend_1'), 9: facts('ground') },
    },
    systems: null,
    gap: {
      bodies: [
        {
          name: 'pendulum',
          twinKey: 1,
          referenceKey: 7,
          grid: 'common',
          times: [0, 0.5, 1],
          position: [0, 0.2, null],
          angle: [0, 0.1, 0.3],
          positionStats: { max: null, rms: null, final: null },
          angleStats: { max: 0.3, rms: 0.18, final: 0.3 },
        },
      ],
      overall: {
        position: { max: null, rms: null, final: null },
        angle: { max: 0.3, rms: 0.18, final: 0.3 },
      },
      skipped: [],
      notes: [],
    },
    judge: {
      model: 'judge:7b',
      mode: 'reference',
      repeats: 2,
      apiDocument: null,
      taskPrompt: false,
      runs: [
        {
          index: 1,
          chatRequestId: 'r:judge:1',
          model: 'judge:7b',
          state: 'complete',
          answer: judgeAnswer,
          error: null,
          parse,
          durationMs: 5,
        },
        {
          index: 2,
          chatRequestId: 'r:judge:2',
          model: 'judge:7b',
          state: 'complete',
          answer: 'Nice script!',
          error: null,
          parse: parseJudgeAnswer('Nice script!'),
          durationMs: 5,
        },
      ],
      summary: summariseJudgeRuns([parse, parseJudgeAnswer('Nice script!')]),
      error: null,
      stopped: false,
    },
    notes: ["The twin's run did not get through: NameError"],
    ...over,
  };
}

const input = (over: Partial<ReviewReport> = {}) => ({
  report: report(over),
  twin: {
    name: 'twin.py',
    script: 'import pychrono\nx = 1 < 2\nprint("</pre><script>alert(1)</script>")\n',
  },
  reference: {
    name: 'truth1.py',
    script: 'import pychrono\nx = 1\n',
    origin: 'SimBench task pendulum, turn 1',
    prompt: 'Make a <pendulum>.',
  },
});

describe('reviewReportHtml', () => {
  it('is one self-contained page: no script, no external reference', () => {
    const html = reviewReportHtml({
      ...input(),
      images: { twin: 'data:image/png;base64,iVBORw0KGgo=', reference: 'https://evil/x.png' },
    });
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\b(src|href)="(?!data:)/);
    expect(html).toContain('<img alt="Twin 3D view" src="data:image/png;base64,iVBORw0KGgo=">');
    expect(html).not.toContain('evil');
  });

  it('escapes everything that comes from scripts, names and the judge', () => {
    const html = reviewReportHtml(input());
    expect(html).toContain('x = 1 &#60; 2');
    expect(html).toContain('&#60;/pre&#62;&#60;script&#62;');
    expect(html).toContain('Make a &#60;pendulum&#62;.');
    expect(html).toContain('The &#60;ground&#62; body lacks a visual shape');
  });

  it('holds the scores, the judge, the scene diff, the gap plot and the code diff', () => {
    const html = reviewReportHtml(input());
    expect(html).toContain('<td class="num">0.3229</td>');
    expect(html).toContain('ROUGE-Lsum');
    expect(html).toContain('on the cleaned code');
    expect(html).toContain('Score <b>95</b>');
    expect(html).toContain('−5</span> / 40');
    expect(html).toMatch(/1 without a readable score \(not counted\)/);
    expect(html).toContain('The judge gave no score');
    expect(html).toContain('Nice script!');
    expect(html).toContain('pend_1');
    expect(html).toContain('kind-order');
    expect(html).toContain('Mass: 2 vs 1 kg');
    expect(html).toContain('Only in the reference');
    expect(html).toContain('ChLinkLockRevolute');
    expect(html).toContain('Time step');
    expect((html.match(/<svg /g) ?? []).length).toBe(2);
    expect(html).toContain('<tr class="changed">');
    expect(html).toContain('1 changed, 0 only in the reference, 1 only in the twin');
    expect(html).toContain('NameError');
  });

  it('says why there are no 3D images', () => {
    const html = reviewReportHtml({
      ...input(),
      imagesNote: 'Made by the command line, which draws no 3D views.',
    });
    expect(html).toContain('Made by the command line, which draws no 3D views.');
  });

  it('leaves out what a review without runs or judge does not have', () => {
    const html = reviewReportHtml(
      input({ scene: null, items: null, systems: null, gap: null, judge: null, limits: null }),
    );
    expect(html).not.toContain('Trajectory gap');
    expect(html).not.toContain('Rubric judge');
    expect(html).toContain('The scripts were not run.');
  });
});

describe('codeDiffRows', () => {
  it('pairs removed and added lines as changed, numbers each side', () => {
    const rows = codeDiffRows('a\nb\nc\n', 'a\nB\nc\nd');
    expect(rows.map((r) => r.kind)).toEqual(['same', 'changed', 'same', 'added']);
    expect(rows[1]).toEqual({
      kind: 'changed',
      left: { n: 2, text: 'b' },
      right: { n: 2, text: 'B' },
    });
    expect(rows[3].right).toEqual({ n: 4, text: 'd' });
    expect(diffCounts(rows)).toEqual({ changed: 1, removed: 0, added: 1 });
  });

  it('can ignore whitespace and handles empty scripts', () => {
    expect(
      codeDiffRows('x = 1\n', '  x = 1  \n', { ignoreWhitespace: true }).map((r) => r.kind),
    ).toEqual(['same']);
    expect(codeDiffRows('', 'a\n').map((r) => r.kind)).toEqual(['added']);
    expect(codeDiffRows('a', '')).toEqual([
      { kind: 'removed', left: { n: 1, text: 'a' }, right: null },
    ]);
  });
});

describe('gapSvg', () => {
  it('draws one line per body and breaks it where the gap is unknown', () => {
    const svg = gapSvg(report().gap!, { series: 'position' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect((svg.match(/<path /g) ?? []).length).toBe(1);
    expect(svg).toContain('>pendulum</text>');
    expect(gapSvg({ bodies: [], overall: null, skipped: [], notes: [] })).toContain(
      'No matched body',
    );
  });

  it('picks round ticks', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0.03)).toEqual([0, 0.01, 0.02, 0.03]);
  });
});
