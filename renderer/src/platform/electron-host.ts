// The desktop app's host: the preload's bridge object, which carries the contract over IPC.
import { DATA_SCHEME, type ElectronBridge } from '../../../electron/common/ipc';
import type { PlatformHost } from './types';

export function createElectronHost(bridge: ElectronBridge): PlatformHost {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let unsubscribeBridge: (() => void) | null = null;

  return {
    kind: 'electron',
    invoke: (name, params) => bridge.invoke(name, params),
    on(name, listener) {
      // One bridge subscription fans out to every renderer listener.
      unsubscribeBridge ??= bridge.onEvent((event, payload) => {
        for (const l of listeners.get(event) ?? []) {
          try {
            l(payload);
          } catch (err) {
            console.error(`listener of ${event} failed:`, err);
          }
        }
      });
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    dataUrl: (path) => `${DATA_SCHEME}://data/?path=${encodeURIComponent(path)}`,
    openFile: (options = {}) => bridge.openFile(options),
    saveFile: (request) => bridge.saveFile(request),
    onMenuAction: (listener) => bridge.onMenuAction(listener),
    pathForFile: (file) => bridge.pathForFile(file),
    connection: 'open',
    onConnectionChange: () => () => undefined,
  };
}
