// IPC registration: the contract's invoke channel, the file dialogs and the events, each
// behind the sender check. Every window is an owner of its own: its runs and chats are
// its own and its events go to it alone. Written against a minimal IpcMain so tests can
// drive it.
import type { HostApi, HostClient } from '../common/contract';
import { IPC, type OpenFileOptions, type SaveFileRequest } from '../common/ipc';
import type { FileDialogs } from './file-dialogs';
import { answerInvoke, isTrustedSender, type SenderFrame } from './guards';

export interface InvokeEventLike {
  senderFrame: SenderFrame | null;
  /** The window's WebContents: who asks. */
  sender: { id: number };
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** A window's WebContents as the IPC layer uses it. */
export interface WindowContents {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export interface IpcRegistration {
  /** A window opened: it becomes an owner; returns what to call when it closes. */
  attach(contents: WindowContents): () => void;
  dispose(): void;
}

export function registerIpc(
  ipc: IpcMainLike,
  host: HostApi,
  appUrl: string,
  files: FileDialogs,
): IpcRegistration {
  const clients = new Map<number, HostClient>();

  ipc.handle(IPC.invoke, (event, name, params) =>
    answerInvoke(clients.get(event.sender.id), appUrl, event.senderFrame, name, params),
  );

  ipc.handle(IPC.openFile, async (event, options) => {
    refuseUnknownSender(event, appUrl);
    return files.open(isObject(options) ? (options as OpenFileOptions) : {});
  });
  ipc.handle(IPC.saveFile, async (event, request) => {
    refuseUnknownSender(event, appUrl);
    if (!isObject(request)) throw new Error('Save needs a request');
    return files.save(request as unknown as SaveFileRequest);
  });

  const detachers = new Set<() => void>();
  return {
    attach(contents) {
      const client = host.connect(`window:${contents.id}`);
      clients.set(contents.id, client);
      // Uint8Array payloads (runtime frames) cross by structured clone, not as JSON.
      const unsubscribe = client.subscribe((name, payload) => {
        if (!contents.isDestroyed()) contents.send(IPC.event, name, payload);
      });
      const detach = () => {
        if (!detachers.delete(detach)) return;
        unsubscribe();
        clients.delete(contents.id);
        client.close().catch((err: unknown) => console.error('closing a window failed:', err));
      };
      detachers.add(detach);
      return detach;
    },
    dispose() {
      for (const detach of [...detachers]) detach();
      for (const channel of [IPC.invoke, IPC.openFile, IPC.saveFile]) ipc.removeHandler(channel);
    },
  };
}

function refuseUnknownSender(event: InvokeEventLike, appUrl: string): void {
  if (!isTrustedSender(event.senderFrame, appUrl)) {
    throw new Error('Refused: the request did not come from the TwinForge window');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
