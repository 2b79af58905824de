// Downloading a pack: bytes reported as they arrive, stopped by the caller's signal, and a
// short download or a full disk told apart from other failures.
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { formatBytes } from '../../common/bytes';
import { InstallCancelledError, RuntimeInstallError, errorCode } from './errors';

export type OnBytes = (bytes: number) => void;

/** Counts what passes; refuses more than `limit` bytes. */
function meter(onBytes: OnBytes, limit: number, tooLarge: () => Error): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > limit) {
        done(tooLarge());
        return;
      }
      onBytes(bytes);
      done(null, chunk);
    },
  });
}

/** ENOSPC, as the user reads it. */
export function diskFull(where: string, stage: 'download' | 'extract'): RuntimeInstallError {
  const what = stage === 'download' ? 'downloading the pack' : 'extracting the pack';
  return new RuntimeInstallError(
    `The disk filled up while ${what} (${where}). Nothing was installed and the partial files were removed; free some space, or install into another folder.`,
    stage,
  );
}

/**
 * Downloads `url` to `dest`. A download that ends short of `size` (the connection closed,
 * the server stopped) is an error that says so; its checksum is checked afterwards, from
 * the file.
 */
export async function downloadPack(
  url: string,
  dest: string,
  options: { size: number; signal: AbortSignal; onBytes: OnBytes },
): Promise<void> {
  const { size, signal } = options;
  let received = 0;
  const onBytes: OnBytes = (n) => {
    received = n;
    options.onBytes(n);
  };
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch (err) {
    if (signal.aborted) throw new InstallCancelledError('download');
    const cause =
      (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
    throw new RuntimeInstallError(
      `Could not download ${url}: ${cause}. Check the network and the runtime mirror setting, or copy the pack to this machine and install it from the file.`,
      'download',
    );
  }
  if (!response.ok || !response.body) {
    throw new RuntimeInstallError(
      `${url} answered ${response.status} ${response.statusText}: the mirror does not have this pack. Check the runtime mirror setting.`,
      'download',
    );
  }
  const tooLarge = () =>
    new RuntimeInstallError(
      `${url} sends more than the ${formatBytes(size)} its manifest says: the mirror's pack and manifest do not match. Nothing was installed; tell the mirror's admin.`,
      'download',
    );
  try {
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      meter(onBytes, size, tooLarge),
      createWriteStream(dest),
      { signal },
    );
  } catch (err) {
    if (signal.aborted) throw new InstallCancelledError('download');
    if (err instanceof RuntimeInstallError) throw err;
    if (errorCode(err) === 'ENOSPC') throw diskFull(dest, 'download');
    throw truncated(url, received, size, (err as Error).message);
  }
  if (received < size) throw truncated(url, received, size, 'the server ended the transfer');
}

function truncated(url: string, got: number, size: number, why: string): RuntimeInstallError {
  return new RuntimeInstallError(
    `The download of ${url} stopped at ${formatBytes(got)} of ${formatBytes(size)} (${why}). ` +
      'Nothing was installed; try again, or copy the pack to this machine and install it from the file.',
    'download',
  );
}
