import { describe, expect, it } from 'vitest';
import { encodeBinaryEvent } from '../../../electron/common/wire';
import { WsHostConnection } from './ws-host';

/** A WebSocket stand-in the test drives by hand. */
class FakeSocket {
  binaryType = 'blob';
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string) {}
  send(text: string) {
    this.sent.push(text);
  }
  close() {}
  open() {
    this.onopen?.();
  }
  reply(message: unknown) {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }
  drop(code = 1006) {
    this.onclose?.({ code, reason: '' });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const connection = new WsHostConnection({
    url: 'ws://127.0.0.1:7878/ws?token=t',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
    backoff: (attempt) => 100 * 2 ** attempt,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
  });
  const runTimers = () => timers.splice(0).forEach((t) => t.fn());
  return { connection, sockets, timers, runTimers };
}

describe('the serve connection', () => {
  it('connects on first use, sends queued calls once open, and resolves with the result', async () => {
    const { connection, sockets } = setup();
    expect(sockets).toHaveLength(0);
    const settings = connection.invoke('settings.get', {});
    expect(sockets).toHaveLength(1);
    expect(sockets[0].binaryType).toBe('arraybuffer');
    expect(connection.connection).toBe('connecting');
    sockets[0].open();
    expect(JSON.parse(sockets[0].sent[0])).toEqual({
      t: 'invoke',
      id: 1,
      method: 'settings.get',
      params: {},
    });
    sockets[0].reply({ t: 'result', id: 1, result: { theme: 'dark' } });
    await expect(settings).resolves.toEqual({ theme: 'dark' });
  });

  it("rejects with the host's own error message", async () => {
    const { connection, sockets } = setup();
    const call = connection.invoke('settings.update', { theme: 'dark' });
    sockets[0].open();
    sockets[0].reply({ t: 'error', id: 1, message: 'Invalid request settings.update: theme' });
    await expect(call).rejects.toThrow('Invalid request settings.update: theme');
  });

  it('refuses a method the contract does not have without sending it', async () => {
    const { connection, sockets } = setup();
    await expect(connection.invoke('nope.never' as 'settings.get', {})).rejects.toThrow(
      'Unknown method nope.never',
    );
    expect(sockets).toHaveLength(0);
  });

  it('delivers JSON events and binary frames (as a Uint8Array) to their listeners', () => {
    const { connection, sockets } = setup();
    const seen: unknown[] = [];
    connection.on('settings.changed', (s) => seen.push(s.theme));
    connection.on('runtime.frame', (f) =>
      seen.push([f.runId, f.data instanceof Uint8Array, [...f.data]]),
    );
    sockets[0].open();
    sockets[0].reply({ t: 'event', name: 'settings.changed', payload: { theme: 'light' } });
    const bytes = encodeBinaryEvent('runtime.frame', {
      runId: 'r1',
      data: new Uint8Array([1, 2, 3]),
    } as never);
    sockets[0].onmessage?.({ data: bytes.slice().buffer });
    expect(seen).toEqual(['light', ['r1', true, [1, 2, 3]]]);
  });

  it('rejects every pending call with a clear message when the connection drops', async () => {
    const { connection, sockets } = setup();
    const sent = connection.invoke('settings.get', {});
    sockets[0].open();
    sockets[0].drop();
    await expect(sent).rejects.toThrow(
      /^Lost the connection to the TwinForge server: .*\. settings\.get did not complete\.$/,
    );
    expect(connection.connection).toBe('closed');
  });

  it('reconnects with growing delays, reports its state, and starts over once connected', async () => {
    const { connection, sockets, timers, runTimers } = setup();
    const states: string[] = [];
    connection.onConnectionChange((s) => states.push(s));
    connection.connect();
    sockets[0].drop();
    expect(timers.map((t) => t.ms)).toEqual([100]);
    runTimers();
    sockets[1].drop();
    expect(timers.map((t) => t.ms)).toEqual([200]);
    runTimers();
    sockets[2].open();
    expect(states).toEqual(['connecting', 'closed', 'connecting', 'closed', 'connecting', 'open']);
    // A call made while disconnected waits for the next connection.
    sockets[2].drop();
    const later = connection.invoke('settings.get', {});
    runTimers();
    sockets[3].open();
    sockets[3].reply({ t: 'result', id: 1, result: 'ok' });
    await expect(later).resolves.toBe('ok');
    expect(timers).toHaveLength(0);
  });

  it('once closed, fails pending and later calls and never reconnects', async () => {
    const { connection, sockets, timers } = setup();
    const pending = connection.invoke('settings.get', {});
    connection.close();
    await expect(pending).rejects.toThrow(/the page closed it/);
    await expect(connection.invoke('settings.get', {})).rejects.toThrow(
      'The connection to the TwinForge server is closed: settings.get was not sent.',
    );
    sockets[0].drop();
    expect(timers).toHaveLength(0);
    expect(sockets).toHaveLength(1);
  });
});
