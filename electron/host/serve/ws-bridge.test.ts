import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import type { HostApi } from '../../common/contract';
import { FRAME_DISPLAY, FRAME_SAMPLE } from '../../common/stream';
import {
  attachHostToSocket,
  DISPLAY_FRAME_BACKLOG_BYTES,
  MAX_SEND_BACKLOG_BYTES,
  SLOW_CLIENT_CLOSE_REASON,
} from './ws-bridge';

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  /** A browser that stopped reading: everything sent stays buffered. */
  stalled = false;
  sent: unknown[] = [];
  closed: { code?: number; reason?: string } | null = null;
  terminated = false;
  send(data: string | Uint8Array) {
    this.sent.push(data);
    if (this.stalled) this.bufferedAmount += data.length;
  }
  close(code?: number, reason?: string) {
    this.readyState = 2; // CLOSING: the close frame waits behind the backlog
    this.closed = { code, reason };
  }
  terminate() {
    this.readyState = 3;
    this.terminated = true;
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

describe('a browser that stops reading', () => {
  it('loses display frames first, then is closed with a reason and cut off: the buffer stays bounded', () => {
    vi.useFakeTimers();
    try {
      const { socket, emit } = setup();
      socket.stalled = true;
      const sample = new Uint8Array(1024 * 1024);
      new DataView(sample.buffer).setUint32(8, FRAME_SAMPLE, true);
      const display = new Uint8Array(1024 * 1024);
      new DataView(display.buffer).setUint32(8, FRAME_DISPLAY, true);
      let displaySent = 0;
      for (let i = 0; i < 200; i++) {
        const before = socket.sent.length;
        emit('runtime.frame', { runId: 'r', data: display });
        if (socket.sent.length > before) displaySent++;
        emit('runtime.frame', { runId: 'r', data: sample });
        emit('runtime.status', { runId: 'r', status: 'running' });
      }
      // Display frames stopped at their backlog, everything else at the cap.
      expect(displaySent).toBeLessThanOrEqual(DISPLAY_FRAME_BACKLOG_BYTES / (1024 * 1024) + 1);
      expect(socket.closed).toEqual({ code: 1008, reason: SLOW_CLIENT_CLOSE_REASON });
      expect(socket.bufferedAmount).toBeLessThanOrEqual(MAX_SEND_BACKLOG_BYTES + 2 * 1024 * 1024);
      const sentAtClose = socket.sent.length;
      emit('runtime.status', { runId: 'r', status: 'running' });
      expect(socket.sent.length).toBe(sentAtClose);
      expect(socket.terminated).toBe(false);
      vi.advanceTimersByTime(2000);
      expect(socket.terminated).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a reason short enough for a close frame (123 bytes)', () => {
    expect(Buffer.byteLength(SLOW_CLIENT_CLOSE_REASON)).toBeLessThanOrEqual(123);
  });
});
