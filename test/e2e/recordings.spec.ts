// A run's recording in the real UI (through `twinforge serve`, the pychrono double): the
// run appears in File > Runs…, exports as an MCAP download, and opens in the twin's view.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { workspaceUrl } from './serve-env';
import { dropFile } from './page-tools';

const PENDULUM = resolve(__dirname, '../fixtures/scripts/pendulum.py');

test("a run's recording appears in the Runs list, exports as MCAP and opens", async ({ page }) => {
  await page.goto(workspaceUrl());
  await expect(page.getByTestId('editor-panel').locator('.monaco-editor')).toBeVisible({
    timeout: 20_000,
  });
  await dropFile(page, 'pendulum.py', readFileSync(PENDULUM, 'utf8'));
  await expect(page.getByTestId('editor-file-name')).toHaveText('pendulum.py');
  await page.getByTestId('run-start').click();
  const viewer = page.getByTestId('viewer-panel');
  await expect(viewer.getByTestId('timeline-slider')).toBeEnabled({ timeout: 20_000 });
  await page.getByTestId('run-stop').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-status', 'stopped', {
    timeout: 20_000,
  });

  await page.getByTestId('menu-bar').getByRole('menuitem', { name: 'File' }).click();
  await page.getByRole('menuitem', { name: /^Runs…/ }).click();
  const dialog = page.getByTestId('runs-dialog');
  const row = dialog.getByTestId('runs-row').first();
  await expect(row).toContainText('twin');
  await expect(row).toContainText('Stopped', { timeout: 10_000 });
  await expect(row).toContainText(/\d+(\.\d)? (KB|MB|B)/);

  const download = page.waitForEvent('download');
  await dialog.getByTestId('runs-format').selectOption('mcap');
  await row.getByTestId('runs-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/-twin-.*\.mcap$/);
  const bytes = readFileSync(await file.path());
  expect(bytes.subarray(0, 8).toString('latin1')).toBe('\x89MCAP0\r\n');

  await row.getByTestId('runs-open').click();
  await expect(dialog).toBeHidden();
  await expect(viewer.getByText(/Recording .*-twin-.*\.tfrec/)).toBeVisible();
});
