// Sandboxed preload: exposes one narrow object, built from the contract, on `window`.
// Nothing else of Electron or Node reaches the page.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { isMethodName } from '../common/contract';
import { BRIDGE_KEY, IPC, type ElectronBridge, type InvokeReply } from '../common/ipc';

const bridge: ElectronBridge = {
  async invoke(name, params) {
    if (!isMethodName(name)) throw new Error(`Unknown method ${String(name)}`);
    const reply = (await ipcRenderer.invoke(IPC.invoke, name, params)) as InvokeReply;
    if (!reply.ok) throw new Error(reply.message);
    return reply.result as never;
  },
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, name: string, payload: unknown) =>
      listener(name as never, payload as never);
    ipcRenderer.on(IPC.event, forward);
    return () => ipcRenderer.removeListener(IPC.event, forward);
  },
  onMenuAction(listener) {
    const forward = (_event: IpcRendererEvent, id: unknown) => {
      if (typeof id === 'string') listener(id);
    };
    ipcRenderer.on(IPC.menuAction, forward);
    return () => ipcRenderer.removeListener(IPC.menuAction, forward);
  },
  openFile: (options) => ipcRenderer.invoke(IPC.openFile, options),
  saveFile: (request) => ipcRenderer.invoke(IPC.saveFile, request),
  pathForFile(file) {
    try {
      return webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]) || null;
    } catch {
      return null;
    }
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
