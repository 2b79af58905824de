import { describe, expect, it } from 'vitest';
import {
  checkToken,
  isAllowedHostHeader,
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
  it('on loopback, accepts only loopback names on the right port', () => {
    expect(isAllowedHostHeader('127.0.0.1:7878', '127.0.0.1', 7878)).toBe(true);
    expect(isAllowedHostHeader('localhost:7878', '127.0.0.1', 7878)).toBe(true);
    expect(isAllowedHostHeader('[::1]:7878', '::1', 7878)).toBe(true);
    expect(isAllowedHostHeader('attacker.example:7878', '127.0.0.1', 7878)).toBe(false);
    expect(isAllowedHostHeader('127.0.0.1:7879', '127.0.0.1', 7878)).toBe(false);
    expect(isAllowedHostHeader(undefined, '127.0.0.1', 7878)).toBe(false);
  });

  it('bound to the network, accepts any name (the token guards it)', () => {
    expect(isAllowedHostHeader('gpu-box.lab:7878', '0.0.0.0', 7878)).toBe(true);
  });

  it('same origin means the page this server served', () => {
    expect(isSameOrigin('http://127.0.0.1:7878', '127.0.0.1:7878')).toBe(true);
    expect(isSameOrigin('http://localhost:7878', '127.0.0.1:7878')).toBe(false);
    expect(isSameOrigin('https://127.0.0.1:7878', '127.0.0.1:7878')).toBe(false);
    expect(isSameOrigin('null', '127.0.0.1:7878')).toBe(false);
    expect(isSameOrigin(undefined, '127.0.0.1:7878')).toBe(false);
  });
});
