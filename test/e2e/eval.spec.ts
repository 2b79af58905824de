// The evaluation panel through `twinforge serve` in Chromium: opened from the Model menu,
// it lists SimBench's shared task set (read at run time from ../shared), runs one model on
// one task against the fake Ollama server (which replays SimBench's recorded answer) with
// the PyChrono double, shows the leaderboard and the grid, opens the cell beside its
// reference and hands it to the review; and the palette opens it too.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { FAKE_OLLAMA_URL } from './fake-ollama-env';
import { workspaceUrl } from './serve-env';

const TASKS = resolve(__dirname, '../../../shared/simbench/tasks');

test('an evaluation runs from the panel, shows its leaderboard and opens a cell for review', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await fetch(`${FAKE_OLLAMA_URL}/__fake/reset`, { method: 'POST', body: '{}' });
  const out = mkdtempSync(join(tmpdir(), 'twinforge-e2e-eval-'));
  await page.goto(workspaceUrl());
  await page.getByTestId('menu-bar').getByRole('menuitem', { name: 'Model' }).click();
  await page.getByRole('menuitem', { name: /Evaluate Models on a Task Set/ }).click();
  const dialog = page.getByTestId('eval-dialog');
  await expect(dialog).toBeVisible();

  await dialog.getByTestId('eval-tasks-dir').fill(TASKS);
  await dialog.getByTestId('eval-list').click();
  await expect(dialog.getByTestId('eval-task-list')).toContainText('19 tasks');
  await dialog.getByTestId('eval-task-pendulum').check();
  await dialog.getByTestId('eval-model-qwen2.5-coder:7b').check();
  await dialog.getByTestId('eval-turn-2').uncheck();
  await dialog.getByTestId('eval-turn-3').uncheck();
  await dialog.getByTestId('eval-sim-time').fill('1');
  await dialog.getByLabel('Results folder').fill(out);
  await dialog.getByTestId('eval-start').click();

  await expect(dialog.getByTestId('eval-progress')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000,
  });
  await expect(dialog.getByTestId('eval-progress')).toContainText('1/1 cells');
  const row = dialog.getByTestId('eval-leaderboard-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('qwen2.5-coder:7b');
  // gpt-4o-mini's recorded answer scored as SimBench published it: CodeBLEU 0.323.
  await expect(row).toContainText('0.323');

  await dialog.getByTestId('eval-tab-grid').click();
  await dialog.getByRole('button', { name: 'qwen2.5-coder:7b, pendulum turn 1' }).click();
  const detail = dialog.getByTestId('eval-cell-detail');
  await expect(detail).toContainText('qwen2.5-coder:7b · pendulum turn 1');
  await expect(detail.getByTestId('eval-reference')).toContainText('ChLinkLockRevolute');
  await expect(detail.getByTestId('eval-contract')).toBeVisible();
  await expect(detail.getByTestId('eval-open-review')).toBeEnabled();
  await detail.getByTestId('eval-open-review').click();
  // The cell opens in the review: its answer is the twin, the turn's truthN.py the reference.
  const review = page.getByTestId('review-workspace');
  await expect(review).toBeVisible();
  await expect(dialog).toHaveCount(0);
  await expect(review).toContainText('truth1.py');
  // It says where the twin came from, with the cell's contract levels.
  const origin = review.getByTestId('review-origin');
  await expect(origin).toContainText('qwen2.5-coder:7b · pendulum turn 1');
  await expect(origin).toContainText('Contract L1');
  await expect(origin).toContainText('Contract L3');
  await review.getByTestId('review-close').click();

  // The palette finds it too.
  await page.keyboard.press('Control+Shift+P');
  const palette = page.getByTestId('command-palette');
  await palette.getByRole('combobox').fill('evaluate models');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('eval-dialog')).toBeVisible();
});
