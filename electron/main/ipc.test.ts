import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC } from '../common/ipc';
import { createHost, type Host } from '../host';
import type { FileDialogs } from './file-dialogs';
import {
  registerIpc,
  type InvokeEventLike,
  type IpcMainLike,
  type IpcRegistration,
  type WindowContents,
} from './ipc';

const APP = 'file:///app/dist/renderer/index.html';
type Handler = (event: InvokeEventLike, ...args: unknown[]) => unknown;

let dir: string;
let host: Host;
let handlers: Map<string, Handler>;
let ipc: IpcMainLike;
let files: { open: ReturnType<typeof vi.fn>; save: ReturnType<typeof vi.fn> };
type FakeWindow = WindowContents & { sent: unknown[][]; destroyed: boolean };
let window: FakeWindow;
let registration: IpcRegistration;

const fromApp: InvokeEventLike = { senderFrame: { url: APP, parent: null }, sender: { id: 1 } };
const fromElsewhere: InvokeEventLike = {
  senderFrame: { url: 'https://example.com/', parent: null },
  sender: { id: 1 },
};

function fakeWindow(id: number): FakeWindow {
  const created: FakeWindow = {
    id,
    sent: [],
    destroyed: false,
    isDestroyed: () => created.destroyed,
    send: (...args: unknown[]) => created.sent.push(args),
  };
  return created;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tf-ipc-'));
  host = createHost({ userDataDir: dir, env: {} });
  handlers = new Map();
  ipc = {
    handle: (channel, listener) => handlers.set(channel, listener),
    removeHandler: (channel) => handlers.delete(channel),
  };
  files = { open: vi.fn(async () => null), save: vi.fn(async () => null) };
  window = fakeWindow(1);
  registration = registerIpc(ipc, host, APP, files as unknown as FileDialogs);
  registration.attach(window);
});

afterEach(async () => {
  registration.dispose();
  await host.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('IPC registration', () => {
  it('answers contract calls from the app page and refuses them from anywhere else', async () => {
    const invoke = handlers.get(IPC.invoke)!;
    expect(await invoke(fromApp, 'settings.get', {})).toMatchObject({ ok: true });
    expect(await invoke(fromElsewhere, 'settings.get', {})).toMatchObject({ ok: false });
  });

  it('opens dialogs only for the app page', async () => {
    await expect(Promise.resolve(handlers.get(IPC.openFile)!(fromElsewhere, {}))).rejects.toThrow(
      /Refused/,
    );
    await expect(
      Promise.resolve(handlers.get(IPC.saveFile)!(fromElsewhere, { text: 'x' })),
    ).rejects.toThrow(/Refused/);
    expect(files.open).not.toHaveBeenCalled();
    expect(files.save).not.toHaveBeenCalled();
    await handlers.get(IPC.openFile)!(fromApp, { title: 'Open' });
    expect(files.open).toHaveBeenCalledWith({ title: 'Open' });
  });

  it('forwards host events to the window, frames as the same Uint8Array (no JSON, no base64)', () => {
    const data = new Uint8Array([1, 2, 3, 4]);
    host.bus.emit('runtime.frame', { runId: 'r1', data }, 'window:1');
    expect(window.sent).toEqual([[IPC.event, 'runtime.frame', { runId: 'r1', data }]]);
    expect((window.sent[0][2] as { data: Uint8Array }).data).toBe(data);
  });

  it('skips a closed window, and stops everything when disposed', () => {
    window.destroyed = true;
    host.bus.emit('runtime.frame', { runId: 'r1', data: new Uint8Array(1) }, 'window:1');
    expect(window.sent).toEqual([]);
    window.destroyed = false;
    registration.dispose();
    host.bus.emit('runtime.frame', { runId: 'r1', data: new Uint8Array(1) }, 'window:1');
    expect(window.sent).toEqual([]);
    expect(handlers.size).toBe(0);
  });

  it('gives each window its own events and refuses a window it never attached', async () => {
    const other = fakeWindow(2);
    const detach = registration.attach(other);
    host.bus.emit('runtime.frame', { runId: 'r1', data: new Uint8Array(1) }, 'window:2');
    expect(window.sent).toEqual([]);
    expect(other.sent).toHaveLength(1);
    host.bus.emit('settings.changed', await host.settings.get());
    expect(window.sent).toHaveLength(1);
    expect(other.sent).toHaveLength(2);
    detach();
    const invoke = handlers.get(IPC.invoke)!;
    const fromClosed = { ...fromApp, sender: { id: 2 } };
    expect(await invoke(fromClosed, 'settings.get', {})).toMatchObject({ ok: false });
  });
});
