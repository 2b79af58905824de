// The review in the real UI (through `twinforge serve`): open a twin, attach the SimBench
// pendulum task as its reference, press Review, and see both codes, both runs drawn, the
// scores (similarity and the judge, answered by the fake Ollama server), the scene diff,
// the trajectory gap, and the report downloaded as one HTML file.
import { expect, test, type Page } from '@playwright/test';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FAKE_OLLAMA_URL } from './fake-ollama-env';
import { workspaceUrl } from './serve-env';
import { dropFile, greyLevels, meanAbsDiff, variance } from './page-tools';

const TASKS = resolve(__dirname, '../../../shared/simbench/tasks');
const TWIN = resolve(__dirname, '../fixtures/scripts/pendulum.py');

async function dropTwin(page: Page): Promise<void> {
  await dropFile(page, 'pendulum.py', readFileSync(TWIN, 'utf8'));
  await expect(page.getByTestId('editor-file-name')).toHaveText('pendulum.py');
}

test.skip(!existsSync(resolve(TASKS, 'pendulum', 'truth1.py')), 'the SimBench share is not here');

test('a twin reviewed against the SimBench pendulum: codes, both runs, scores, scene, gap, report', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await request.post(`${FAKE_OLLAMA_URL}/__fake/reset`);
  await request.post(`${FAKE_OLLAMA_URL}/__fake/scenario`, {
    data: {
      answers: [
        {
          text: '**1. Completeness (40 points)**\n- The pendulum’s position is not logged: -15 points.\n\n**2. Correctness (30 points)**\n- The bob is a sphere where the reference has a cylinder: -10 points.\n\nFinal score: 100 - 25 = 75\n[[75]]',
        },
      ],
    },
  });

  await page.goto(workspaceUrl());
  await expect(page.getByTestId('editor-panel').locator('.monaco-editor')).toBeVisible({
    timeout: 20_000,
  });
  await dropTwin(page);
  await page.getByTestId('open-review').click();
  const review = page.getByTestId('review-workspace');
  await expect(review).toBeVisible();

  // Attach the pendulum task, turn 1, from the tasks folder on the host.
  await review.getByTestId('review-choose-task').click();
  await review.getByTestId('review-tasks-dir').fill(TASKS);
  await review.getByTestId('review-tasks-list').click();
  await review.getByTestId('review-task').selectOption('pendulum');
  await review.getByTestId('review-task-attach').click();
  await expect(review.getByTestId('review-reference-name')).toHaveText(
    'pendulum · turn 1 (truth1.py)',
  );
  await expect(review.getByTestId('review-prompt')).toContainText('simple pendulum');

  // Both codes in the diff: the reference on the left, the twin on the right.
  const diff = review.getByTestId('review-diff-editor');
  await expect(diff.locator('.editor.original')).toContainText('pend_1');
  await expect(diff.locator('.editor.modified')).toContainText('bob');
  await expect(review.getByTestId('review-diff-count')).toHaveText(/\d+ changes/);

  // The judge joins the review; two seconds of simulation for both.
  await review.getByTestId('review-tab-judge').click();
  await review.getByLabel('Judge model').fill('qwen2.5-coder:7b');
  await review.getByText('Ask the judge in each review').click();
  await review.getByLabel('Simulated seconds of both runs').fill('2');

  await review.getByTestId('review-start').click();
  await expect(review.getByTestId('review-running')).toBeVisible();
  await expect(review.getByTestId('review-running')).toBeHidden({ timeout: 60_000 });

  // Both runs are drawn.
  for (const side of ['twin', 'reference']) {
    const view = review.getByTestId(`review-view-${side}`);
    await expect(view.getByTestId('review-lane-status')).toContainText('Limit reached');
    const canvas = view.locator('[data-testid="viewer-canvas"] canvas');
    await expect
      .poll(async () => variance(await greyLevels(page, await canvas.screenshot())), {
        timeout: 10_000,
      })
      .toBeGreaterThan(20);
  }
  // One timeline drives both.
  await review.getByTestId('review-slider').fill('1');
  for (const side of ['twin', 'reference']) {
    await expect(review.getByTestId(`review-view-${side}`).getByTestId('timeline-time')).toHaveText(
      /^(0\.99\d|1\.00\d) s$/,
    );
  }

  // One view instead: the reference drawn as a ghost over the twin. With the timelines
  // unlinked, the twin at 0 s and the ghost at 1 s differ from both at 0 s only by the ghost.
  await review.getByTestId('review-layout-ghost').click();
  await expect(review.getByTestId('review-view-reference')).toHaveCount(0);
  const ghostView = review.getByTestId('review-view-twin');
  await expect(ghostView).toContainText('Reference (ghost)');
  const ghostCanvas = ghostView.locator('[data-testid="viewer-canvas"] canvas');
  await review.getByText('Link timelines').click();
  await review.getByTestId('review-slider').fill('1');
  await ghostView.getByTestId('timeline-slider').fill('0');
  await expect(ghostView.getByTestId('timeline-time')).toHaveText('0.000 s');
  await page.waitForTimeout(300);
  const ghostLater = await greyLevels(page, await ghostCanvas.screenshot());
  await review.getByTestId('review-slider').fill('0');
  await expect
    .poll(
      async () => meanAbsDiff(ghostLater, await greyLevels(page, await ghostCanvas.screenshot())),
      {
        timeout: 5_000,
      },
    )
    .toBeGreaterThan(0.05);
  await review.getByText('Link timelines').click();
  await review.getByTestId('review-layout-split').click();
  await expect(review.getByTestId('review-view-reference')).toBeVisible();

  // Scores: the similarity as SimBench computes it, and the judge's 75 with its deductions.
  await review.getByTestId('review-tab-scores').click();
  await expect(review.getByTestId('review-codebleu')).toHaveText(/^0\.\d{4}$/);
  await expect(review.getByTestId('review-similarity')).toContainText('cleaned code');
  await expect(review.getByTestId('review-judge-summary')).toContainText('75');
  await review.getByTestId('review-tab-judge').click();
  await expect(review.getByTestId('review-judge-score')).toContainText('75');
  await expect(review.getByTestId('review-judge-run')).toContainText('−15 / 40');

  // Scene diff: the two bodies matched; a click selects them in both views.
  await review.getByTestId('review-tab-scene').click();
  const items = review.getByTestId('review-scene-items');
  await expect(items.locator('tbody tr')).toHaveCount(2);
  await expect(items).toContainText('pend_1');
  await expect(review.getByTestId('review-scene-links')).toContainText('ChLinkLockRevolute');
  await items.locator('tbody tr', { hasText: 'pend_1' }).click();
  await expect(review.getByTestId('review-view-twin').getByTestId('info-name')).toHaveText('bob');
  await expect(review.getByTestId('review-view-reference').getByTestId('info-panel')).toBeVisible();

  // Trajectory gap: plotted, with figures per body.
  await review.getByTestId('review-tab-gap').click();
  await expect(review.getByTestId('review-gap-chart').locator('canvas')).toBeVisible();
  await expect(review.getByTestId('review-gap-table')).toContainText('bob / pend_1');
  await page.screenshot({ path: '/tmp/review-e2e.png' });

  // The report: one HTML file with both views' images, the plots and the scores.
  const downloading = page.waitForEvent('download');
  await review.getByTestId('review-export').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^twinforge-review-.*\.html$/);
  const file = await download.path();
  const html = readFileSync(file, 'utf8');
  copyFileSync(file, '/tmp/review-e2e-report.html');
  expect(html).toContain('<img alt="Twin 3D view" src="data:image/png;base64,');
  expect(html).toContain('<img alt="Reference 3D view" src="data:image/png;base64,');
  expect(html).toContain('<svg');
  expect(html).toContain('Score <b>75</b>');
  expect(html).toContain('pendulum, turn 1');
  expect(html).not.toMatch(/<script/i);
  expect(errors).toEqual([]);
});

test('a failing reference still gets its diff and scores, with the error in its lane', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await page.goto(workspaceUrl());
  await expect(page.getByTestId('editor-panel').locator('.monaco-editor')).toBeVisible({
    timeout: 20_000,
  });
  await dropTwin(page);
  await page.getByTestId('open-review').click();
  const review = page.getByTestId('review-workspace');
  await review.getByTestId('review-choose-task').click();
  await review.getByTestId('review-tasks-dir').fill(resolve(TASKS, 'pendulum'));
  await review.getByTestId('review-tasks-list').click();
  await expect(review.getByTestId('review-task')).toHaveValue('pendulum');
  await review.getByTestId('review-task-attach').click();
  // The twin is broken on purpose in the review's own diff editor (it is the editor's text).
  const modified = review.getByTestId('review-diff-editor').locator('.editor.modified .view-lines');
  await modified.click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type('raise RuntimeError("broken twin")\n');
  await review.getByLabel('Simulated seconds of both runs').fill('1');
  await review.getByTestId('review-start').click();
  await expect(review.getByTestId('review-running')).toBeHidden({ timeout: 40_000 });
  const twin = review.getByTestId('review-view-twin');
  await expect(twin.getByTestId('review-lane-status')).toContainText('Error');
  await expect(twin.getByRole('alert')).toContainText('RuntimeError: broken twin (line 1)');
  await expect(review.getByTestId('review-codebleu')).toHaveText(/^0\.\d{4}$/);
  await expect(review.getByTestId('review-results')).toContainText(
    "The twin's run did not get through",
  );
});
