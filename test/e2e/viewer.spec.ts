// The 3D view in the real UI (through `twinforge serve`): open a recorded stream fixture
// with the viewer's file input, check the canvas shows something, that scrubbing changes
// the picture, that clicking a body selects it and plots it, and keep a screenshot.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { workspaceUrl } from './serve-env';
import { dropFile, greyLevels, meanAbsDiff, variance } from './page-tools';

const FIXTURE = resolve(__dirname, '../fixtures/streams/mechanism.tfrec');
const PENDULUM = resolve(__dirname, '../fixtures/scripts/pendulum.py');

async function openFixture(page: Page): Promise<Locator> {
  await page.goto(workspaceUrl());
  const viewer = page.getByTestId('viewer-panel');
  await expect(viewer).toBeVisible({ timeout: 20_000 });
  await viewer.getByTestId('open-recording-input').setInputFiles(FIXTURE);
  await expect(viewer.getByTestId('timeline-slider')).toBeEnabled();
  await expect(viewer.getByText(/Recording mechanism\.tfrec/)).toBeVisible();
  return viewer;
}

test('a recorded stream replays in the 3D view: picture, scrubbing, picking, plots', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const viewer = await openFixture(page);
  const canvas = viewer.locator('[data-testid="viewer-canvas"] canvas');
  await expect(canvas).toBeVisible();

  const first = await greyLevels(page, await canvas.screenshot());
  // Not blank: a flat image has (almost) no variance; the mechanism and its stand do.
  expect(variance(first)).toBeGreaterThan(20);

  // Scrub to the middle of the run: the crank, rod, slider and pendulum move.
  const slider = viewer.getByTestId('timeline-slider');
  await slider.fill('40');
  await expect(viewer.getByTestId('timeline-time')).toHaveText('0.800 s');
  // The picture follows within a frame or two of the time display.
  await expect
    .poll(async () => meanAbsDiff(first, await greyLevels(page, await canvas.screenshot())), {
      timeout: 5_000,
    })
    .toBeGreaterThan(0.2);

  // Click the slider body. With the scene's camera it sits near the middle of the view,
  // right of centre: try points from there outwards until a click selects it.
  const box = (await canvas.boundingBox())!;
  const name = viewer.getByTestId('info-name');
  const points: [number, number][] = [];
  for (let x = 0.3; x <= 0.9; x += 0.02) for (let y = 0.3; y <= 0.7; y += 0.03) points.push([x, y]);
  points.sort((a, b) => Math.hypot(a[0] - 0.56, a[1] - 0.5) - Math.hypot(b[0] - 0.56, b[1] - 0.5));
  let selected = '';
  for (const [x, y] of points.slice(0, 120)) {
    await page.mouse.click(box.x + box.width * x, box.y + box.height * y);
    if ((await name.count()) && (await name.innerText()) === 'slider') {
      selected = 'slider';
      break;
    }
  }
  expect(selected).toBe('slider');
  await expect(viewer.getByTestId('info-panel')).toContainText('box');
  await expect(viewer.getByTestId('info-pose')).toContainText('Position');

  mkdirSync('test-results', { recursive: true });
  await canvas.screenshot({ path: 'test-results/viewer.png' });

  // File > Export Image (the toolbar's PNG button runs the same code): a PNG download.
  const download = page.waitForEvent('download');
  await viewer.getByRole('button', { name: 'PNG' }).click();
  const png = await download;
  expect(png.suggestedFilename()).toMatch(/^twinforge-view-.*\.png$/);
  const saved = readFileSync((await png.path())!);
  expect(saved.subarray(1, 4).toString()).toBe('PNG');
  expect(variance(await greyLevels(page, saved))).toBeGreaterThan(20);

  await page.getByTestId('tab-plots').click();
  const plots = page.getByTestId('plots-panel');
  await expect(plots.getByTestId('plots-bodies')).toHaveText('slider');
  await expect(plots.getByTestId('plot-position').locator('canvas')).toBeVisible();
  await expect(plots.getByTestId('plot-velocity').locator('canvas')).toBeVisible();
  await expect(plots).toContainText('151 samples');
  expect(errors).toEqual([]);
});

test('a file that is not a recording gives a clear message and keeps the view', async ({
  page,
}) => {
  const viewer = await openFixture(page);
  await viewer.getByTestId('open-recording-input').setInputFiles({
    name: 'broken.tfrec',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('not a recording'),
  });
  await expect(page.getByText(/broken\.tfrec could not be opened/)).toBeVisible();
  await expect(viewer.getByText(/Recording mechanism\.tfrec/)).toBeVisible();
});

test('a run of a script streams into the 3D view and its timeline', async ({ page }) => {
  await page.goto(workspaceUrl());
  const viewer = page.getByTestId('viewer-panel');
  await expect(page.getByTestId('editor-panel').locator('.monaco-editor')).toBeVisible({
    timeout: 20_000,
  });
  // Drop the pendulum script on the window, as from a file manager, and run it.
  await dropFile(page, 'pendulum.py', readFileSync(PENDULUM, 'utf8'));
  await expect(page.getByTestId('editor-file-name')).toHaveText('pendulum.py');
  await page.getByTestId('run-start').click();
  await expect(viewer.getByText('Live run')).toBeVisible({ timeout: 20_000 });
  await expect(viewer.getByTestId('timeline-slider')).toBeEnabled({ timeout: 20_000 });
  const canvas = viewer.locator('[data-testid="viewer-canvas"] canvas');
  await expect
    .poll(async () => variance(await greyLevels(page, await canvas.screenshot())), {
      timeout: 10_000,
    })
    .toBeGreaterThan(20);
  await page.getByTestId('run-stop').click();
});

test('a body picked in a run names the line that made it; the link puts the editor there', async ({
  page,
}) => {
  await page.goto(workspaceUrl());
  const viewer = page.getByTestId('viewer-panel');
  const editor = page.getByTestId('editor-panel');
  await expect(editor.locator('.monaco-editor')).toBeVisible({ timeout: 20_000 });
  await dropFile(page, 'pendulum.py', readFileSync(PENDULUM, 'utf8'));
  await expect(page.getByTestId('editor-file-name')).toHaveText('pendulum.py');
  await page.getByTestId('run-start').click();
  await expect(viewer.getByTestId('timeline-slider')).toBeEnabled({ timeout: 20_000 });
  await page.getByTestId('run-stop').click();

  // The ground's box sits where the script's camera looks: click around the middle.
  const canvas = viewer.locator('[data-testid="viewer-canvas"] canvas');
  const box = (await canvas.boundingBox())!;
  const name = viewer.getByTestId('info-name');
  let picked = '';
  for (const dy of [0, 0.02, -0.02, 0.04, -0.04, 0.06, -0.06]) {
    for (const dx of [0, 0.02, -0.02, 0.04, -0.04]) {
      await page.mouse.click(box.x + box.width * (0.5 + dx), box.y + box.height * (0.5 + dy));
      if ((await name.count()) && (await name.innerText()) === 'ground') picked = 'ground';
      if (picked) break;
    }
    if (picked) break;
  }
  expect(picked).toBe('ground');
  // pendulum.py makes the ground at line 9 and adds it to the system at line 13.
  const madeAt = viewer.getByTestId('info-made-at');
  await expect(madeAt).toHaveText(/line 9, added at line 13/);
  await madeAt.getByTestId('info-line-link').first().click();
  await expect(editor.locator('.active-line-number')).toHaveText('9');

  // Once the script changes, its lines may have moved: the link says so instead.
  await page.keyboard.press('Home');
  await page.keyboard.type('\n');
  await madeAt.getByTestId('info-line-link').first().click();
  await expect(viewer.getByTestId('info-line-stale')).toContainText(
    'line 9 may hold something else',
  );
});
