import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHost, type Host } from '../index';
import { FRAME_DISPLAY } from '../../common/stream';
import { decodeBinaryEvent } from '../../common/wire';
import { tokenCookieName } from './auth';
import { WrongTokenLimiter } from './rate-limit';
import { startServer, type RunningServer } from './server';

const TOKEN = 'test-token-0123456789';
let root: string;
let host: Host;
let server: RunningServer;
let dataDir: string;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: the path goes out exactly as written (no URL normalisation). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method,
        headers: { Host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const auth = () => ({ Authorization: `Bearer ${TOKEN}` });

function connect(
  query = `?token=${TOKEN}`,
  origin = `http://127.0.0.1:${server.port}`,
): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => undefined);
  });
}

function nextMessage(ws: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) =>
    ws.once('message', (data, isBinary) => resolve({ data: data as Buffer, isBinary })),
  );
}

async function call(
  ws: WebSocket,
  id: number,
  method: string,
  params: unknown,
): Promise<Record<string, unknown>> {
  const reply = nextMessage(ws);
  ws.send(JSON.stringify({ t: 'invoke', id, method, params }));
  return JSON.parse((await reply).data.toString('utf8')) as Record<string, unknown>;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tf-serve-'));
  const renderer = join(root, 'renderer');
  mkdirSync(join(renderer, 'assets', 'sub'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>TwinForge</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(renderer, 'assets', 'big.js'), 'console.log("twinforge");\n'.repeat(200));
  writeFileSync(join(renderer, 'assets', 'editor.worker.js'), 'self.onmessage = () => {}');
  writeFileSync(join(renderer, 'assets', 'mod.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  writeFileSync(join(root, 'secret.txt'), 'outside the renderer');
  symlinkSync(join(root, 'secret.txt'), join(renderer, 'assets', 'link.txt'));
  dataDir = join(root, 'data');
  mkdirSync(join(dataDir, 'textures'), { recursive: true });
  writeFileSync(join(dataDir, 'textures', 'checker.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  host = createHost({ userDataDir: join(root, 'user'), env: {} });
  server = await startServer({
    host,
    rendererDir: renderer,
    dataDir: async () => dataDir,
    token: TOKEN,
    bindHost: '127.0.0.1',
    port: 0,
  });
});

afterAll(async () => {
  await server?.close();
  await host?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('serve over HTTP', () => {
  it('listens on 127.0.0.1 and prints a URL that carries the token', () => {
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('refuses a request without a token with 401 and a wrong token with 403', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/?token=wrong-token-xyz')).status).toBe(403);
    expect((await get('/', { Authorization: 'Bearer wrong' })).status).toBe(403);
    expect((await get('/', { Cookie: `${tokenCookieName(server.port)}=nope` })).status).toBe(403);
  });

  it('serves the page to the token in the URL and hands the page a cookie for its assets', async () => {
    const page = await get(`/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>TwinForge</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain(`${tokenCookieName(server.port)}=${TOKEN}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const asset = await get('/assets/app.js', { Cookie: cookie.split(';')[0] });
    expect(asset.status).toBe(200);
    expect(asset.body).toBe('console.log(1)');
  });

  it('gives scripts, workers and wasm the MIME types browsers require', async () => {
    expect((await get('/assets/app.js', auth())).headers['content-type']).toMatch(
      /^text\/javascript/,
    );
    expect((await get('/assets/editor.worker.js', auth())).headers['content-type']).toMatch(
      /^text\/javascript/,
    );
    expect((await get('/assets/mod.wasm', auth())).headers['content-type']).toBe(
      'application/wasm',
    );
    expect((await get('/assets/app.js', auth())).headers['x-content-type-options']).toBe('nosniff');
  });

  it('never lists a directory and never leaves the renderer folder', async () => {
    expect((await get('/assets/', auth())).status).toBe(404);
    expect((await get('/assets', auth())).status).toBe(404);
    expect((await get('/../secret.txt', auth())).status).toBe(404);
    expect((await get('/assets/../../secret.txt', auth())).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt', auth())).status).toBe(404);
    expect((await get('/assets/%2e%2e%2f%2e%2e%2fsecret.txt', auth())).status).toBe(404);
    expect((await get('/..%5csecret.txt', auth())).status).toBe(404);
    expect((await get('/assets/link.txt', auth())).status).toBe(404);
    expect((await get('/%E0%A4%A', auth())).status).toBe(404);
  });

  it('revalidates with ETags and compresses large text assets for browsers that accept gzip', async () => {
    const first = await get('/assets/big.js', auth());
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[0-9a-z]+-[0-9a-z]+"$/);
    expect((await get('/assets/big.js', { ...auth(), 'If-None-Match': etag })).status).toBe(304);
    const zipped = await get('/assets/big.js', { ...auth(), 'Accept-Encoding': 'gzip, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(Number(zipped.headers['content-length'])).toBeLessThan(first.body.length / 10);
    // Small files and data files go as they are.
    const small = await get('/assets/app.js', { ...auth(), 'Accept-Encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('only reads: other methods are refused', async () => {
    expect((await get('/', auth(), 'POST')).status).toBe(405);
    expect((await get('/', auth(), 'PUT')).status).toBe(405);
  });

  it('refuses a Host header that is not its own (DNS rebinding)', async () => {
    const reply = await get(`/?token=${TOKEN}`, { Host: `evil.example:${server.port}` });
    expect(reply.status).toBe(403);
  });

  it('serves pychrono data files read-only, only from inside the data folder', async () => {
    const relative = await get('/data?path=textures/checker.png', auth());
    expect(relative.status).toBe(200);
    expect(relative.headers['content-type']).toBe('image/png');
    const absolute = join(dataDir, 'textures', 'checker.png');
    expect((await get(`/data?path=${encodeURIComponent(absolute)}`, auth())).status).toBe(200);
    expect((await get('/data?path=../secret.txt', auth())).status).toBe(404);
    expect(
      (await get(`/data?path=${encodeURIComponent(join(root, 'secret.txt'))}`, auth())).status,
    ).toBe(404);
    expect((await get('/data?path=textures', auth())).status).toBe(404);
    expect((await get('/data?path=textures/checker.png')).status).toBe(401);
  });
});

describe('serve over WebSocket', () => {
  it('refuses an upgrade without the token (401), with a wrong one (403) or from another origin (403)', async () => {
    expect(await connect('')).toBe(401);
    expect(await connect('?token=wrong-token-xyz')).toBe(403);
    expect(await connect(`?token=${TOKEN}`, 'http://evil.example')).toBe(403);
    expect(await connect(`?token=${TOKEN}`, `http://localhost:${server.port + 1}`)).toBe(403);
  });

  it('answers contract calls with results and readable errors', async () => {
    const ws = await connect();
    if (typeof ws === 'number') throw new Error(`upgrade refused: ${ws}`);
    try {
      const settings = await call(ws, 1, 'settings.get', {});
      expect(settings).toMatchObject({ t: 'result', id: 1, result: { theme: 'system' } });
      const unknown = await call(ws, 2, 'files.delete-everything', {});
      expect(unknown).toEqual({
        t: 'error',
        id: 2,
        message: 'Unknown method files.delete-everything',
      });
      const invalid = await call(ws, 3, 'settings.update', { theme: 'purple' });
      expect(invalid.t).toBe('error');
      expect(String(invalid.message)).toContain('Invalid request settings.update: theme');
    } finally {
      ws.close();
    }
  });

  it('sends host events as JSON and runtime frames as binary messages without base64', async () => {
    const ws = await connect();
    if (typeof ws === 'number') throw new Error(`upgrade refused: ${ws}`);
    try {
      const changed = nextMessage(ws);
      host.bus.emit('settings.changed', { ...(await host.settings.get()), theme: 'dark' });
      const event = await changed;
      expect(event.isBinary).toBe(false);
      expect(JSON.parse(event.data.toString('utf8'))).toMatchObject({
        t: 'event',
        name: 'settings.changed',
        payload: { theme: 'dark' },
      });

      const frame = new Uint8Array(16);
      new DataView(frame.buffer).setFloat64(0, 1.25, true);
      new DataView(frame.buffer).setUint32(8, FRAME_DISPLAY, true);
      const next = nextMessage(ws);
      host.bus.emit('runtime.frame', { runId: 'r1', data: frame });
      const binary = await next;
      expect(binary.isBinary).toBe(true);
      const buffer = Uint8Array.from(binary.data).buffer;
      const decoded = decodeBinaryEvent(buffer) as {
        name: string;
        payload: { runId: string; data: Uint8Array };
      };
      expect(decoded.name).toBe('runtime.frame');
      expect(decoded.payload.runId).toBe('r1');
      expect([...decoded.payload.data]).toEqual([...frame]);
    } finally {
      ws.close();
    }
  });

  it('closes a connection that sends something other than a contract call', async () => {
    const ws = await connect();
    if (typeof ws === 'number') throw new Error(`upgrade refused: ${ws}`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1007);
  });
});

describe('serve under attack', () => {
  let clock = 0;
  let guarded: RunningServer;
  beforeAll(async () => {
    guarded = await startServer({
      host,
      rendererDir: join(root, 'renderer'),
      dataDir: async () => dataDir,
      token: TOKEN,
      bindHost: '127.0.0.1',
      port: 0,
      maxClients: 2,
      limiter: new WrongTokenLimiter(
        { freeTries: 2, firstWaitMs: 5000, maxWaitMs: 60_000, maxAddresses: 100 },
        () => clock,
      ),
    });
  });
  afterAll(() => guarded?.close());

  function ask(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: guarded.port,
          path,
          headers: { Host: `127.0.0.1:${guarded.port}`, ...headers },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  function upgradeTo(query: string): Promise<{ ws: WebSocket } | { status: number; body: string }> {
    return new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${guarded.port}/ws${query}`, {
        origin: `http://127.0.0.1:${guarded.port}`,
      });
      ws.once('open', () => resolve({ ws }));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      ws.once('error', () => undefined);
    });
  }

  it('refuses a Host that only starts like loopback', async () => {
    const reply = await ask(`/?token=${TOKEN}`, { Host: `127.evil.example:${guarded.port}` });
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('answers only to its own address');
  });

  it('makes an address that sends wrong tokens wait, doubling, with a 429 that says so', async () => {
    expect((await ask('/?token=wrong-token-1')).status).toBe(403);
    expect((await ask('/?token=wrong-token-2')).status).toBe(403);
    expect((await ask('/?token=wrong-token-3')).status).toBe(403);
    // Now even the right token waits: guessing gets no answers while the wait runs.
    const waiting = await ask(`/?token=${TOKEN}`);
    expect(waiting.status).toBe(429);
    expect(waiting.headers['retry-after']).toBe('5');
    expect(waiting.body).toMatch(/^Too many wrong tokens from this address: wait 5 s/);
    const upgrade = await upgradeTo(`?token=${TOKEN}`);
    expect(upgrade).toMatchObject({ status: 429 });
    clock += 5000;
    expect((await ask(`/?token=${TOKEN}`)).status).toBe(200);
    expect((await ask('/?token=wrong-token-4')).status).toBe(403); // the count starts over
  });

  it('takes a bounded number of browser connections and refuses one more clearly', async () => {
    const first = await upgradeTo(`?token=${TOKEN}`);
    const second = await upgradeTo(`?token=${TOKEN}`);
    try {
      expect('ws' in first && 'ws' in second).toBe(true);
      const third = await upgradeTo(`?token=${TOKEN}`);
      expect(third).toMatchObject({ status: 503 });
      expect((third as { body: string }).body).toContain(
        'Too many connections: this server takes 2 browser tabs at once',
      );
    } finally {
      const open = [first, second].flatMap((c) => ('ws' in c ? [c.ws] : []));
      const closed = open.map((ws) => new Promise((r) => ws.once('close', r)));
      for (const ws of open) ws.close();
      await Promise.all(closed);
    }
    // Room again once they have gone.
    let again = await upgradeTo(`?token=${TOKEN}`);
    for (let i = 0; i < 20 && !('ws' in again); i++) {
      await new Promise((r) => setTimeout(r, 50));
      again = await upgradeTo(`?token=${TOKEN}`);
    }
    expect('ws' in again).toBe(true);
    if ('ws' in again) again.ws.close();
  });
});
