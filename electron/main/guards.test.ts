import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HostClient } from '../common/contract';
import { createHost, type Host } from '../host';
import {
  answerInvoke,
  guardSession,
  guardWebContents,
  isAppPageUrl,
  isTrustedSender,
  type GuardableContents,
  type GuardableSession,
} from './guards';

const APP = 'file:///opt/TwinForge/resources/app.asar/dist/renderer/index.html';

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  const contents = {
    on: (name: string, listener: (event: { preventDefault(): void }, url?: string) => void) => {
      listeners.set(name, listener);
      return contents;
    },
    setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => {
      openHandler = h;
    },
  };
  /** Fires an event; true when the guard prevented it. */
  const fire = (name: string, url?: string) => {
    let prevented = false;
    listeners.get(name)?.({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return {
    contents: contents as unknown as GuardableContents,
    fire,
    open: (url: string) => openHandler?.({ url }),
  };
}

describe('the app page URL check', () => {
  it('accepts the app page, with any query or fragment', () => {
    expect(isAppPageUrl(APP, APP)).toBe(true);
    expect(isAppPageUrl(`${APP}?x=1#/settings`, APP)).toBe(true);
  });

  it('refuses other files, other schemes and look-alikes', () => {
    expect(isAppPageUrl('file:///tmp/evil/index.html', APP)).toBe(false);
    expect(isAppPageUrl('https://example.com/dist/renderer/index.html', APP)).toBe(false);
    expect(isAppPageUrl(`${APP}.evil.html`, APP)).toBe(false);
    expect(isAppPageUrl('not a url', APP)).toBe(false);
  });

  it('trusts only the top frame of the app page', () => {
    expect(isTrustedSender({ url: APP, parent: null }, APP)).toBe(true);
    expect(isTrustedSender({ url: APP, parent: {} }, APP)).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/x.html', parent: null }, APP)).toBe(false);
    expect(isTrustedSender(null, APP)).toBe(false);
  });
});

describe('window guards', () => {
  it('blocks navigation and redirects away from the app page', () => {
    const { contents, fire } = fakeContents();
    guardWebContents(contents, APP);
    expect(fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(fire('will-navigate', APP)).toBe(false);
  });

  it('denies every new window and every <webview>', () => {
    const { contents, fire, open } = fakeContents();
    guardWebContents(contents, APP);
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    expect(open(APP)).toEqual({ action: 'deny' });
    expect(fire('will-attach-webview')).toBe(true);
  });

  it('denies every permission request and check', () => {
    let requestHandler: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null;
    let checkHandler: ((c: unknown, p: string) => boolean) | null = null;
    const session: GuardableSession = {
      setPermissionRequestHandler: (h) => (requestHandler = h),
      setPermissionCheckHandler: (h) => (checkHandler = h),
    };
    guardSession(session);
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
    ]) {
      const callback = vi.fn();
      requestHandler!(null, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(checkHandler!(null, permission)).toBe(false);
    }
  });
});

describe('IPC invoke', () => {
  let dir: string;
  let host: Host;
  let client: HostClient;
  const appFrame = { url: APP, parent: null };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tf-guards-'));
    host = createHost({ userDataDir: dir, env: {} });
    client = host.connect('window:1');
  });
  afterAll(async () => {
    await host.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the app page', async () => {
    const reply = await answerInvoke(client, APP, appFrame, 'settings.get', {});
    expect(reply).toMatchObject({ ok: true, result: { theme: 'system' } });
  });

  it('refuses a message from an unknown frame before it reaches the host', async () => {
    const spy = vi.spyOn(client, 'invoke');
    const foreign = { url: 'https://example.com/', parent: null };
    expect(await answerInvoke(client, APP, foreign, 'settings.get', {})).toEqual({
      ok: false,
      message: 'Refused: the request did not come from the TwinForge window',
    });
    expect(
      await answerInvoke(client, APP, { url: APP, parent: appFrame }, 'settings.get', {}),
    ).toMatchObject({ ok: false });
    expect(await answerInvoke(client, APP, null, 'settings.get', {})).toMatchObject({ ok: false });
    // A page the host has no client for (a window it never attached) is refused too.
    expect(await answerInvoke(undefined, APP, appFrame, 'settings.get', {})).toMatchObject({
      ok: false,
    });
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('refuses unknown methods', async () => {
    expect(await answerInvoke(client, APP, appFrame, 'fs.rm', {})).toEqual({
      ok: false,
      message: 'Unknown method fs.rm',
    });
    expect(await answerInvoke(client, APP, appFrame, 42, {})).toEqual({
      ok: false,
      message: 'Unknown method 42',
    });
  });

  it("validates params with the contract's schemas and says what is wrong", async () => {
    const reply = await answerInvoke(client, APP, appFrame, 'settings.update', { theme: 'purple' });
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.message).toMatch(/^Invalid request settings.update: theme/);
    expect((await host.settings.get()).theme).toBe('system');
  });
});
