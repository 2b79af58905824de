import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { HostApi } from '../../common/contract';
import { FRAME_DISPLAY, FRAME_SAMPLE } from '../../common/stream';
import { attachHostToSocket, DISPLAY_FRAME_BACKLOG_BYTES } from './ws-bridge';

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: unknown[] = [];
  send(data: unknown) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
}

function frame(flags: number): Uint8Array {
  const bytes = new Uint8Array(16);
  new DataView(bytes.buffer).setUint32(8, flags, true);
  return bytes;
}

function setup() {
  let emit: (name: string, payload: unknown) => void = () => undefined;
  const closed: string[] = [];
  const host = {
    connect: (owner: string) => ({
      owner,
      invoke: async () => ({}),
      subscribe: (listener: (name: string, payload: unknown) => void) => {
        emit = listener;
        return () => (emit = () => undefined);
      },
      close: async () => void closed.push(owner),
    }),
  } as unknown as HostApi;
  const socket = new FakeSocket();
  attachHostToSocket(socket as unknown as WebSocket, host, 'ws:1');
  return { socket, closed, emit: (name: string, payload: unknown) => emit(name, payload) };
}

describe('frames to a slow browser', () => {
  it('drops display-only frames while the backlog is large, never sample frames', () => {
    const { socket, emit } = setup();
    socket.bufferedAmount = DISPLAY_FRAME_BACKLOG_BYTES + 1;
    emit('runtime.frame', { runId: 'r', data: frame(FRAME_DISPLAY) });
    expect(socket.sent).toHaveLength(0);
    emit('runtime.frame', { runId: 'r', data: frame(FRAME_SAMPLE) });
    emit('runtime.frame', { runId: 'r', data: frame(FRAME_DISPLAY | FRAME_SAMPLE) });
    expect(socket.sent).toHaveLength(2);
  });

  it('sends every frame while the browser keeps up, and nothing after the socket closed', () => {
    const { socket, emit, closed } = setup();
    emit('runtime.frame', { runId: 'r', data: frame(FRAME_DISPLAY) });
    expect(socket.sent).toHaveLength(1);
    socket.emit('close');
    emit('runtime.frame', { runId: 'r', data: frame(FRAME_DISPLAY) });
    expect(socket.sent).toHaveLength(1);
    // The connection's own runs and chats end with it.
    expect(closed).toEqual(['ws:1']);
  });
});
