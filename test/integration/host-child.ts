// A serve host in a process of its own, for tests that kill it: `node host-child.js
// USER_DATA TOKEN` serves on a free port and prints {"port", "origin"} once listening.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHost } from '../../electron/host';
import { startServer } from '../../electron/host/serve/server';

async function main(): Promise<void> {
  const [userDataDir, token] = process.argv.slice(2);
  const rendererDir = join(userDataDir, '..', 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  const host = createHost({ userDataDir, env: {}, projectsRoots: null });
  const server = await startServer({
    host,
    rendererDir,
    dataDir: async () => null,
    token,
    bindHost: '127.0.0.1',
    port: 0,
  });
  process.stdout.write(`${JSON.stringify({ port: server.port, origin: server.origin })}\n`);
}

void main();
