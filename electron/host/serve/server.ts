// The serve mode's HTTP + WebSocket server: the built renderer, the pychrono data files
// (read-only) and the host contract over a WebSocket, all behind one token.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { HostApi } from '../../common/contract';
import {
  allowedHostNames,
  checkToken,
  isAllowedHostHeader,
  isSameOrigin,
  tokenCookieName,
  type AuthResult,
  type HostNames,
} from './auth';
import { tooManyTriesMessage, WrongTokenLimiter } from './rate-limit';
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
  /** Names besides loopback and the bound address that requests may use. */
  allowHosts?: string[];
  /** Browser connections (WebSockets) at once; one more is refused. */
  maxClients?: number;
  /** HTTP connections at once; requests on more are refused. */
  maxSockets?: number;
  /** Wrong tokens per remote address (tests pass one with a fake clock). */
  limiter?: WrongTokenLimiter;
}

/** Connections allowed at once unless the options say otherwise. */
export const DEFAULT_MAX_CLIENTS = 16;
export const DEFAULT_MAX_SOCKETS = 128;

/** What one server checks every request against. */
interface Gate {
  options: ServeOptions;
  names: HostNames;
  limiter: WrongTokenLimiter;
  port: number;
}

/** A refusal: the status, the text the client is shown, extra headers. */
interface Refusal {
  status: number;
  text: string;
  headers?: Record<string, string>;
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
  const gate: Gate = {
    options,
    names: allowedHostNames(options.bindHost, options.allowHosts),
    limiter: options.limiter ?? new WrongTokenLimiter(),
    port: options.port,
  };
  const sender = new FileSender();
  const maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
  const maxSockets = options.maxSockets ?? DEFAULT_MAX_SOCKETS;
  /** Each connection is an owner of its own: `ws:1`, `ws:2`, ... */
  let connections = 0;
  let openSockets = 0;

  const server = createServer((req, res) => {
    if (openSockets > maxSockets) {
      res.setHeader('Connection', 'close');
      return plain(
        res,
        503,
        `Too many connections: this server takes ${maxSockets} at once. Try again shortly.`,
      );
    }
    handleRequest(req, res, gate, sender).catch((err: unknown) => {
      console.error('serve: request failed:', err);
      if (!res.headersSent) plain(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  // Past twice the cap, connections are dropped unanswered (they have sent nothing yet).
  server.maxConnections = 2 * maxSockets;
  server.on('connection', (socket) => {
    openSockets += 1;
    socket.once('close', () => (openSockets -= 1));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal =
      refuseUpgrade(req, gate) ??
      (sockets.size >= maxClients
        ? {
            status: 503,
            text: `Too many connections: this server takes ${maxClients} browser tabs at once. Close one and reload.`,
          }
        : null);
    if (refusal) {
      socket.on('error', () => undefined);
      socket.end(rawResponse(refusal));
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
  const port = (server.address() as AddressInfo).port;
  gate.port = port;
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

/** Why an upgrade is refused, or null to accept it. */
function refuseUpgrade(req: IncomingMessage, gate: Gate): Refusal | null {
  const url = requestUrl(req);
  if (!url || url.pathname !== WS_PATH) return { status: 404, text: 'Not found' };
  const access = checkAccess(req, url, gate);
  if (!access.ok) return access.refusal;
  if (!isSameOrigin(req.headers.origin, req.headers.host)) {
    return { status: 403, text: 'This connection must come from the page this server served' };
  }
  return null;
}

type Access = { ok: true; fromQuery: boolean } | { ok: false; refusal: Refusal };

/**
 * The checks every request and upgrade passes: the Host header names this server, its
 * address is not waiting out wrong tokens, and the token is right.
 */
function checkAccess(req: IncomingMessage, url: URL, gate: Gate): Access {
  const refuse = (refusal: Refusal): Access => ({ ok: false, refusal });
  if (!isAllowedHostHeader(req.headers.host, gate.names, gate.port)) {
    return refuse({ status: 403, text: 'This server answers only to its own address' });
  }
  const address = req.socket.remoteAddress ?? 'unknown';
  const wait = gate.limiter.waitMs(address);
  if (wait > 0) {
    return refuse({
      status: 429,
      text: tooManyTriesMessage(wait),
      headers: { 'Retry-After': String(Math.ceil(wait / 1000)) },
    });
  }
  const auth: AuthResult = checkToken(url, req.headers, gate.options.token, gate.port);
  if (auth.ok) {
    gate.limiter.succeeded(address);
    return auth;
  }
  if (auth.status === 401) {
    return refuse({
      status: 401,
      text: 'A token is required: open the URL that `twinforge serve` printed',
    });
  }
  gate.limiter.failed(address);
  return refuse({ status: 403, text: 'Wrong token: open the URL that `twinforge serve` printed' });
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  gate: Gate,
  sender: FileSender,
): Promise<void> {
  const { options, port } = gate;
  const url = requestUrl(req);
  if (!url) return plain(res, 400, 'Bad request');
  const access = checkAccess(req, url, gate);
  if (!access.ok) {
    const { status, text, headers = {} } = access.refusal;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    return plain(res, status, text);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return plain(res, 405, 'Method not allowed');
  }
  if (access.fromQuery) {
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

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** A refusal written straight to a socket that asked to upgrade. */
function rawResponse(refusal: Refusal): string {
  const body = `${refusal.text}\n`;
  const headers = {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
    ...refusal.headers,
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  const status = `HTTP/1.1 ${refusal.status} ${STATUS_TEXT[refusal.status] ?? 'Error'}`;
  return `${status}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
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
