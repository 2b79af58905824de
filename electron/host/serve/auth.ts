// Who may talk to the serve mode: the holder of the token, from a page this server served.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type AuthResult = { ok: true; fromQuery: boolean } | { ok: false; status: 401 | 403 };

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The cookie that carries the token for the page's own asset requests. Cookies ignore
 *  ports, so the name holds the port: two servers on one machine keep their own. */
export function tokenCookieName(port: number): string {
  return `twinforge-token-${port}`;
}

/** Compares in constant time (hashing first makes the lengths equal). */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      out.set(name, decodeURIComponent(value));
    } catch {
      out.set(name, value);
    }
  }
  return out;
}

/**
 * Checks a request's token, taken from the `token` query parameter, an
 * `Authorization: Bearer` header or the server's cookie. None: 401; a wrong one: 403.
 */
export function checkToken(
  url: URL,
  headers: IncomingHttpHeaders,
  expected: string,
  port: number,
): AuthResult {
  const fromQuery = url.searchParams.get('token');
  const auth = headers.authorization;
  const fromHeader = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null;
  const fromCookie = parseCookies(headers.cookie).get(tokenCookieName(port)) ?? null;
  const candidates = [fromQuery, fromHeader, fromCookie].filter((t): t is string => t !== null);
  if (candidates.length === 0) return { ok: false, status: 401 };
  // A token in the query is what the user just pasted: it alone decides, so a stale
  // cookie from an earlier server on this port neither blocks nor rescues it.
  if (fromQuery !== null) {
    return tokensEqual(fromQuery, expected)
      ? { ok: true, fromQuery: true }
      : { ok: false, status: 403 };
  }
  return candidates.some((t) => tokensEqual(t, expected))
    ? { ok: true, fromQuery: false }
    : { ok: false, status: 403 };
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || host.startsWith('127.');
}

/**
 * The Host header must name this server. Bound to loopback, only loopback names are
 * accepted (a page on another site that re-points its DNS at 127.0.0.1 gets refused);
 * bound to a public address, any name is accepted, since the token still guards it.
 */
export function isAllowedHostHeader(
  hostHeader: string | undefined,
  bindHost: string,
  port: number,
): boolean {
  if (!hostHeader) return false;
  const parsed = splitHostPort(hostHeader);
  if (!parsed || parsed.port !== port) return false;
  if (!isLoopbackHost(bindHost)) return true;
  return isLoopbackHost(parsed.host);
}

/** The Origin of a WebSocket must be the origin this page was served from. */
export function isSameOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (!origin || !hostHeader) return false;
  return origin === `http://${hostHeader}`;
}

function splitHostPort(value: string): { host: string; port: number } | null {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value.trim());
  if (!m) return null;
  return { host: m[1].toLowerCase(), port: Number(m[2]) };
}
