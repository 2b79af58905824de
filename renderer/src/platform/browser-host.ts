// The serve mode's host: the WebSocket connection plus the browser's own file pickers.
import { BrowserFiles } from './browser-files';
import { takeServeToken, type TokenPlace } from './token';
import type { PlatformHost } from './types';
import { WsHostConnection } from './ws-host';

export function serveSocketUrl(pageHref: string, token: string | null): string {
  const page = new URL(pageHref);
  const url = new URL('ws', page);
  url.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = token ? `?token=${encodeURIComponent(token)}` : '';
  url.hash = '';
  return url.toString();
}

export function createBrowserHost(win: Window = window, place?: TokenPlace): PlatformHost {
  const token = takeServeToken(
    place ?? { location: win.location, history: win.history, storage: win.sessionStorage },
  );
  const connection = new WsHostConnection({ url: serveSocketUrl(win.location.href, token) });
  const files = new BrowserFiles(win);
  return {
    kind: 'browser',
    invoke: (name, params) => connection.invoke(name, params),
    on: (name, listener) => connection.on(name, listener),
    dataUrl: (path) => {
      const url = new URL('data', win.location.href);
      url.search = `?path=${encodeURIComponent(path)}`;
      return url.pathname + url.search;
    },
    openFile: (options) => files.openFile(options),
    saveFile: (request) => files.saveFile(request),
    onMenuAction: () => () => undefined,
    pathForFile: () => null,
    get connection() {
      return connection.connection;
    },
    onConnectionChange: (listener) => connection.onConnectionChange(listener),
  };
}
