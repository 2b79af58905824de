// IPC registration: the contract's invoke channel, the file dialogs and the event fan-out,
// each behind the sender check. Written against a minimal IpcMain so tests can drive it.
import type { HostApi } from '../common/contract';
import { IPC, type OpenFileOptions, type SaveFileRequest } from '../common/ipc';
import type { FileDialogs } from './file-dialogs';
import { answerInvoke, isTrustedSender, type SenderFrame } from './guards';

export interface InvokeEventLike {
  senderFrame: SenderFrame | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export function registerIpc(
  ipc: IpcMainLike,
  host: HostApi,
  appUrl: string,
  files: FileDialogs,
  targets: () => EventTarget[],
): () => void {
  ipc.handle(IPC.invoke, (event, name, params) =>
    answerInvoke(host, appUrl, event.senderFrame, name, params),
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

  // Uint8Array payloads (runtime frames) cross by structured clone, not as JSON.
  const unsubscribe = host.subscribe((name, payload) => {
    for (const target of targets()) {
      if (!target.isDestroyed()) target.send(IPC.event, name, payload);
    }
  });

  return () => {
    unsubscribe();
    for (const channel of [IPC.invoke, IPC.openFile, IPC.saveFile]) ipc.removeHandler(channel);
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
