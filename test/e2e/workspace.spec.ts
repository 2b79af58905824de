// The workspace in a browser through `twinforge serve`: the four areas, the layout kept
// across reloads, the command palette, opening a script, and a run with the PyChrono double.
import { expect, test, type Page } from '@playwright/test';
import { workspaceUrl } from './serve-env';
import { dropFile } from './page-tools';

const AREAS = [
  'chat-panel',
  'editor-panel',
  'viewer-panel',
  'bottom-panel',
  'status-bar',
  'menu-bar',
];

/** Errors the page logs; the workspace must start without any. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

async function openWorkspace(page: Page): Promise<void> {
  await page.goto(workspaceUrl());
  // The first load compiles Monaco's bundle; on a busy machine that takes a while.
  await expect(page.getByTestId('editor-panel').locator('.monaco-editor')).toBeVisible({
    timeout: 20_000,
  });
}

async function editorText(page: Page): Promise<string> {
  // The view lines of Monaco hold the visible text, one element per line.
  return (await page.locator('[data-testid="editor-panel"] .view-lines').innerText()).replace(
    /\u00a0/g,
    ' ',
  );
}

test('every area is visible, without console errors, and a screenshot is kept', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openWorkspace(page);
  for (const id of AREAS) await expect(page.getByTestId(id).first()).toBeVisible();
  for (const tab of ['Console', 'Plots', 'Problems']) {
    await expect(page.getByRole('tab', { name: tab })).toBeVisible();
  }
  // The status bar has heard from the runtime probe.
  await expect(page.getByTestId('status-runtime')).not.toHaveText(/checking/);
  // ...and says whether runs are confined, with what holds them in its tooltip.
  const confinement = page.getByTestId('status-confinement');
  await expect(confinement).toHaveText(/^Runs (not )?confined$/);
  await expect(confinement).toHaveAttribute('title', /Memory/);
  await page.screenshot({ path: 'test-results/workspace.png' });
  expect(errors).toEqual([]);
});

test('a resized pane keeps its size after a reload', async ({ page }) => {
  await openWorkspace(page);
  const chat = page.getByTestId('chat-panel').first();
  // What react-resizable-panels stored for the top row: the chat pane's share, in percent.
  const savedChatShare = () =>
    page.evaluate(() => {
      const raw = localStorage.getItem('react-resizable-panels:twinforge.layout.top.v1');
      if (!raw) return null;
      const entry = Object.values(JSON.parse(raw) as Record<string, { layout: number[] }>)[0];
      return entry?.layout[0] ?? null;
    });
  const before = (await chat.boundingBox())!.width;
  const handle = (await page.getByTestId('resize-chat-editor').boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x + 140, handle.y + handle.height / 2, { steps: 8 });
  await page.mouse.up();
  const resized = (await chat.boundingBox())!.width;
  expect(resized).toBeGreaterThan(before + 100);
  // The layout is written shortly after the drag ends; wait for the final one.
  const rowWidth = (await page.locator('.workspace-main').boundingBox())!.width;
  await expect
    .poll(async () => Math.abs(((await savedChatShare()) ?? 0) - (100 * resized) / rowWidth))
    .toBeLessThan(1);

  await page.reload();
  await expect(page.getByTestId('editor-panel').locator('.monaco-editor')).toBeVisible();
  const after = (await page.getByTestId('chat-panel').first().boundingBox())!.width;
  expect(Math.abs(after - resized)).toBeLessThan(3);
});

test('the command palette runs an action', async ({ page }) => {
  await openWorkspace(page);
  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  await page.keyboard.press('Control+Shift+P');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await palette.getByRole('combobox').fill('toggle light');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.locator('html')).toHaveAttribute(
    'data-theme',
    theme === 'dark' ? 'light' : 'dark',
  );

  // The menu bar lists the same actions.
  await page.getByTestId('menu-bar').getByRole('menuitem', { name: 'View' }).click();
  await page.getByRole('menuitem', { name: /Show Problems/ }).click();
  await expect(page.getByRole('tab', { name: 'Problems' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});

test('a dropped script opens in the editor', async ({ page }) => {
  await openWorkspace(page);
  await dropFile(page, 'dropped_twin.py', 'import pychrono as chrono\nMARKER = "dropped twin"\n');
  await expect(page.getByTestId('editor-file-name')).toHaveText('dropped_twin.py');
  await expect.poll(() => editorText(page)).toContain('MARKER = "dropped twin"');
});

test('File > Open puts the chosen script in the editor', async ({ page }) => {
  // Without the File System Access API the browser falls back to a file input.
  await page.addInitScript(() => {
    delete (window as unknown as Record<string, unknown>).showOpenFilePicker;
  });
  await openWorkspace(page);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('menu-bar').getByRole('menuitem', { name: 'File' }).click();
  await page.getByRole('menuitem', { name: /^Open Script…/ }).click();
  await (
    await chooser
  ).setFiles({
    name: 'opened_twin.py',
    mimeType: 'text/x-python',
    buffer: Buffer.from('OPENED = "from the file picker"\n'),
  });
  await expect(page.getByTestId('editor-file-name')).toHaveText('opened_twin.py');
  await expect.poll(() => editorText(page)).toContain('OPENED = "from the file picker"');
});

test('Run shows the run state and the console output', async ({ page }) => {
  await openWorkspace(page);
  await dropFile(
    page,
    'hello_run.py',
    'import pychrono as chrono\nprint("hello from the twin", chrono.ChVector3d(1, 2, 3).x)\n',
  );
  await expect(page.getByTestId('editor-file-name')).toHaveText('hello_run.py');
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-status', /finished|limit/, {
    timeout: 20_000,
  });
  await expect(page.getByTestId('console')).toContainText('hello from the twin 1.0');
  await expect(page.getByTestId('status-run')).toContainText(/Finished|Limit/);
});

test('a failing script lists its error in Problems and jumps to the line', async ({ page }) => {
  await openWorkspace(page);
  await dropFile(page, 'broken.py', 'x = 1\ny = 2\nraise RuntimeError("the twin broke")\n');
  await expect(page.getByTestId('editor-file-name')).toHaveText('broken.py');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-status', 'error', {
    timeout: 20_000,
  });
  await page.getByRole('tab', { name: /Problems/ }).click();
  const problem = page.getByTestId('problems').getByRole('button', { name: /the twin broke/ });
  await expect(problem).toContainText(':3');
  await problem.click();
  await expect(page.locator('[data-testid="editor-panel"] .squiggly-error')).toHaveCount(1);
});

test('a looping run can be paused, stepped and stopped from the toolbar', async ({ page }) => {
  await openWorkspace(page);
  await dropFile(
    page,
    'loop.py',
    [
      'import time',
      'import pychrono as chrono',
      'import pychrono.irrlicht as chronoirr',
      'system = chrono.ChSystemNSC()',
      'box = chrono.ChBodyEasyBox(1, 1, 1, 1000, True, False)',
      'system.Add(box)',
      'vis = chronoirr.ChVisualSystemIrrlicht()',
      'vis.AttachSystem(system)',
      'vis.Initialize()',
      'while vis.Run():',
      '    vis.BeginScene()',
      '    vis.Render()',
      '    vis.EndScene()',
      '    system.DoStepDynamics(0.001)',
      '    time.sleep(0.002)  # slow enough to be caught running',
      '',
    ].join('\n'),
  );
  await expect(page.getByTestId('editor-file-name')).toHaveText('loop.py');
  await page.getByTestId('run-start').click();
  const state = page.getByTestId('run-state');
  await expect(state).toHaveAttribute('data-status', 'running', { timeout: 20_000 });
  await expect(state.getByRole('progressbar')).toBeVisible();

  await page.getByTestId('run-pause').click();
  await expect(state).toHaveAttribute('data-status', 'paused');
  const pausedAt = await state.locator('[title="Simulated time"]').innerText();
  await page.getByTestId('run-step').click();
  await expect(state.locator('[title="Simulated time"]')).not.toHaveText(pausedAt);

  await page.getByTestId('run-stop').click();
  await expect(state).toHaveAttribute('data-status', 'stopped', { timeout: 10_000 });
  await expect(page.getByTestId('console')).toContainText('Run stopped');
});

test('the bottom panel folds away and comes back when a tab is asked for', async ({ page }) => {
  await openWorkspace(page);
  const runCommand = async (text: string) => {
    await page.keyboard.press('Control+Shift+P');
    await page.getByTestId('command-palette').getByRole('combobox').fill(text);
    await page.keyboard.press('Enter');
  };
  await runCommand('toggle bottom panel');
  await expect(page.getByTestId('bottom-panel')).toBeHidden();
  await runCommand('show problems');
  await expect(page.getByTestId('bottom-panel')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Problems' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});

test('W/A/S/D on the focused 3D view drive the running script', async ({ page }) => {
  await openWorkspace(page);
  await dropFile(
    page,
    'drive.py',
    [
      'import time',
      'import pychrono as chrono',
      'import pychrono.irrlicht as chronoirr',
      'import pychrono.vehicle as veh',
      'system = chrono.ChSystemNSC()',
      'vis = chronoirr.ChVisualSystemIrrlicht()',
      'vis.AttachSystem(system)',
      'vis.Initialize()',
      'driver = veh.ChInteractiveDriverIRR(vis)',
      'last = None',
      'while vis.Run():',
      '    vis.BeginScene()',
      '    vis.Render()',
      '    vis.EndScene()',
      '    system.DoStepDynamics(0.001)',
      '    now = "throttle=%g steering=%g" % (driver.GetThrottle(), driver.GetSteering())',
      '    if now != last:',
      '        print(now, flush=True)',
      '        last = now',
      '    time.sleep(0.002)',
      '',
    ].join('\n'),
  );
  await expect(page.getByTestId('editor-file-name')).toHaveText('drive.py');
  await page.getByTestId('run-start').click();
  const console = page.getByTestId('console');
  await expect(console).toContainText('throttle=0 steering=0', { timeout: 20_000 });

  await page.getByTestId('viewer-area').focus();
  await page.keyboard.down('w');
  await page.keyboard.down('a');
  await expect(console).toContainText('throttle=1 steering=1');
  await page.keyboard.up('w');
  await page.keyboard.up('a');
  // Releasing the keys returns the inputs to neutral.
  await expect
    .poll(async () => (await console.innerText()).match(/throttle=0 steering=0/g)?.length ?? 0)
    .toBe(2);
  await page.getByTestId('run-stop').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-status', 'stopped');
});
