// The Simulation runtime card in Chromium through `twinforge serve`, for a user without any
// pychrono: packs built here (conda-pack's layout around the pychrono double), a loopback
// mirror that sends slowly enough for the progress bar to be watched, a pack "copied from a
// USB stick" into a folder on the host, and a script run with the installed runtime.
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makePack, type BuiltPack } from '../fixtures/runtime-pack/make-pack';
import { servePacks, type PackServer } from '../fixtures/runtime-pack/pack-server';
import { dropFile } from './page-tools';

const root = resolve(__dirname, '../..');
let dir: string;
let usbPack: BuiltPack;
let mirror: PackServer;
let serve: ChildProcess;
let url: string;

test.describe.configure({ mode: 'serial' });
test.skip(process.platform === 'win32', 'the test packs are POSIX environments');

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = await mkdtemp(join(tmpdir(), 'tf-e2e-runtime-'));
  // About 1 MB, sent at 400 KB/s: the download takes a few seconds.
  await makePack({
    dir: join(dir, 'mirror'),
    name: 'pychrono-full',
    version: '9.0.1-e2e',
    filler: { files: 16, bytes: 64 * 1024 },
  });
  mirror = await servePacks(join(dir, 'mirror'), { bytesPerSecond: 400_000 });
  usbPack = await makePack({ dir: join(dir, 'usb'), name: 'pychrono-usb', version: '9.0.1-e2e' });
  // A copy whose manifest does not match the pack.
  await mkdir(join(dir, 'damaged'));
  await copyFile(usbPack.packPath, join(dir, 'damaged', usbPack.manifest.file));
  await writeFile(
    join(dir, 'damaged', 'runtime-pack.json'),
    JSON.stringify({ ...usbPack.manifest, sha256: '0'.repeat(64) }),
  );

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TWINFORGE_RUNTIME_MIRROR: mirror.url,
    // A token on the command line is refused (every user can read it): the environment.
    TWINFORGE_TOKEN: 'runtime-e2e-token',
  };
  delete env.TWINFORGE_PYTHON;
  delete env.PYTHONPATH;
  serve = spawn(
    process.execPath,
    // The packs "copied to the host" lie in this test's folder, the only one browsers may use.
    [
      'bin/twinforge.js',
      'serve',
      '--port',
      '0',
      '--user-data',
      join(dir, 'user-data'),
      '--projects-root',
      dir,
    ],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  url = await new Promise<string>((done, fail) => {
    let out = '';
    serve.stdout!.setEncoding('utf8');
    serve.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const match = /serving at (http:\/\/127\.0\.0\.1:\d+\/\?token=runtime-e2e-token)/.exec(out);
      if (match) done(match[1]);
    });
    let err = '';
    serve.stderr!.setEncoding('utf8');
    serve.stderr!.on('data', (chunk: string) => (err += chunk));
    serve.once('exit', (code) => fail(new Error(`serve exited (${code}): ${out}${err}`)));
  });
});

test.afterAll(async () => {
  serve?.kill('SIGTERM');
  await new Promise((done) => (serve?.exitCode === null ? serve.once('exit', done) : done(null)));
  await mirror?.close();
  await rm(dir, { recursive: true, force: true });
});

async function openRuntimeCard(page: Page): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('status-runtime')).toBeVisible({ timeout: 20_000 });
  await page.locator('[data-menu="Help"]').click();
  await page.locator('[data-action="help.runtime"]').click();
  await expect(page.getByTestId('runtime-setup')).toBeVisible();
}

test('downloads the runtime from the mirror with a progress bar; a script then runs with it', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openRuntimeCard(page);
  await expect(page.locator('[data-check="pychrono"]')).toHaveAttribute('data-state', 'missing');
  const offer = page.getByTestId('runtime-download').getByTestId('runtime-offer');
  await expect(offer).toContainText('pychrono-full 9.0.1-e2e');
  await expect(offer.getByTestId('runtime-offer-size')).toHaveText(
    /^1\.\d MB download, 1\.\d MB on disk \(.* free\)$/,
  );

  await offer.getByRole('button', { name: 'Download and install' }).click();
  const progress = page.getByTestId('runtime-progress');
  await expect(progress).toHaveAttribute('data-stage', 'download', { timeout: 10_000 });
  await expect(progress.locator('progress')).toBeVisible();
  await expect(page.getByTestId('runtime-progress-text')).toContainText(
    /Step 2 of 6: Downloading\d+(\.\d)? (KB|MB) of 1\.\d MB \(\d+%\)/,
  );
  const done = page.getByTestId('runtime-done');
  await expect(done).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('runtime-done-versions')).toHaveText(
    /^pychrono 9\.0\.1 with Python 3\.\d+\.\d+; runs use it now\.$/,
  );
  await expect(done.locator('[data-module="vehicle"]')).toHaveAttribute('data-ok', 'true');
  await expect(done.locator('[data-module="sensor"]')).toHaveAttribute('data-ok', 'false');
  await expect(page.locator('[data-check="pychrono"]')).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('runtime-current')).toHaveText(
    /Runs use pychrono-full-9\.0\.1-e2e/,
  );

  await page.getByRole('button', { name: /^(Start|Continue anyway)$/ }).click();
  await expect(page.getByTestId('status-runtime')).toContainText('9.0.1');
  await dropFile(
    page,
    'with_runtime.py',
    'import pychrono as chrono\nprint("runtime says", chrono.ChVector3d(4, 5, 6).y)\n',
  );
  await expect(page.getByTestId('editor-file-name')).toHaveText('with_runtime.py', {
    timeout: 20_000,
  });
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-status', 'finished', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('console')).toContainText('runtime says 5.0');
});

test('installs a pack copied to the host, picked from the host listing; a damaged one says why', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openRuntimeCard(page);
  const card = page.getByTestId('runtime-setup');
  const path = card.getByLabel('Path of a runtime pack on this machine');

  await path.fill(join(dir, 'damaged', usbPack.manifest.file));
  await card.getByRole('button', { name: 'Check', exact: true }).click();
  await page.getByTestId('pack-given').getByRole('button', { name: 'Install' }).click();
  const failed = page.getByTestId('runtime-failed');
  await expect(failed).toContainText("does not match its manifest's SHA-256", { timeout: 30_000 });
  await expect(failed).toContainText('Nothing was installed; download or copy it again.');
  await failed.getByRole('button', { name: 'OK' }).click();

  await path.fill(join(dir, 'usb'));
  await card.getByRole('button', { name: 'Browse…' }).click();
  const browser = page.getByTestId('pack-browser');
  await expect(browser.locator('.pack-browser-dir')).toHaveText(join(dir, 'usb'));
  await browser
    .getByRole('button', { name: new RegExp(usbPack.manifest.file.replace(/\./g, '\\.')) })
    .click();
  await expect(path).toHaveValue(usbPack.packPath);
  const given = page.getByTestId('pack-given');
  await expect(given.getByTestId('runtime-offer-size')).toHaveText(/^\d+ KB on disk \(.* free\)$/);
  await given.getByRole('button', { name: 'Install' }).click();
  await expect(page.getByTestId('runtime-progress')).toBeVisible();
  await expect(page.getByTestId('runtime-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('runtime-current')).toHaveText(/Runs use pychrono-usb-9\.0\.1-e2e/);
  const installed = page.getByTestId('runtime-installed');
  await expect(installed).toHaveCount(2);
  await expect(installed.filter({ hasText: 'pychrono-usb-9.0.1-e2e' })).toHaveAttribute(
    'data-selected',
    'true',
  );
});
