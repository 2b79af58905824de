// Getting a pack's bytes: downloading it (hashing as it arrives) and hashing a file on disk.
// Both report bytes as they go, stop on the caller's signal, and tell a short download or a
// full disk apart from other failures.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { formatBytes } from '../../common/bytes';
import { InstallCancelledError, RuntimeInstallError, errorCode } from './errors';

export type OnBytes = (bytes: number) => void;

/** Counts and hashes what passes; refuses more than `limit` bytes. */
function meter(hash: Hash, onBytes: OnBytes, limit: number, tooLarge: () => Error): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > limit) {
        done(tooLarge());
        return;
      }
      hash.update(chunk);
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
 * Downloads `url` to `dest`; resolves with the SHA-256 of what arrived. A download that
 * ends short of `size` (the connection closed, the server stopped) is an error that says so.
 */
export async function downloadPack(
  url: string,
  dest: string,
  options: { size: number; signal: AbortSignal; onBytes: OnBytes },
): Promise<string> {
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
  const hash = createHash('sha256');
  const tooLarge = () =>
    new RuntimeInstallError(
      `${url} sends more than the ${formatBytes(size)} its manifest says: the mirror's pack and manifest do not match. Nothing was installed; tell the mirror's admin.`,
      'download',
    );
  try {
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      meter(hash, onBytes, size, tooLarge),
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
  return hash.digest('hex');
}

function truncated(url: string, got: number, size: number, why: string): RuntimeInstallError {
  return new RuntimeInstallError(
    `The download of ${url} stopped at ${formatBytes(got)} of ${formatBytes(size)} (${why}). ` +
      'Nothing was installed; try again, or copy the pack to this machine and install it from the file.',
    'download',
  );
}

/** The SHA-256 of a file, read once. */
export async function hashFile(
  path: string,
  options: { signal: AbortSignal; onBytes: OnBytes; size: number },
): Promise<string> {
  const hash = createHash('sha256');
  const tooLarge = () =>
    new RuntimeInstallError(`${path} is larger than its manifest says.`, 'verify');
  try {
    await pipeline(
      createReadStream(path, { highWaterMark: 1024 * 1024 }),
      meter(hash, options.onBytes, options.size, tooLarge),
      new Writable({ write: (_chunk, _encoding, done) => done() }),
      { signal: options.signal },
    );
  } catch (err) {
    if (options.signal.aborted) throw new InstallCancelledError('verify');
    if (err instanceof RuntimeInstallError) throw err;
    throw new RuntimeInstallError(`Could not read ${path}: ${(err as Error).message}`, 'verify');
  }
  return hash.digest('hex');
}
