// Bytes for one caller, as `recordings.bytes` events of at most CHUNK_BYTES each: binary
// WebSocket messages in serve (no base64, no JSON of a huge string) and structured clones
// over Electron's IPC. The caller chose the transfer id and listens before it calls; the
// method's result tells it the total, so it knows when it has everything.
import type { EventBus } from '../events';

export const CHUNK_BYTES = 4 * 1024 * 1024;

export function sendBytes(
  bus: EventBus,
  owner: string,
  transferId: string,
  bytes: Uint8Array,
  chunkBytes = CHUNK_BYTES,
): void {
  const total = bytes.byteLength;
  for (let offset = 0; offset < total; offset += chunkBytes) {
    // A copy: a structured clone of a view would carry its whole underlying buffer.
    const data = Uint8Array.prototype.slice.call(
      bytes,
      offset,
      Math.min(total, offset + chunkBytes),
    );
    bus.emit('recordings.bytes', { transferId, offset, total, data }, owner);
  }
}
