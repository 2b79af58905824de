// The renderer's WebSocket client against the real serve server and host: the contract
// round trip, events, binary frames, and what a user sees when the server goes away.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHost, type Host } from '../../electron/host';
import { startServer, type RunningServer } from '../../electron/host/serve/server';
import { WsHostConnection } from '../../renderer/src/platform/ws-host';

const TOKEN = 'integration-token-42';
let root: string;
let host: Host;
let server: RunningServer;

const clients: WsHostConnection[] = [];

function client(token = TOKEN, retryMs = 50): WsHostConnection {
  const connection = new WsHostConnection({
    url: `ws://127.0.0.1:${server.port}/ws?token=${token}`,
    // Node 20 has no global WebSocket; the ws package speaks the same browser API.
    createSocket: (url) =>
      new WebSocket(url, { origin: server.origin }) as unknown as globalThis.WebSocket,
    backoff: () => retryMs,
  });
  clients.push(connection);
  return connection;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tf-transport-'));
  mkdirSync(join(root, 'renderer'));
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html>');
  host = createHost({ userDataDir: join(root, 'user'), env: {} });
  server = await startServer({
    host,
    rendererDir: join(root, 'renderer'),
    dataDir: async () => null,
    token: TOKEN,
    bindHost: '127.0.0.1',
    port: 0,
  });
});

afterEach(() => clients.splice(0).forEach((c) => c.close()));

afterAll(async () => {
  await server.close();
  await host.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('renderer client ↔ serve', () => {
  it('calls the host and gets results, and the host validation errors verbatim', async () => {
    const c = client();
    expect((await c.invoke('settings.get', {})).theme).toBe('system');
    expect((await c.invoke('settings.update', { theme: 'dark' })).theme).toBe('dark');
    await expect(c.invoke('settings.update', { runMemoryMiB: -1 } as never)).rejects.toThrow(
      /^Invalid request settings.update: runMemoryMiB/,
    );
    expect(c.connection).toBe('open');
  });

  it('receives events, and frames as Uint8Array with their bytes intact', async () => {
    const c = client();
    await c.invoke('settings.get', {});
    const changed = new Promise<string>((done) => c.on('settings.changed', (s) => done(s.theme)));
    const frame = new Promise<number[]>((done) => c.on('runtime.frame', (f) => done([...f.data])));
    await c.invoke('settings.update', { theme: 'light' });
    host.bus.emit('runtime.frame', { runId: 'r', data: Buffer.from([1, 2, 3, 250]) });
    expect(await changed).toBe('light');
    expect(await frame).toEqual([1, 2, 3, 250]);
  });

  it('with a wrong token, calls fail with a message saying the connection was refused', async () => {
    const c = client('wrong-token-123', 60_000);
    await expect(c.invoke('settings.get', {})).rejects.toThrow(
      /^Lost the connection to the TwinForge server/,
    );
    expect(c.connection).toBe('closed');
  });
});
