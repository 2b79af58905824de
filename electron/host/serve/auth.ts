// Who may talk to the serve mode: the holder of the token, from a page this server served.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

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

/** The names of this machine's loopback interface as a Host header carries them. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/** A bind address of the loopback interface (127.0.0.0/8, ::1, localhost): parsed, not
 *  matched by prefix, so that a name like 127.evil.example is not one. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIPv4(bare) && bare.startsWith('127.');
}

/** A host name or address as it appears in a Host header: lower case, IPv6 in brackets. */
function headerName(host: string): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return isIPv6(bare) ? `[${bare}]` : bare;
}

export interface HostNames {
  /** The names a request may address this server by (Host header, without the port). */
  names: Set<string>;
}

/**
 * The names this server answers to: the loopback names, the address it is bound to, the
 * names given with --allow-host, and, bound to every interface (0.0.0.0 or ::), this
 * machine's host name and the addresses of its interfaces. Anything else is refused, so a
 * page on another site that re-points its DNS name at this machine gets nothing.
 */
export function allowedHostNames(
  bindHost: string,
  extra: string[] = [],
  machine: { hostname: string; addresses: string[] } = thisMachine(),
): HostNames {
  const names = new Set(LOOPBACK_NAMES);
  if (WILDCARDS.has(bindHost)) {
    names.add(headerName(machine.hostname));
    for (const address of machine.addresses) names.add(headerName(address));
  } else {
    names.add(headerName(bindHost));
  }
  for (const name of extra) names.add(headerName(name));
  return { names };
}

function thisMachine(): { hostname: string; addresses: string[] } {
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((i): i is NonNullable<typeof i> => Boolean(i))
    .map((i) => i.address.replace(/%.*$/, '')); // no IPv6 zone
  return { hostname: hostname(), addresses };
}

/** The Host header must name this server, exactly, with its port. */
export function isAllowedHostHeader(
  hostHeader: string | undefined,
  allowed: HostNames,
  port: number,
): boolean {
  if (!hostHeader) return false;
  const parsed = splitHostPort(hostHeader);
  return parsed !== null && parsed.port === port && allowed.names.has(parsed.host);
}

/** The Origin of a WebSocket must be the origin this page was served from. */
export function isSameOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (!origin || !hostHeader) return false;
  return origin.toLowerCase() === `http://${hostHeader.trim().toLowerCase()}`;
}

/** `name:port`, `[v6]:port`, or a bare name meaning port 80. */
function splitHostPort(value: string): { host: string; port: number } | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) return null;
  return { host: headerName(m[1]), port: m[2] === undefined ? 80 : Number(m[2]) };
}
