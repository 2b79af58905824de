/* eslint-disable no-restricted-imports -- the test reads the real prompt file and the
   recorded SimBench judge outputs; the module under test stays pure. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ANSWER_END,
  ANSWER_START,
  JUDGE_CATEGORIES,
  JUDGE_MODES,
  REFERENCE_END,
  REFERENCE_START,
  buildJudgePrompt,
  notesApiDocument,
  parseJudgeAnswer,
  parseJudgeTemplates,
  summariseJudgeRuns,
  type JudgeParse,
} from './judge';

const TEMPLATES = parseJudgeTemplates(
  readFileSync(join(__dirname, '../../../resources/prompts/judge.md'), 'utf8'),
);
const OUTPUTS = '/work/shared/simbench/model-outputs';

const ANSWER = 'import pychrono as chrono\nsys = chrono.ChSystemNSC()  # the twin\n';
const REFERENCE = 'import pychrono as chrono\nsys = chrono.ChSystemSMC()  # the expert\n';
const DOCUMENT = '# API\n\nChSystemNSC: a system with non-smooth contacts.';

function prompt(mode: (typeof JUDGE_MODES)[number], taskPrompt: string | null = null): string {
  const messages = buildJudgePrompt({
    mode,
    answer: ANSWER,
    reference: REFERENCE,
    apiDocument: DOCUMENT,
    taskPrompt,
    templates: TEMPLATES,
  });
  expect(messages).toHaveLength(1);
  expect(messages[0].role).toBe('user');
  return messages[0].content;
}

/** Where each piece is in the prompt (-1 when absent). */
function at(text: string, ...pieces: string[]): number[] {
  return pieces.map((p) => text.indexOf(p));
}

describe('buildJudgePrompt', () => {
  it.each(JUDGE_MODES)('%s: one user message with the six categories and their budgets', (mode) => {
    const text = prompt(mode);
    JUDGE_CATEGORIES.forEach(({ name, budget }, i) => {
      expect(text).toContain(`**${i + 1}. ${name} (${budget} points)**`);
    });
    expect(JUDGE_CATEGORIES.map((c) => c.budget)).toEqual([40, 30, 10, 10, 5, 5]);
    expect(text).toContain('"[[x]]"');
    expect(text).toMatch(/order|position/);
    expect(text).toMatch(/length/);
    const [start, answer, end] = at(text, ANSWER_START, ANSWER, ANSWER_END);
    expect(start).toBeGreaterThan(0);
    expect(answer).toBeGreaterThan(start);
    expect(end).toBeGreaterThan(answer);
    expect(text).not.toContain('{{');
  });

  it('against the reference: the reference follows the answer, and there is no document', () => {
    const text = prompt('reference');
    const [answerEnd, refStart, ref, refEnd, rubric] = at(
      text,
      ANSWER_END,
      REFERENCE_START,
      REFERENCE,
      REFERENCE_END,
      '**1. Completeness',
    );
    expect(refStart).toBeGreaterThan(answerEnd);
    expect(ref).toBeGreaterThan(refStart);
    expect(refEnd).toBeGreaterThan(ref);
    expect(rubric).toBeGreaterThan(refEnd);
    expect(text).not.toContain(DOCUMENT);
    expect(text).toContain('reference script');
  });

  it('against the reference and the document: the document comes after the [[x]] instruction', () => {
    const text = prompt('reference-document');
    const [refEnd, rubric, score, doc] = at(text, REFERENCE_END, '**6. Use', '[[x]]', DOCUMENT);
    expect(rubric).toBeGreaterThan(refEnd);
    expect(score).toBeGreaterThan(rubric);
    expect(doc).toBeGreaterThan(score);
  });

  it('against the document only: no reference, and the document comes before the [[x]] instruction', () => {
    const text = prompt('document');
    expect(text).not.toContain(REFERENCE);
    expect(text).not.toContain(REFERENCE_START);
    const [answerEnd, rubric, doc, score] = at(
      text,
      ANSWER_END,
      '**1. Completeness',
      DOCUMENT,
      '[[x]]',
    );
    expect(rubric).toBeGreaterThan(answerEnd);
    expect(doc).toBeGreaterThan(rubric);
    expect(score).toBeGreaterThan(doc);
    expect(text).toMatch(/may not cover everything/);
  });

  it('adds the task prompt only when there is one, before the answer', () => {
    expect(prompt('document')).not.toContain('[The Start of Task]');
    const text = prompt('document', 'A pendulum 1 m long, released at 30 degrees.');
    const [task, answer] = at(text, 'A pendulum 1 m long, released at 30 degrees.', ANSWER_START);
    expect(task).toBeGreaterThan(0);
    expect(answer).toBeGreaterThan(task);
  });

  it('leaves marks inside the scripts alone', () => {
    const messages = buildJudgePrompt({
      mode: 'reference',
      answer: 'print("{{reference}}")',
      reference: REFERENCE,
      templates: TEMPLATES,
    });
    expect(messages[0].content).toContain('print("{{reference}}")');
  });

  it('says what is missing for a mode', () => {
    const base = { answer: ANSWER, templates: TEMPLATES };
    expect(() => buildJudgePrompt({ ...base, mode: 'reference' })).toThrow(/reference script/);
    expect(() => buildJudgePrompt({ ...base, mode: 'document', reference: REFERENCE })).toThrow(
      /needs the document/,
    );
    expect(() =>
      buildJudgePrompt({ ...base, mode: 'document', answer: '  ', apiDocument: DOCUMENT }),
    ).toThrow(/no script to judge/);
  });
});

describe('parseJudgeTemplates', () => {
  it('names the parts a damaged prompt file lacks', () => {
    expect(() =>
      parseJudgeTemplates('<!-- judge:reference -->\ntext\n<!-- judge:task -->\nt'),
    ).toThrow(/reference-document, document parts/);
  });
});

const WELL_FORMED = `### Evaluation

1. **Completeness (40 points total)**
   - The ground body is missing. **(Deduct 15 points)**
   - **Total Deductions**: 15 points

2. **Correctness (30 points total)**
   - \`SetBodyFixed\` does not exist in 9.0.1. **(Deduct 15 points)**
   - The joint frame is wrong. **(Deduct 10 points)**
   - **Total Deductions**: 25 points

3. **Code Quality (10 points total)**
   - **Total Deductions**: 0 points

4. **Efficiency (10 points total)**
   - **Total Deductions**: 0 points

5. **Error Handling and Robustness (5 points total)**
   - No checks at all. **(Deduct 5 points)**
   - **Total Deductions**: 5 points

6. **Use of Visualization Tools (5 points total)**
   - No lights. **(Deduct 2 points)**
   - **Total Deductions**: 2 points

### Final Score Calculation
- **Total Points Deducted**: 15 + 25 + 0 + 0 + 5 + 2 = 47 points
- **Final Score**: 100 - 47 = 53 points

[[53]]`;

function ok(result: JudgeParse) {
  if (!result.ok) throw new Error(`expected a score, got a failure: ${result.reason}`);
  return result;
}

describe('parseJudgeAnswer', () => {
  it('reads a well-formed answer: the score, each category with its deduction and reasons', () => {
    const r = ok(parseJudgeAnswer(WELL_FORMED));
    expect(r).toMatchObject({
      score: 53,
      rawScore: 53,
      clamped: false,
      parser: 'strict',
      total: 47,
    });
    expect(r.categories.map((c) => [c.name, c.budget, c.deducted])).toEqual([
      ['Completeness', 40, 15],
      ['Correctness', 30, 25],
      ['Code Quality', 10, 0],
      ['Efficiency', 10, 0],
      ['Error Handling and Robustness', 5, 5],
      ['Use of Visualization Tools', 5, 2],
    ]);
    expect(r.categories[1].reasons).toEqual([
      '`SetBodyFixed` does not exist in 9.0.1. (Deduct 15 points)',
      'The joint frame is wrong. (Deduct 10 points)',
    ]);
  });

  it('takes the first [[digits]], as SimBench does', () => {
    expect(ok(parseJudgeAnswer('Score [[40]] at first, then [[90]].')).score).toBe(40);
  });

  it.each([
    [
      'markdown and prose around it',
      'Sure! Here is my review.\n\n**Final Score: [[72]]**\n\nHope this helps.',
      72,
      'strict',
    ],
    [
      'a score out of 10',
      'Overall the twin is decent.\n\nFinal score: [[7/10]]',
      70,
      'bracket-expression',
    ],
    ['arithmetic in the brackets', 'Final Score: [[100 - 15 - 10]]', 75, 'bracket-expression'],
    ['the placeholder left in', 'The final score is [[x]] 70.', 70, 'placeholder'],
    [
      'JSON in a fence',
      'Here is the evaluation:\n```json\n{"score": 64, "summary": "missing ground"}\n```',
      64,
      'json',
    ],
    ['bare JSON', '{\n  "final_score": "81/100",\n  "notes": "fine"\n}', 81, 'json'],
    ['a single bracket in bold', 'Deductions add up to 12.\n\n**[88]**', 88, 'single-bracket'],
    ['LaTeX brackets', 'The final score is\n\\[ [49] \\]', 49, 'single-bracket'],
    [
      'no score line, only the calculation',
      '### Final Score\nFinal Score: 100 - 63 = 37 points',
      37,
      'score-line',
    ],
    [
      'a score out of 10 in words',
      'I would give it 7/10.\n\n**Overall score:** 7/10',
      70,
      'score-line',
    ],
  ])('reads sloppy answers: %s', (_, text, score, parser) => {
    const r = ok(parseJudgeAnswer(text));
    expect([r.score, r.parser]).toEqual([score, parser]);
  });

  it('clamps scores outside 0..100 and says so', () => {
    expect(ok(parseJudgeAnswer('Final: [[-8]]'))).toMatchObject({
      score: 0,
      rawScore: -8,
      clamped: true,
    });
    expect(ok(parseJudgeAnswer('[[150]]'))).toMatchObject({
      score: 100,
      rawScore: 150,
      clamped: true,
    });
  });

  it.each([
    ['an empty answer', '   ', /empty/],
    ['a refusal', 'I cannot evaluate this script without running it.', /no score/],
    [
      'deductions without a score',
      '- Completeness: 15 points deducted\n- Correctness: 10 points',
      /no score/,
    ],
    ['code with indices', '```python\nbodies[0].SetPos(v[1])\n```', /no score/],
  ])('a missing score is a parse failure with the text, never 0: %s', (_, text, reason) => {
    const r = parseJudgeAnswer(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(reason);
      expect(r.text).toBe(text);
    }
  });

  it("reads categories from a local model's looser layout", () => {
    const r = ok(
      parseJudgeAnswer(`Here's my assessment of the twin.

## Completeness: 25/40
* Missing the ground body (-15)

## Correctness - 10 points deducted
* wrong joint axis

## Code Quality
Looks fine, no deductions.
Deductions: none

## Efficiency (10)
- redundant loop (-3 points)

## Error handling: -5

## Visualization: 5/5

Final score: 67/100`),
    );
    expect(r.score).toBe(67);
    expect(r.parser).toBe('score-line');
    expect(r.categories.map((c) => c.deducted)).toEqual([15, 10, 0, 3, 5, 0]);
    expect(r.categories[0].reasons).toEqual(['Missing the ground body (-15)']);
    expect(r.total).toBe(33);
  });

  it('reads categories from JSON when the prose has none', () => {
    const r = ok(
      parseJudgeAnswer(
        '```json\n' +
          JSON.stringify({
            score: 70,
            categories: [
              { name: 'Completeness', deducted: 15, reasons: ['no ground body'] },
              { name: 'Use of Visualization Tools', deducted: 5, reasons: [] },
            ],
          }) +
          '\n```',
      ),
    );
    expect(r.parser).toBe('json');
    expect(r.categories[0]).toEqual({
      name: 'Completeness',
      budget: 40,
      deducted: 15,
      reasons: ['no ground body'],
    });
    expect(r.categories[5].deducted).toBe(5);
    expect(r.categories[1].deducted).toBeNull();
    expect(r.total).toBe(20);
  });

  it('a category the judge does not mention is null, not 0', () => {
    const r = ok(parseJudgeAnswer('Good script.\n\n[[95]]'));
    expect(r.categories.every((c) => c.deducted === null && c.reasons.length === 0)).toBe(true);
    expect(r.total).toBeNull();
  });
});

describe('summariseJudgeRuns', () => {
  it('gives mean, sample standard deviation, min and max of the scores, and counts failures', () => {
    const runs = ['[[60]]', '[[70]]', 'no idea', '[[80]]'].map(parseJudgeAnswer);
    expect(summariseJudgeRuns(runs)).toEqual({
      runs: 4,
      scores: [60, 70, 80],
      parseFailures: 1,
      mean: 70,
      sd: 10,
      min: 60,
      max: 80,
    });
  });

  it('has no figures when nothing parsed, and no spread from one score', () => {
    expect(summariseJudgeRuns([parseJudgeAnswer('?')])).toMatchObject({
      parseFailures: 1,
      mean: null,
      sd: null,
      min: null,
      max: null,
    });
    expect(summariseJudgeRuns([parseJudgeAnswer('[[42]]')])).toMatchObject({ mean: 42, sd: null });
  });
});

describe('notesApiDocument', () => {
  it('joins the notes in the order of their ids, whatever order they come in', () => {
    const notes = [
      { id: 'vehicles', title: 'Vehicles', body: 'Use veh.HMMWV_Full().' },
      { id: 'bodies-shapes', title: 'Bodies and shapes', body: 'Use ChBodyEasyBox.\n' },
    ];
    const doc = notesApiDocument(notes);
    expect(doc).toBe(notesApiDocument([...notes].reverse()));
    expect(doc.indexOf('## Bodies and shapes\n\nUse ChBodyEasyBox.')).toBeGreaterThan(0);
    expect(doc.indexOf('## Vehicles')).toBeGreaterThan(doc.indexOf('## Bodies and shapes'));
  });
});

/** Every recorded judge output with the score SimBench stored beside it (null: no row). */
function recordedJudgements(): { file: string; text: string; stored: number | null }[] {
  const out: { file: string; text: string; stored: number | null }[] = [];
  for (const model of readdirSync(OUTPUTS)) {
    for (const system of readdirSync(join(OUTPUTS, model))) {
      const dir = join(OUTPUTS, model, system);
      const csv = join(dir, 'evaluation_scores.csv');
      const stored = new Map<string, number>();
      if (existsSync(csv)) {
        const [header, ...rows] = readFileSync(csv, 'utf8').trim().split(/\r?\n/);
        const columns = header.split(',');
        const round = columns.indexOf('Round');
        const score = columns.indexOf('Score Reference Document');
        for (const row of rows) {
          const cells = row.split(',');
          stored.set(cells[round], Number(cells[score]));
        }
      }
      for (const f of readdirSync(dir).filter((n) => n.endsWith('_score_reference_document.txt'))) {
        out.push({
          file: `${model}/${system}/${f}`,
          text: readFileSync(join(dir, f), 'utf8'),
          stored: stored.get(f.split('_')[0]) ?? null,
        });
      }
    }
  }
  return out;
}

describe.runIf(existsSync(OUTPUTS))(
  'parseJudgeAnswer over the recorded SimBench judge outputs',
  () => {
    const recorded = existsSync(OUTPUTS) ? recordedJudgements() : [];

    it('parses every output to the score stored beside it, with the strict rule', () => {
      expect(recorded.length).toBeGreaterThan(100);
      const withScore = recorded.filter((r) => r.stored !== null);
      // SimBench leaves a round out of its CSV when another mode's output of that round
      // failed to parse, so a few outputs have no stored score to compare with.
      expect(withScore.length).toBeGreaterThan(recorded.length * 0.95);
      const wrong = withScore.flatMap((r) => {
        const p = parseJudgeAnswer(r.text);
        return p.ok && p.parser === 'strict' && p.score === r.stored
          ? []
          : [`${r.file}: ${p.ok ? `${p.score} by ${p.parser}` : p.reason}, stored ${r.stored}`];
      });
      expect(wrong).toEqual([]);
    });

    it("finds all six categories' deductions, which add up to the judge's score nearly always", () => {
      let consistent = 0;
      const missing: string[] = [];
      for (const r of recorded) {
        const p = ok(parseJudgeAnswer(r.text));
        const absent = p.categories.filter((c) => c.deducted === null).map((c) => c.name);
        if (absent.length) missing.push(`${r.file}: ${absent.join(', ')}`);
        if (p.total !== null && Math.max(0, 100 - p.total) === p.score) consistent++;
      }
      expect(missing).toEqual([]);
      // The rest are the judge's own slips (a category left out of its sum, 100 − 38 = 67).
      expect(consistent / recorded.length).toBeGreaterThan(0.95);
    });
  },
);
