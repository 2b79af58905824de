// The serve mode's HTTP + WebSocket server: the built renderer, the pychrono data files
// (read-only) and the host contract over a WebSocket, all behind one token.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { HostApi } from '../../common/contract';
import {
  checkToken,
  isAllowedHostHeader,
  isSameOrigin,
  tokenCookieName,
  type AuthResult,
} from './auth';
import { FileSender } from './send-file';
import { decodeUrlPath, findDataFile, findFile, type FoundFile } from './static-files';
import { attachHostToSocket } from './ws-bridge';

export const WS_PATH = '/ws';
/** `GET /data?path=P`: a pychrono data file, P relative to the data folder or absolute in it. */
export const DATA_PATH = '/data';

export interface ServeOptions {
  host: HostApi;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** The pychrono data folder, or null while none is known. */
  dataDir: () => Promise<string | null>;
  token: string;
  bindHost: string;
  port: number;
}

export interface RunningServer {
  /** The origin, e.g. http://127.0.0.1:7878 */
  origin: string;
  port: number;
  /** The URL to open, with the token. */
  url: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  // The page URL may hold the token: never hand it to anyone as a referrer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const MAX_CLIENT_MESSAGE_BYTES = 32 * 1024 * 1024;
const PING_INTERVAL_MS = 30_000;

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const sockets = new Set<WebSocket>();
  const alive = new WeakSet<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  let port = options.port;
  const sender = new FileSender();
  /** Each connection is an owner of its own: `ws:1`, `ws:2`, ... */
  let connections = 0;

  const server = createServer((req, res) => {
    handleRequest(req, res, options, port, sender).catch((err: unknown) => {
      console.error('serve: request failed:', err);
      if (!res.headersSent) plain(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refuseUpgrade(req, options, port);
    if (refusal) {
      socket.on('error', () => undefined);
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      ws.on('close', () => sockets.delete(ws));
      attachHostToSocket(ws, options.host, `ws:${++connections}`);
    });
  });

  // Drops connections whose peer vanished without closing (a laptop lid shut).
  const pinger = setInterval(() => {
    for (const ws of sockets) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, PING_INTERVAL_MS);
  pinger.unref();

  await new Promise<void>((resolveListen, rejectListen) => {
    const onError = (err: NodeJS.ErrnoException) => {
      rejectListen(
        err.code === 'EADDRINUSE'
          ? new Error(
              `Port ${options.port} on ${options.bindHost} is in use; pick another with --port`,
            )
          : err,
      );
    };
    server.once('error', onError);
    server.listen(options.port, options.bindHost, () => {
      server.off('error', onError);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${urlHost(options.bindHost)}:${port}`;

  return {
    origin,
    port,
    url: `${origin}/?token=${encodeURIComponent(options.token)}`,
    async close() {
      clearInterval(pinger);
      for (const ws of sockets) ws.close(1001, 'server stopping');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** Why an upgrade is refused, as an HTTP status line, or null to accept it. */
function refuseUpgrade(req: IncomingMessage, options: ServeOptions, port: number): string | null {
  const url = requestUrl(req);
  if (!url || url.pathname !== WS_PATH) return '404 Not Found';
  if (!isAllowedHostHeader(req.headers.host, options.bindHost, port)) return '403 Forbidden';
  const auth = checkToken(url, req.headers, options.token, port);
  if (!auth.ok) return auth.status === 401 ? '401 Unauthorized' : '403 Forbidden';
  if (!isSameOrigin(req.headers.origin, req.headers.host)) return '403 Forbidden';
  return null;
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: ServeOptions,
  port: number,
  sender: FileSender,
): Promise<void> {
  const url = requestUrl(req);
  if (!url) return plain(res, 400, 'Bad request');
  if (!isAllowedHostHeader(req.headers.host, options.bindHost, port)) {
    return plain(res, 403, 'This server answers only to its own address');
  }
  const auth: AuthResult = checkToken(url, req.headers, options.token, port);
  if (!auth.ok) {
    return plain(
      res,
      auth.status,
      auth.status === 401
        ? 'A token is required: open the URL that `twinforge serve` printed'
        : 'Wrong token: open the URL that `twinforge serve` printed',
    );
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return plain(res, 405, 'Method not allowed');
  }
  if (auth.fromQuery) {
    // The page's own requests (scripts, workers, textures) carry the token as a cookie.
    res.setHeader(
      'Set-Cookie',
      `${tokenCookieName(port)}=${encodeURIComponent(options.token)}; Path=/; HttpOnly; SameSite=Strict`,
    );
  }

  let file: FoundFile | null = null;
  const isData = url.pathname === DATA_PATH;
  if (isData) {
    const requested = url.searchParams.get('path');
    const dataDir = requested ? await options.dataDir() : null;
    if (requested && dataDir) file = await findDataFile(dataDir, requested);
  } else {
    const path = decodeUrlPath(url.pathname === '/' ? '/index.html' : url.pathname);
    if (path !== null) file = await findFile(options.rendererDir, path);
  }
  if (!file) return plain(res, 404, 'Not found');

  // Only the renderer's own assets are compressed (and cached): data files can be large.
  await sender.send(req, res, file, SECURITY_HEADERS, !isData);
}

function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://serve.invalid');
  } catch {
    return null;
  }
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(`${text}\n`);
}

function urlHost(bindHost: string): string {
  return bindHost.includes(':') ? `[${bindHost}]` : bindHost;
}
