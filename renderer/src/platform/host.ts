// The renderer's one way to its host. In the desktop app the preload has put the IPC
// bridge on `window`; in a browser (serve mode) the host is reached over a WebSocket.
// Nothing connects until the first call or listener, so importing this is free.
import { BRIDGE_KEY, type ElectronBridge } from '../../../electron/common/ipc';
import { createBrowserHost } from './browser-host';
import { createElectronHost } from './electron-host';
import type { PlatformHost } from './types';

export function pickHost(win: Window): PlatformHost {
  const bridge = (win as unknown as Record<string, ElectronBridge | undefined>)[BRIDGE_KEY];
  return bridge ? createElectronHost(bridge) : createBrowserHost(win);
}

export const host: PlatformHost = pickHost(window);

export type * from './types';
