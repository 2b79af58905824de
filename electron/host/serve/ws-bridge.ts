// One WebSocket connection carrying the host contract: invokes in, results and events out.
import type { WebSocket } from 'ws';
import { isMethodName, type HostApi } from '../../common/contract';
import { FRAME_DISPLAY, FRAME_SAMPLE } from '../../common/stream';
import {
  encodeBinaryEvent,
  hasBinaryData,
  parseInvokeMessage,
  type ServerTextMessage,
} from '../../common/wire';

/** Above this many unsent bytes, display-only frames are dropped for this client: a slow
 *  browser must never hold the simulation back, and the newest frame is the one to show. */
export const DISPLAY_FRAME_BACKLOG_BYTES = 16 * 1024 * 1024;

/** Above this many unsent bytes the browser has stopped reading: it is closed rather than
 *  let the server buffer without bound (display frames have gone long before). */
export const MAX_SEND_BACKLOG_BYTES = 64 * 1024 * 1024;

/** How long a closed slow client gets to finish the close before its socket is cut. */
const SLOW_CLIENT_CLOSE_MS = 2000;

export const SLOW_CLIENT_CLOSE_REASON = 'the browser stopped reading: over 64 MiB were waiting';

/**
 * Gives the connection its own client of the host (`owner`): its runs, chats and requests
 * are its own, their events reach only this socket, and they end when it closes.
 */
export function attachHostToSocket(socket: WebSocket, host: HostApi, owner: string): () => void {
  const client = host.connect(owner);
  /** False when the message was not sent: the socket is closing, or was closed for lag. */
  const hasRoom = (): boolean => {
    if (socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount <= MAX_SEND_BACKLOG_BYTES) return true;
    socket.close(1008, SLOW_CLIENT_CLOSE_REASON);
    // The close frame waits behind the backlog the browser does not read: cut it soon.
    setTimeout(() => socket.terminate(), SLOW_CLIENT_CLOSE_MS).unref();
    return false;
  };
  const send = (message: ServerTextMessage) => {
    if (hasRoom()) socket.send(JSON.stringify(message));
  };

  const unsubscribe = client.subscribe((name, payload) => {
    if (!hasBinaryData(payload)) {
      send({ t: 'event', name, payload });
      return;
    }
    // Display frames go first when the browser lags: a newer one follows anyway.
    const displayOnly = isDisplayOnlyFrame(name, payload.data);
    if (displayOnly && socket.bufferedAmount > DISPLAY_FRAME_BACKLOG_BYTES) return;
    if (hasRoom()) socket.send(encodeBinaryEvent(name, payload), { binary: true });
  });

  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      socket.close(1003, 'binary messages are not accepted');
      return;
    }
    const request = parseInvokeMessage(rawToString(data));
    if (typeof request === 'string') {
      socket.close(1007, request.slice(0, 120));
      return;
    }
    const { id, method, params } = request;
    if (!isMethodName(method)) {
      send({ t: 'error', id, message: `Unknown method ${method}` });
      return;
    }
    client.invoke(method, params as never).then(
      (result) => send({ t: 'result', id, result: result ?? null }),
      (err: unknown) =>
        send({ t: 'error', id, message: err instanceof Error ? err.message : String(err) }),
    );
  });

  let detached = false;
  const detach = () => {
    if (detached) return;
    detached = true;
    unsubscribe();
    client.close().catch((err: unknown) => console.error(`serve: closing ${owner} failed:`, err));
  };
  socket.on('close', detach);
  socket.on('error', detach);
  return detach;
}

function isDisplayOnlyFrame(name: string, data: Uint8Array): boolean {
  if (name !== 'runtime.frame' || data.byteLength < 12) return false;
  const flags = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(8, true);
  return (flags & FRAME_DISPLAY) !== 0 && (flags & FRAME_SAMPLE) === 0;
}

function rawToString(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
