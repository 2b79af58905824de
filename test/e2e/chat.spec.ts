// The chat through `twinforge serve` in Chromium, against the fake Ollama server that
// playwright.config.ts starts: a streamed answer reviewed as a diff and accepted, run with
// the PyChrono double; a second turn that modifies the script; a failing script repaired by
// "Run & fix"; a pull with its progress bar; and a server that is down. The answers replay
// recorded SimBench answers (../shared/simbench/model-outputs, read at run time).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { FAKE_OLLAMA_URL } from './fake-ollama-env';
import { workspaceUrl } from './serve-env';

const OUTPUTS = join(__dirname, '../../../shared/simbench/model-outputs');
const recorded = (model: string, task: string, turn: 'first' | 'second' | 'third') =>
  readFileSync(join(OUTPUTS, model, task, `${turn}_response.txt`), 'utf8');

async function fake(path: string, body: unknown = {}): Promise<unknown> {
  const res = await fetch(`${FAKE_OLLAMA_URL}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return res.json();
}
async function fakeState(): Promise<{
  requests: { messages: { role: string; content: string }[]; options: Record<string, unknown> }[];
}> {
  return (await fetch(`${FAKE_OLLAMA_URL}/__fake/state`)).json() as never;
}

async function editorText(page: Page): Promise<string> {
  return (await page.locator('[data-testid="editor-panel"] .view-lines').innerText()).replace(
    /\u00a0/g,
    ' ',
  );
}

async function openChat(page: Page): Promise<void> {
  await fake('/__fake/reset');
  await page.goto(workspaceUrl());
  await expect(page.getByTestId('editor-panel').locator('.monaco-editor')).toBeVisible();
  // Each test starts a new chat (the conversation of 'untitled' is kept between loads).
  await page.getByTestId('chat-new').click();
  // Choose the model in the model menu.
  await page.getByTestId('chat-model-button').click();
  const dialog = page.getByTestId('model-dialog');
  await dialog.getByRole('radio', { name: 'qwen2.5-coder:7b' }).check();
  await expect(page.getByTestId('model-details')).toContainText('context up to 32,768 tokens');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('chat-model-button')).toContainText('qwen2.5-coder:7b');
}

async function ask(page: Page, prompt: string): Promise<void> {
  await page.getByTestId('chat-input').fill(prompt);
  await page.getByTestId('chat-send').click();
}

// The recorded gpt-4o-mini double-pendulum answer, with the one name it got wrong for 9.0.1.
const doublePendulum = () =>
  recorded('gpt-4o-mini', 'pendulum', 'third').replaceAll('chrono.ChFrame(', 'chrono.ChFramed(');

test('a prompt streams an answer whose script is reviewed, accepted, run, then modified', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openChat(page);
  const answer = doublePendulum();
  const moon = answer.replace(
    'ChVector3d(0, -9.81, 0))  # g = 9.81',
    'ChVector3d(0, -1.62, 0))  # g = 1.62',
  );
  expect(moon).not.toBe(answer);
  await fake('/__fake/scenario', {
    answers: [{ text: answer, mode: 'slow', delayMs: 3 }, { text: moon }],
  });

  await ask(page, 'A double pendulum with revolute joints, rendered with Irrlicht');
  // The answer streams in, and Stop is offered while it does.
  await expect(page.getByTestId('chat-streaming')).toBeVisible();
  await expect(page.getByTestId('chat-stop')).toBeVisible();
  // The script comes as a diff to review; the editor is untouched until accepted.
  const review = page.getByTestId('diff-review');
  await expect(review).toBeVisible({ timeout: 20_000 });
  expect(await editorText(page)).not.toContain('ChSystemNSC');
  await expect(page.getByTestId('chat-message-assistant').last().locator('pre code')).toContainText(
    'import pychrono',
  );
  // The model is now loaded: the status bar shows its memory on the GPU.
  await expect(page.getByTestId('status-loaded-models')).toContainText(
    /qwen2\.5-coder:7b · [\d.]+ GB VRAM · 100% GPU/,
  );
  await page.getByTestId('diff-accept-all').click();
  await expect(review).toBeHidden();
  await expect.poll(() => editorText(page)).toContain('sys = chrono.ChSystemNSC()');

  // Run with the PyChrono double: the bodies appear in the view while it runs.
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-status', 'running', {
    timeout: 30_000,
  });
  await expect(
    page.getByTestId('viewer-canvas').getByText(/Run a script, or drop a recording/),
  ).toHaveCount(0, { timeout: 15_000 });
  await page.getByTestId('run-stop').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-status', 'stopped', {
    timeout: 15_000,
  });

  // Turn 2: the current script goes with the request; the answer changes one line.
  await ask(page, 'Put the pendulum on the moon');
  await expect(review).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('diff-change-count')).toHaveText(/^1 change left/);
  await page.getByTestId('diff-accept-all').click();
  await expect.poll(() => editorText(page)).toContain('-1.62');
  const { requests } = await fakeState();
  expect(requests).toHaveLength(2);
  const turn2 = requests[1].messages.at(-1)!.content;
  expect(turn2).toContain('sys = chrono.ChSystemNSC()');
  expect(turn2).toContain('Put the pendulum on the moon');
  expect(turn2).toMatch(/complete modified script/);
  // The run of turn 1 goes with turn 2: what it made, and on which lines.
  expect(turn2).toContain('# What the last run did');
  expect(turn2).toMatch(/line \d+/);
  // The context grows with the conversation, never shrinks (a smaller num_ctx reloads the model).
  expect(Object.keys(requests[1].options)).toEqual(['num_ctx']);
  expect(Number(requests[1].options.num_ctx)).toBeGreaterThanOrEqual(
    Number(requests[0].options.num_ctx),
  );

  // Both accepted changes are versions; the first can be restored, adding a version.
  await page.getByTestId('chat-versions').click();
  const rows = page.getByTestId('version-row');
  const count = await rows.count();
  expect(count).toBeGreaterThanOrEqual(2);
  await expect(rows.nth(count - 1)).toContainText('Put the pendulum on the moon');
  await expect(rows.nth(count - 2)).toContainText('A double pendulum with revolute joints');
  await page
    .getByTestId('version-restore')
    .nth(count - 2)
    .click();
  await expect.poll(() => editorText(page)).toContain('-9.81');
  await expect(rows).toHaveCount(count + 1);
  await expect(rows.nth(count)).toContainText('restore');
  await page.getByTestId('versions-dialog').getByRole('button', { name: 'Close' }).click();

  // The conversation and the versions are kept with the (untitled) project across a reload.
  const saved = join(process.env.TWINFORGE_E2E_USER_DATA ?? '', 'projects', 'untitled');
  const projectFile = (f: string) => join(saved, f, 'project.json');
  await expect
    .poll(() =>
      existsSync(saved)
        ? readdirSync(saved).some(
            (f) =>
              existsSync(projectFile(f)) &&
              readFileSync(projectFile(f), 'utf8').includes('"origin": "restore"'),
          )
        : false,
    )
    .toBe(true);
  await page.reload();
  await expect(
    page.getByTestId('chat-message-user').filter({ hasText: 'Put the pendulum on the moon' }),
  ).toBeVisible();
  await expect(page.getByTestId('chat-versions')).toHaveText(`Versions (${count + 1})`);
});

test('per-change review applies only the accepted change', async ({ page }) => {
  await openChat(page);
  const answer = doublePendulum();
  const edited = answer
    .replace('ChVector3d(0, -9.81, 0))  # g = 9.81', 'ChVector3d(0, -1.62, 0))  # g = 1.62')
    .replace('vis.SetWindowSize(1024, 768)', 'vis.SetWindowSize(800, 600)');
  await fake('/__fake/scenario', { answers: [{ text: answer }, { text: edited }] });
  await ask(page, 'A double pendulum');
  await expect(page.getByTestId('diff-review')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('diff-accept-all').click();
  await expect.poll(() => editorText(page)).toContain('ChSystemNSC');
  await ask(page, 'Moon gravity and a smaller window');
  await expect(page.getByTestId('diff-change')).toHaveCount(2, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Accept change 1' }).click();
  await expect(page.getByTestId('diff-change')).toHaveCount(1);
  await page.getByRole('button', { name: 'Reject change 1' }).click();
  await expect(page.getByTestId('diff-change-count')).toHaveText(
    /^0 changes left · 1 accepted, 1 rejected/,
  );
  await page.getByTestId('diff-apply-accepted').click();
  await expect.poll(() => editorText(page)).toContain('-1.62');
  // What the editor now holds goes with the next request: the window line was kept.
  await fake('/__fake/scenario', { answers: [{ text: edited }] });
  await ask(page, 'Anything else to check?');
  await expect(page.getByTestId('diff-review')).toBeVisible({ timeout: 20_000 });
  const { requests } = await fakeState();
  const sent = requests[2].messages.at(-1)!.content;
  expect(sent).toContain('ChVector3d(0, -1.62, 0)');
  expect(sent).toContain('vis.SetWindowSize(1024, 768)');
  expect(sent).not.toContain('800, 600');
  await page.getByTestId('diff-reject-all').click();
  await expect(page.getByTestId('diff-review')).toHaveCount(0);
});

test('Run & fix repairs a failing script in two attempts', async ({ page }) => {
  test.setTimeout(120_000);
  await openChat(page);
  // The recorded answer fails on two names that are not PyChrono 9.0.1's.
  const failing = recorded('gpt-4o-mini', 'pendulum', 'second');
  const fix1 = failing.replaceAll('chrono.ChFrame(', 'chrono.ChFramed(');
  const fix2 = fix1.replaceAll('SetWvel_par', 'SetAngVelParent');
  await fake('/__fake/scenario', { answers: [{ text: failing }, { text: fix1 }, { text: fix2 }] });
  await ask(page, 'A pendulum on the moon with a spherical joint');
  await expect(page.getByTestId('diff-review')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('diff-accept-all').click();
  await expect.poll(() => editorText(page)).toContain('ChFrame(');

  await page.getByTestId('chat-run-fix').click();
  const loop = page.getByTestId('repair-loop');
  await expect(loop).toHaveAttribute('data-status', 'fixed', { timeout: 90_000 });
  await expect(page.getByTestId('repair-attempt')).toHaveCount(2);
  await expect(page.getByTestId('repair-attempt').nth(0)).toContainText(/no attribute '?ChFrame/);
  await expect(page.getByTestId('repair-attempt').nth(1)).toContainText('SetWvel_par');
  await expect(page.getByTestId('repair-diagnosis')).toContainText('Fixed in 2 attempts');
  // The fix waits for review: the editor still holds the failing script.
  const review = page.getByTestId('diff-review');
  await expect(review).toBeVisible();
  expect(await editorText(page)).toContain('chrono.ChFrame(');
  await expect(review.locator('.monaco-diff-editor')).toBeVisible();
  await page.getByTestId('diff-accept-all').click();
  await expect(review).toHaveCount(0);
  await expect.poll(() => editorText(page)).toContain('chrono.ChFramed(');
  await expect(page.locator('.editor-title .last-edit')).toHaveText('Repair');
  // The accepted fix is a version, which can be seen and reverted.
  await page.getByTestId('chat-versions').click();
  await expect(page.getByTestId('version-row').last()).toContainText('repair');
  await page.getByTestId('versions-dialog').getByRole('button', { name: 'Close' }).click();
  // The repair requests carried the error, its line and the script as it then was.
  const { requests } = await fakeState();
  expect(requests).toHaveLength(3);
  const repair1 = requests[1].messages.at(-1)!.content;
  expect(repair1).toMatch(/has no attribute '?ChFrame\b/);
  expect(repair1).toMatch(/line 19: `ground.AddVisualShape/);
  const repair2 = requests[2].messages.at(-1)!.content;
  expect(repair2).toContain('SetWvel_par');
  expect(repair2).toContain('chrono.ChFramed(chrono.ChVector3d(0, 0, +1))');
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-status', /finished|limit/);
  await expect(
    page.getByTestId('viewer-canvas').getByText(/Run a script, or drop a recording/),
  ).toHaveCount(0);
});

test('Run & fix stops with a diagnosis when the model returns the same script', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openChat(page);
  const failing = recorded('gpt-4o-mini', 'pendulum', 'second');
  await fake('/__fake/scenario', { answers: [{ text: failing }, { text: failing }] });
  await ask(page, 'A pendulum');
  await expect(page.getByTestId('diff-review')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('diff-accept-all').click();
  await page.getByTestId('chat-run-fix').click();
  await expect(page.getByTestId('repair-loop')).toHaveAttribute('data-status', 'failed', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('repair-diagnosis')).toContainText('same script unchanged');
});

test('a model is pulled with a progress bar, and appears in the list', async ({ page }) => {
  await openChat(page);
  await fake('/__fake/scenario', { pullStepMs: 60 });
  await page.getByTestId('chat-model-button').click();
  await page.getByTestId('pull-name').fill('codestral:22b');
  await page.getByTestId('pull-start').click();
  const progress = page.getByTestId('pull-progress');
  await expect(progress.locator('progress')).toBeVisible({ timeout: 10_000 });
  await expect(progress).toContainText(/GB/);
  await expect(page.getByTestId('pull-percent')).toHaveText(/^([1-9]|[1-9]\d)%$/);
  await expect(page.getByTestId('model-row').filter({ hasText: 'codestral:22b' })).toHaveCount(1, {
    timeout: 15_000,
  });
  await expect(page.getByTestId('model-row').filter({ hasText: 'codestral:22b' })).toContainText(
    'Q4_0',
  );
});

test('an answer that is cut keeps its text and says so; Stop keeps the partial answer', async ({
  page,
}) => {
  await openChat(page);
  await fake('/__fake/scenario', {
    answers: [
      { text: doublePendulum(), mode: 'cut', cutAt: 0.5 },
      { text: doublePendulum(), mode: 'slow', delayMs: 20 },
    ],
  });
  await ask(page, 'A double pendulum');
  const notice = page.getByTestId('chat-answer-notice').last();
  await expect(notice).toContainText('connection to the Ollama server broke', { timeout: 20_000 });
  await expect(page.getByTestId('chat-message-assistant').last()).toContainText('import pychrono');

  await ask(page, 'Again please');
  await expect(page.getByTestId('chat-streaming')).toContainText('import', { timeout: 10_000 });
  await page.getByTestId('chat-stop').click();
  await expect(page.getByTestId('chat-message-assistant').last()).toHaveAttribute(
    'data-state',
    'stopped',
  );
  await expect(page.getByTestId('chat-message-assistant').last()).toContainText('import');
});

test('a server that is down gets a clear message and the editor is untouched', async ({ page }) => {
  await openChat(page);
  const before = await editorText(page);
  await fake('/__fake/down', { forMs: 4000 });
  await ask(page, 'A pendulum');
  const notice = page.getByTestId('chat-answer-notice').last();
  await expect(notice).toContainText(`Cannot reach the Ollama server at ${FAKE_OLLAMA_URL}`, {
    timeout: 15_000,
  });
  await expect(notice).toContainText('ollama serve');
  expect(await editorText(page)).toBe(before);
  await expect(page.getByTestId('diff-review')).toHaveCount(0);
  // Let the server come back for whatever runs next.
  await expect
    .poll(
      async () => (await fetch(`${FAKE_OLLAMA_URL}/api/version`).catch(() => null))?.ok ?? false,
      { timeout: 10_000 },
    )
    .toBe(true);
});

test('a missing model gets a clear message and an offer to pull it', async ({ page }) => {
  await openChat(page);
  await fake('/__fake/scenario', { answers: [{ mode: 'missing' }] });
  await ask(page, 'A pendulum');
  const notice = page.getByTestId('chat-answer-notice').last();
  await expect(notice).toContainText('is not installed on the Ollama server', { timeout: 15_000 });
  await notice.getByRole('button', { name: 'Pull qwen2.5-coder:7b' }).click();
  await expect(page.getByTestId('pull-name')).toHaveValue('qwen2.5-coder:7b');
});
