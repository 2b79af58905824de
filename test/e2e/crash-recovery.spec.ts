// A host killed with SIGKILL 50 ms after the user typed loses nothing: the next start
// offers what was typed in the editor and in the chat, and puts it back.
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

/** Starts `twinforge serve` on its own user-data folder; resolves with the URL it prints. */
function serve(userData: string): { child: ChildProcess; url: Promise<string> } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PYTHONPATH: [join(root, 'python-runtime'), join(root, 'test/fixtures/pychrono-double')].join(
      delimiter,
    ),
    TWINFORGE_USER_DATA: userData,
  };
  delete env.TWINFORGE_PYTHON;
  const child = spawn(
    process.execPath,
    ['bin/twinforge.js', 'serve', '--port', '0', '--user-data', userData],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = new Promise<string>((done, fail) => {
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const match = /serving at (http:\/\/\S+)/.exec(out);
      if (match) done(match[1]);
    });
    child.once('exit', (code) => fail(new Error(`serve exited (${code}): ${out}`)));
  });
  return { child, url };
}

async function openWorkspace(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('editor-panel').locator('.monaco-editor')).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByTestId('status-project')).toBeVisible({ timeout: 10_000 });
}

test('kill -9 of serve just after typing loses nothing: the next start offers it back', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const userData = mkdtempSync(join(tmpdir(), 'twinforge-crash-'));
  let first: ChildProcess | null = null;
  let second: ChildProcess | null = null;
  try {
    const started = serve(userData);
    first = started.child;
    await openWorkspace(page, await started.url);

    await page.getByTestId('editor-panel').locator('.monaco-editor').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nTYPED_BEFORE_THE_CRASH = 42');
    await page.getByTestId('chat-input').fill('make the bob twice as heavy');
    await page.waitForTimeout(50);
    first.kill('SIGKILL');
    await new Promise((done) => first!.once('exit', done));

    const restarted = serve(userData);
    second = restarted.child;
    await openWorkspace(page, await restarted.url);
    const offer = page.getByTestId('backup-offer');
    await expect(offer).toBeVisible({ timeout: 10_000 });
    await expect(offer).toContainText('TYPED_BEFORE_THE_CRASH');
    await expect(offer).toContainText('make the bob twice as heavy');
    const rows = page.getByTestId('backup-row');
    await expect(rows).toHaveCount(2);
    for (const left of [1, 0]) {
      await rows.first().getByTestId('backup-restore').click();
      await expect(rows).toHaveCount(left);
    }
    await expect(page.getByTestId('editor-panel').locator('.view-lines')).toContainText(
      'TYPED_BEFORE_THE_CRASH = 42',
    );
    await expect(page.getByTestId('chat-input')).toHaveValue('make the bob twice as heavy');
  } finally {
    for (const child of [first, second]) {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((done) => child.once('exit', done));
      }
    }
    rmSync(userData, { recursive: true, force: true });
  }
});
