import { describe, expect, it } from 'vitest';
import {
  allowedHostNames,
  checkToken,
  isAllowedHostHeader,
  isLoopbackHost,
  isSameOrigin,
  newToken,
  parseCookies,
  tokenCookieName,
  tokensEqual,
} from './auth';

const TOKEN = 'right-token-123';
const url = (q = '') => new URL(`http://127.0.0.1:7878/${q}`);

describe('tokens', () => {
  it('are random, URL-safe and long enough to guess never', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(newToken()).not.toBe(a);
  });

  it('compare equal only when identical', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
  });

  it('are read from the query, a Bearer header or the cookie of this port', () => {
    expect(checkToken(url(`?token=${TOKEN}`), {}, TOKEN, 7878)).toEqual({
      ok: true,
      fromQuery: true,
    });
    expect(checkToken(url(), { authorization: `Bearer ${TOKEN}` }, TOKEN, 7878)).toEqual({
      ok: true,
      fromQuery: false,
    });
    const cookie = `other=1; ${tokenCookieName(7878)}=${TOKEN}`;
    expect(checkToken(url(), { cookie }, TOKEN, 7878)).toEqual({ ok: true, fromQuery: false });
    // Another server's cookie on the same machine does not count.
    expect(checkToken(url(), { cookie: `${tokenCookieName(9999)}=${TOKEN}` }, TOKEN, 7878)).toEqual(
      {
        ok: false,
        status: 401,
      },
    );
  });

  it('missing gives 401, wrong gives 403, and a wrong query is not rescued by a cookie', () => {
    expect(checkToken(url(), {}, TOKEN, 7878)).toEqual({ ok: false, status: 401 });
    expect(checkToken(url('?token=nope'), {}, TOKEN, 7878)).toEqual({ ok: false, status: 403 });
    const cookie = `${tokenCookieName(7878)}=${TOKEN}`;
    expect(checkToken(url('?token=nope'), { cookie }, TOKEN, 7878)).toEqual({
      ok: false,
      status: 403,
    });
  });

  it('parses cookies, decoding values', () => {
    expect(parseCookies('a=1; b=x%20y; junk')).toEqual(
      new Map([
        ['a', '1'],
        ['b', 'x y'],
      ]),
    );
  });
});

describe('hosts and origins', () => {
  const loopback = allowedHostNames('127.0.0.1');

  it('on loopback, accepts exactly the loopback names on the right port', () => {
    expect(isAllowedHostHeader('127.0.0.1:7878', loopback, 7878)).toBe(true);
    expect(isAllowedHostHeader('localhost:7878', loopback, 7878)).toBe(true);
    expect(isAllowedHostHeader('LOCALHOST:7878', loopback, 7878)).toBe(true);
    expect(isAllowedHostHeader('[::1]:7878', allowedHostNames('::1'), 7878)).toBe(true);
    expect(isAllowedHostHeader('attacker.example:7878', loopback, 7878)).toBe(false);
    expect(isAllowedHostHeader('127.0.0.1:7879', loopback, 7878)).toBe(false);
    expect(isAllowedHostHeader('127.0.0.1', loopback, 7878)).toBe(false);
    expect(isAllowedHostHeader(undefined, loopback, 7878)).toBe(false);
  });

  it('refuses names that merely start like loopback (DNS rebinding)', () => {
    expect(isAllowedHostHeader('127.evil.example:7878', loopback, 7878)).toBe(false);
    expect(isAllowedHostHeader('127.0.0.1.evil.example:7878', loopback, 7878)).toBe(false);
    expect(isAllowedHostHeader('localhost.evil.example:7878', loopback, 7878)).toBe(false);
    expect(isAllowedHostHeader('127.0.0.2:7878', loopback, 7878)).toBe(false);
    expect(isLoopbackHost('127.evil.example')).toBe(false);
    expect(isLoopbackHost('127.0.0.2')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
  });

  it('bound to an address, accepts that address too, and names given with --allow-host', () => {
    const names = allowedHostNames('192.0.2.7', ['gpu-box.lab.example']);
    expect(isAllowedHostHeader('192.0.2.7:7878', names, 7878)).toBe(true);
    expect(isAllowedHostHeader('gpu-box.lab.example:7878', names, 7878)).toBe(true);
    expect(isAllowedHostHeader('127.0.0.1:7878', names, 7878)).toBe(true);
    expect(isAllowedHostHeader('gpu-box:7878', names, 7878)).toBe(false);
  });

  it('bound to every interface, accepts the host name and the interface addresses only', () => {
    const machine = { hostname: 'gpu-box', addresses: ['192.0.2.7', 'fe80::1'] };
    const names = allowedHostNames('0.0.0.0', [], machine);
    expect(isAllowedHostHeader('gpu-box:7878', names, 7878)).toBe(true);
    expect(isAllowedHostHeader('192.0.2.7:7878', names, 7878)).toBe(true);
    expect(isAllowedHostHeader('[fe80::1]:7878', names, 7878)).toBe(true);
    expect(isAllowedHostHeader('evil.example:7878', names, 7878)).toBe(false);
    expect(isAllowedHostHeader('0.0.0.0:7878', names, 7878)).toBe(false);
  });

  it('takes a Host without a port as port 80', () => {
    expect(isAllowedHostHeader('localhost', loopback, 80)).toBe(true);
    expect(isAllowedHostHeader('localhost', loopback, 8080)).toBe(false);
  });

  it('same origin means the page this server served', () => {
    expect(isSameOrigin('http://127.0.0.1:7878', '127.0.0.1:7878')).toBe(true);
    expect(isSameOrigin('http://localhost:7878', '127.0.0.1:7878')).toBe(false);
    expect(isSameOrigin('https://127.0.0.1:7878', '127.0.0.1:7878')).toBe(false);
    expect(isSameOrigin('http://127.evil.example:7878', '127.0.0.1:7878')).toBe(false);
    expect(isSameOrigin('null', '127.0.0.1:7878')).toBe(false);
    expect(isSameOrigin(undefined, '127.0.0.1:7878')).toBe(false);
  });
});
