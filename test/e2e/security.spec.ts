// The serve mode's and the page's security, each checked the way an attacker would try.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect as connectTcp } from 'node:net';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import WebSocket from 'ws';
import { E2E_ORIGIN, E2E_PORT, E2E_TOKEN, workspaceUrl } from './serve-env';

const WS_URL = `ws://127.0.0.1:${E2E_PORT}/ws`;

/** Opens a WebSocket from Node with the given Origin; the HTTP status when refused. */
function upgrade(url: string, origin: string): Promise<number> {
  return new Promise((done) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => {
      ws.close();
      done(101);
    });
    ws.once('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
    ws.once('error', () => undefined);
  });
}

test.describe('the token', () => {
  test('HTTP requests without it get 401, with a wrong one 403', async ({ request }) => {
    expect((await request.get('/')).status()).toBe(401);
    expect((await request.get('/index.html')).status()).toBe(401);
    expect((await request.get('/?token=not-the-token')).status()).toBe(403);
    expect((await request.get('/data?path=textures/grass.jpg')).status()).toBe(401);
    const ok = await request.get(`/?token=${E2E_TOKEN}`);
    expect(ok.status()).toBe(200);
    expect(ok.headers()['referrer-policy']).toBe('no-referrer');
    expect(ok.headers()['x-content-type-options']).toBe('nosniff');
  });

  test('a browser without it sees the refusal, not the workspace', async ({ page }) => {
    const response = await page.goto('/');
    expect(response?.status()).toBe(401);
    await expect(page.locator('body')).toContainText('token is required');
  });

  test('WebSocket upgrades without it get 401, with a wrong one 403', async () => {
    const origin = E2E_ORIGIN;
    expect(await upgrade(WS_URL, origin)).toBe(401);
    expect(await upgrade(`${WS_URL}?token=not-the-token`, origin)).toBe(403);
    expect(await upgrade(`${WS_URL}?token=${E2E_TOKEN}`, origin)).toBe(101);
  });
});

test.describe('the WebSocket origin', () => {
  test('is refused from any other origin, even with the right token', async () => {
    const url = `${WS_URL}?token=${E2E_TOKEN}`;
    expect(await upgrade(url, 'http://evil.example')).toBe(403);
    expect(await upgrade(url, `http://127.0.0.1:${E2E_PORT + 1}`)).toBe(403);
    expect(await upgrade(url, 'null')).toBe(403);
  });

  test('a page on another site that knows the token still cannot connect', async ({ page }) => {
    // A hostile page served from a different origin on this machine.
    const hostile: Server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>elsewhere</title>');
    });
    await new Promise<void>((done) => hostile.listen(0, '127.0.0.1', done));
    const port = (hostile.address() as { port: number }).port;
    try {
      await page.goto(`http://127.0.0.1:${port}/`);
      const outcome = await page.evaluate(
        (url) =>
          new Promise<string>((done) => {
            const ws = new window.WebSocket(url);
            ws.onopen = () => done('open');
            ws.onclose = () => done('refused');
          }),
        `${WS_URL}?token=${E2E_TOKEN}`,
      );
      expect(outcome).toBe('refused');
    } finally {
      await new Promise<void>((done) => hostile.close(() => done()));
    }
  });
});

test('the server listens on 127.0.0.1 only', async () => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  test.skip(!external, 'this machine has no non-loopback IPv4 address to try');
  const outcome = await new Promise<string>((done) => {
    const socket = connectTcp({ host: external!.address, port: E2E_PORT });
    socket.once('connect', () => {
      socket.destroy();
      done('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? 'error'));
  });
  expect(outcome).toBe('ECONNREFUSED');
});

test.describe('the page', () => {
  test('ships a CSP meta tag without unsafe-eval that allows Monaco workers and WebAssembly', () => {
    const html = readFileSync(resolve(__dirname, '../../dist/renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    expect(meta, 'a CSP meta tag in the built index.html').not.toBeNull();
    const directives = new Map(
      meta![1]
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...values]) => [name, values]),
    );
    // WebAssembly may be compiled (the lint's Python parser); JavaScript may not be evaluated.
    for (const [name, values] of directives) {
      expect(values, `${name} allows eval`).not.toContain("'unsafe-eval'");
    }
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-src')).toEqual(["'none'"]);
    expect(directives.get('worker-src')).toEqual(expect.arrayContaining(["'self'", 'blob:']));
    // No directive opens a whole scheme or every host: the page talks to its own origin.
    for (const [name, values] of directives) {
      for (const wide of ['*', 'http:', 'https:', 'ws:', 'wss:']) {
        expect(values, `${name} allows ${wide}`).not.toContain(wide);
      }
    }
  });

  test('loads with no CSP violation, and eval is refused', async ({ page }) => {
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { reportViolation(v: string): void }).reportViolation(
          `${e.violatedDirective} ${e.blockedURI}`,
        );
      });
    });
    await page.goto(workspaceUrl());
    await expect(page.locator('#root')).not.toBeEmpty();
    // Give the editor's worker time to start (a blocked worker reports a violation).
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);

    // Code run by DevTools may eval; the page's own tasks may not. A timer callback is
    // the page's own task.
    await page.evaluate(() => {
      setTimeout(() => {
        const w = window as unknown as { evalOutcome: string };
        try {
          w.evalOutcome = String((0, eval)('1 + 1'));
        } catch (err) {
          w.evalOutcome = (err as Error).name;
        }
      }, 0);
    });
    const evalOutcome = await page
      .waitForFunction(() => (window as unknown as { evalOutcome?: string }).evalOutcome)
      .then((h) => h.jsonValue());
    expect(evalOutcome).toBe('EvalError');
  });

  test('cannot read files outside the renderer or the data folder', async ({ request }) => {
    const auth = { headers: { Authorization: `Bearer ${E2E_TOKEN}` } };
    expect((await request.get('/..%2f..%2fpackage.json', auth)).status()).toBe(404);
    expect((await request.get('/%2e%2e/%2e%2e/package.json', auth)).status()).toBe(404);
    expect((await request.get('/assets/', auth)).status()).toBe(404);
    expect((await request.get('/data?path=..%2F..%2Fetc%2Fpasswd', auth)).status()).toBe(404);
    expect((await request.get('/data?path=%2Fetc%2Fpasswd', auth)).status()).toBe(404);
  });
});
