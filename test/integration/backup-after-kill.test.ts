// A crash backup survives `kill -9`: a host in its own process is sent a burst of
// keystrokes as backups.put and killed 50 ms after the last one; the next host must offer
// the newest text back, whole.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHost } from '../../electron/host';
import { WsHostConnection } from '../../renderer/src/platform/ws-host';
import { ROOT } from './runtime-helpers';

const TOKEN = 'integration-token-backups';
let dir: string;
let childScript: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tf-backup-kill-'));
  childScript = join(dir, 'host-child.js');
  await build({
    entryPoints: [join(ROOT, 'test', 'integration', 'host-child.ts')],
    outfile: childScript,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    external: ['electron', 'bufferutil', 'utf-8-validate'],
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the host in a child process; resolves once it serves. */
function startChild(
  userData: string,
): Promise<{ child: ChildProcess; port: number; origin: string }> {
  const child = spawn(process.execPath, [childScript, userData, TOKEN], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ child, ...JSON.parse(line) });
    });
    child.once('exit', (code) => reject(new Error(`the host exited with ${code} before serving`)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(process.platform === 'win32')('crash backups and kill -9', () => {
  it('the next host offers the newest keystroke back, three kills in a row', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const userData = join(dir, `user-${attempt}`);
      const { child, port, origin } = await startChild(userData);
      const browser = new WsHostConnection({
        url: `ws://127.0.0.1:${port}/ws?token=${TOKEN}`,
        createSocket: (url) => new WebSocket(url, { origin }) as unknown as globalThis.WebSocket,
        backoff: () => 60_000,
      });
      await browser.invoke('backups.list', {});
      const text = (i: number) => `import pychrono as chrono\n# typed ${i} keys\n${'x'.repeat(i)}`;
      // Typing: a put per keystroke, a few ms apart, none awaited.
      for (let i = 1; i <= 40; i++) {
        void browser
          .invoke('backups.put', { key: 'editor:untitled', data: { script: text(i) } })
          .catch(() => undefined);
        await sleep(2);
      }
      await sleep(50);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      browser.close();

      const next = createHost({ userDataDir: userData, env: {}, projectsRoots: null });
      const window = next.connect('window:1');
      const { backups } = await window.invoke('backups.list', {});
      expect(backups).toHaveLength(1);
      expect(backups[0]).toMatchObject({
        key: 'editor:untitled',
        preview: expect.stringMatching(/^import pychrono/),
      });
      const taken = await window.invoke('backups.take', { id: backups[0].id });
      expect(taken.data).toEqual({ script: text(40) });
      // Whatever a killed write left half done is gone once the next host has looked.
      expect(readdirSync(join(userData, 'backups')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      await next.dispose();
    }
  });
});
