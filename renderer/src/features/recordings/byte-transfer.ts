// Receives the bytes a host method sends as `recordings.bytes` events: listen under a fresh
// transfer id, call, then wait until the total the result names has arrived (over Electron's
// IPC, events and results travel on different channels, so either may come first).
import type { PlatformHost } from '../../platform/types';
import { newId } from '../project/versions-store';

/** How long the rest of a transfer may take to arrive once the host has answered. */
const REST_WAIT_MS = 60_000;

export async function receiveBytes<R extends { bytes: number }>(
  host: PlatformHost,
  call: (transferId: string) => Promise<R>,
  restWaitMs = REST_WAIT_MS,
): Promise<{ result: R; bytes: Uint8Array<ArrayBuffer> }> {
  const transferId = newId();
  const chunks: Array<{ offset: number; data: Uint8Array }> = [];
  let received = 0;
  let expected: number | null = null;
  let complete: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => (complete = resolve));
  const off = host.on('recordings.bytes', (chunk) => {
    if (chunk.transferId !== transferId) return;
    chunks.push({ offset: chunk.offset, data: chunk.data });
    received += chunk.data.byteLength;
    if (expected !== null && received >= expected) complete();
  });
  try {
    const result = await call(transferId);
    expected = result.bytes;
    if (received < expected) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Only ${received} of ${result.bytes} bytes arrived`)),
          restWaitMs,
        );
      });
      await Promise.race([arrived, late]).finally(() => clearTimeout(timer));
    }
    const bytes = new Uint8Array(result.bytes);
    for (const { offset, data } of chunks) bytes.set(data, offset);
    return { result, bytes };
  } finally {
    off();
  }
}
