// Security guards of the desktop app, written against the few Electron surfaces they use
// so tests can drive them without Electron: navigation, new windows, permissions and the
// checks every IPC message passes before it reaches the host.
import { isMethodName, type HostClient } from '../common/contract';
import type { InvokeReply } from '../common/ipc';

/** The parts of a WebContents the guards touch. */
export interface GuardableContents {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: Preventable, url: string) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface Preventable {
  preventDefault(): void;
}

/** The parts of a Session the guards touch. */
export interface GuardableSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

/** The frame an IPC message came from, as Electron reports it (null once it is gone). */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * True for the app's own page only: the top frame showing index.html from the app's
 * folder. Query and fragment may vary; scheme and path may not.
 */
export function isAppPageUrl(url: string, appUrl: string): boolean {
  let given: URL;
  let app: URL;
  try {
    given = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  return (
    given.protocol === app.protocol && given.host === app.host && given.pathname === app.pathname
  );
}

export function isTrustedSender(frame: SenderFrame | null | undefined, appUrl: string): boolean {
  return !!frame && frame.parent === null && isAppPageUrl(frame.url, appUrl);
}

/**
 * Navigation away from the app page, redirects, new windows and <webview> are refused:
 * the app never shows anything but its own page (links open nowhere).
 */
export function guardWebContents(contents: GuardableContents, appUrl: string): void {
  const refuseForeign = (event: Preventable, url: string) => {
    if (!isAppPageUrl(url, appUrl)) event.preventDefault();
  };
  contents.on('will-navigate', refuseForeign);
  contents.on('will-redirect', refuseForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** No camera, microphone, notifications, geolocation, ...: the app needs none. */
export function guardSession(session: GuardableSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * One contract call from a renderer: refused unless it comes from the app page of a window
 * the host knows (`client`) and names a method of the contract; the host validates the
 * params with the contract's schemas.
 */
export async function answerInvoke(
  client: HostClient | undefined,
  appUrl: string,
  frame: SenderFrame | null | undefined,
  name: unknown,
  params: unknown,
): Promise<InvokeReply> {
  if (!client || !isTrustedSender(frame, appUrl)) {
    return { ok: false, message: 'Refused: the request did not come from the TwinForge window' };
  }
  if (!isMethodName(name)) return { ok: false, message: `Unknown method ${String(name)}` };
  try {
    return { ok: true, result: (await client.invoke(name, params as never)) ?? null };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}
