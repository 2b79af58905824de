// The editor knows PyChrono, in a browser through `twinforge serve`: an old name gets a
// squiggle and a quick fix, a value built from a pychrono class gets its members as
// completions, "Fix all" goes through the diff review, and the review of a model's answer
// lists its problems and applies their safe fixes before it is accepted.
import { expect, test, type Page } from '@playwright/test';
import { FAKE_OLLAMA_URL } from './fake-ollama-env';
import { workspaceUrl } from './serve-env';

const editor = (page: Page) => page.getByTestId('editor-panel');

async function openWorkspace(page: Page): Promise<void> {
  await page.goto(workspaceUrl());
  await expect(editor(page).locator('.monaco-editor')).toBeVisible({ timeout: 20_000 });
}

/** Writes a line at the end of the script. Inserted whole, as a paste is: typed key by key,
 *  a "(" can land while the completion list is open and be taken as its commit character. */
async function typeAtEnd(page: Page, text: string): Promise<void> {
  await editor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText(text);
}

async function editorText(page: Page): Promise<string> {
  return (await editor(page).locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
}

test('chrono.ChVectorD( gets a squiggle and the rename as a quick fix', async ({ page }) => {
  await openWorkspace(page);
  await typeAtEnd(page, 'v = chrono.ChVectorD(1, 2, 3)');
  const squiggle = editor(page).locator('.squiggly-error');
  await expect(squiggle).toHaveCount(1, { timeout: 10_000 });

  // Hovering the squiggle tells why.
  await squiggle.hover({ force: true });
  await expect(
    page.locator('.monaco-hover').filter({ hasText: 'was renamed' }).first(),
  ).toContainText('ChVector3d', {
    timeout: 10_000,
  });

  // The cursor on the name, the light bulb lists the quick fix; choosing it renames.
  await page.keyboard.press('Home');
  for (let i = 0; i < 'v = chrono.Ch'.length; i++) await page.keyboard.press('ArrowRight');
  await page.mouse.move(0, 0);
  const lightBulb = editor(page).locator('.lightBulbWidget');
  await expect(lightBulb).toBeVisible({ timeout: 10_000 });
  await lightBulb.click({ force: true });
  const fix = page.locator('.action-widget').getByText('Rename to ChVector3d');
  await expect(fix).toBeVisible({ timeout: 10_000 });
  // The list has the focus, the preferred fix first: Enter takes it.
  await page.keyboard.press('Enter');
  await expect.poll(() => editorText(page)).toContain('chrono.ChVector3d(1, 2, 3)');
  await expect(squiggle).toHaveCount(0, { timeout: 10_000 });
});

test('body. lists the members of the class body was built from', async ({ page }) => {
  await openWorkspace(page);
  await typeAtEnd(page, 'body = chrono.ChBodyEasyBox(1, 1, 1, 1000)');
  await page.keyboard.press('Enter');
  await page.keyboard.type('body.');
  const suggestions = page.locator('.suggest-widget');
  await expect(suggestions).toBeVisible({ timeout: 10_000 });
  // Members of ChBodyEasyBox, its own and inherited (SetPos comes from ChFrame).
  await page.keyboard.type('SetFi');
  await expect(suggestions.getByRole('option', { name: /SetFixed/ })).toBeVisible();
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('Pos');
  await expect(suggestions.getByRole('option', { name: /^SetPos\b/ }).first()).toBeVisible();
});

test('Fix all in Problems opens one reviewed change labelled as lint fixes', async ({ page }) => {
  await openWorkspace(page);
  await typeAtEnd(page, 'sys = chrono.ChSystemNSC()');
  await typeAtEnd(page, 'sys.Set_G_acc(chrono.ChVectorD(0, -9.81, 0))');
  await page.getByRole('tab', { name: /Problems/ }).click();
  await expect(page.getByTestId('lint-problem')).toHaveCount(2, { timeout: 10_000 });
  await page.getByTestId('lint-fix-all').click();
  const review = page.getByTestId('diff-review');
  await expect(review).toHaveAttribute('data-origin', 'lint');
  await expect(review.getByRole('heading')).toHaveText('Review the lint fixes');
  await review.getByTestId('diff-accept-all').click();
  await expect(review).toBeHidden();
  await expect
    .poll(() => editorText(page))
    .toContain('sys.SetGravitationalAcceleration(chrono.ChVector3d(0, -9.81, 0))');
  await expect(page.getByTestId('lint-problem')).toHaveCount(0, { timeout: 10_000 });
});

test("the review of a model's answer lists its PyChrono problems and fixes them first", async ({
  page,
}) => {
  const post = (path: string, body: unknown = {}) =>
    fetch(`${FAKE_OLLAMA_URL}${path}`, { method: 'POST', body: JSON.stringify(body) });
  await post('/__fake/reset');
  const script = [
    'import pychrono as chrono',
    'sys = chrono.ChSystemNSC()',
    'sys.Set_G_acc(chrono.ChVectorD(0, -9.81, 0))',
  ].join('\n');
  await post('/__fake/scenario', {
    answers: [{ text: `The script:\n\n\`\`\`python\n${script}\n\`\`\`\n` }],
  });
  await openWorkspace(page);
  await page.getByTestId('chat-new').click();
  await page.getByTestId('chat-model-button').click();
  await page.getByTestId('model-dialog').getByRole('radio', { name: 'qwen2.5-coder:7b' }).check();
  await page.getByTestId('model-dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('chat-input').fill('A system with gravity');
  await page.getByTestId('chat-send').click();

  const review = page.getByTestId('diff-review');
  await expect(review).toHaveAttribute('data-origin', 'model', { timeout: 20_000 });
  const lint = review.getByTestId('diff-lint');
  await expect(lint).toContainText('PyChrono: 2 problems in the proposal');
  await expect(lint).toContainText('`ChVectorD` was renamed `ChVector3d`');
  await lint.getByTestId('diff-lint-fix').click();
  await expect(lint).toBeHidden();
  await review.getByTestId('diff-accept-all').click();
  await expect
    .poll(() => editorText(page))
    .toContain('sys.SetGravitationalAcceleration(chrono.ChVector3d(0, -9.81, 0))');
});
