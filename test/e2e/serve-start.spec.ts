// `npm start` without an Electron binary: one line saying why and how to get one, then
// serve, whose printed URL opens the workspace.
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

test('npm start falls back to serve and prints a URL where the workspace loads', async ({
  page,
}) => {
  const userData = mkdtempSync(join(tmpdir(), 'twinforge-start-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ELECTRON_OVERRIDE_DIST_PATH: join(userData, 'no-electron-here'),
    TWINFORGE_TOKEN: 'start-test-token',
  };
  delete env.TWINFORGE_PYTHON;
  const child: ChildProcess = spawn(
    process.execPath,
    ['scripts/start.mjs', '--port', '0', '--user-data', userData],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const lines: string[] = [];
    const url = await new Promise<string>((done, fail) => {
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (chunk: string) => {
        lines.push(...chunk.split('\n').filter(Boolean));
        const match = /serving at (http:\/\/127\.0\.0\.1:\d+\/\?token=start-test-token)/.exec(
          chunk,
        );
        if (match) done(match[1]);
      });
      child.once('exit', (code) => fail(new Error(`start exited (${code}): ${lines.join('\n')}`)));
    });
    expect(lines[0]).toMatch(
      /^TwinForge desktop not started: ELECTRON_OVERRIDE_DIST_PATH is set but .* does not exist\./,
    );
    expect(lines[0]).toContain('ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-dist');
    expect(lines[0]).toContain('npx install-electron');
    expect(lines.filter((l) => l.includes('desktop not started'))).toHaveLength(1);

    await page.goto(url);
    await expect(page.locator('#root')).not.toBeEmpty();
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => (child.exitCode === null ? child.once('exit', done) : done(null)));
    rmSync(userData, { recursive: true, force: true });
  }
});
