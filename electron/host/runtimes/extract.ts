// Reading a pack (a gzipped tar, conda-pack's layout) with node-tar. First a pass that
// writes nothing: its SHA-256, the size it unpacks to, and any entry that could write
// outside the folder (absolute or `..` paths, links whose target leaves it, device files).
// Then the extraction, which refuses the same entries again and, when it stops early (a
// full disk, a cancel), waits for node-tar's writes in flight before it returns, so that
// the caller can remove the folder for good.
import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { posix } from 'node:path';
import { Parser, Unpack, type ReadEntry } from 'tar';
import { formatBytes } from '../../common/bytes';
import { InstallCancelledError, RuntimeInstallError, errorCode } from './errors';
import { diskFull, type OnBytes } from './transfer';

const ALLOWED_TYPES = new Set([
  'File',
  'OldFile',
  'ContiguousFile',
  'Directory',
  'SymbolicLink',
  'Link',
]);

/** Headroom over the manifest's unpacked size before a pack counts as lying about it. */
const UNPACKED_SLACK = 1.05;
/** How long an extraction that stopped early may take to finish the writes it started. */
const SETTLE_TIMEOUT_MS = 30_000;

/** A path inside the archive that stays inside the folder, normalised; null otherwise. */
function insidePath(path: string): string | null {
  const unixy = path.replace(/\\/g, '/');
  if (unixy.startsWith('/') || /^[A-Za-z]:/.test(unixy)) return null;
  const normal = posix.normalize(unixy);
  if (normal === '..' || normal.startsWith('../')) return null;
  return normal;
}

/** Why an entry is refused, or null when it may be extracted. */
export function entryProblem(entry: {
  path: string;
  type: string;
  linkpath?: string;
}): string | null {
  const path = insidePath(entry.path);
  if (path === null) return `its entry "${entry.path}" points outside the runtime folder`;
  if (!ALLOWED_TYPES.has(entry.type)) {
    return `its entry "${entry.path}" is a ${entry.type}, which a runtime never needs`;
  }
  if (entry.type === 'SymbolicLink') {
    const link = (entry.linkpath ?? '').replace(/\\/g, '/');
    const absolute = link.startsWith('/') || /^[A-Za-z]:/.test(link);
    if (absolute || insidePath(posix.join(posix.dirname(path), link)) === null) {
      return `its entry "${entry.path}" links to "${entry.linkpath}", outside the runtime folder`;
    }
  }
  if (entry.type === 'Link' && insidePath(entry.linkpath ?? '') === null) {
    return `its entry "${entry.path}" is a hard link to "${entry.linkpath}", outside the runtime folder`;
  }
  return null;
}

function unsafe(problem: string): RuntimeInstallError {
  return new RuntimeInstallError(
    `The pack is unsafe: ${problem}. Nothing was installed.`,
    'verify',
  );
}

function tooLarge(unpackedSize: number): RuntimeInstallError {
  return new RuntimeInstallError(
    `The pack unpacks to more than the ${formatBytes(unpackedSize)} its manifest says (a damaged or hostile pack). Nothing was installed.`,
    'verify',
  );
}

function unreadable(err: unknown): RuntimeInstallError {
  return new RuntimeInstallError(
    `The pack is not a readable .tar.gz (${(err as Error).message}). Nothing was installed; get the pack again.`,
    'verify',
  );
}

function unpackedLimit(unpackedSize: number): number {
  return unpackedSize * UNPACKED_SLACK + 1024 * 1024;
}

export interface PackInspection {
  sha256: string;
  /** What its entries add up to. */
  unpackedBytes: number;
  /** Why it must not be extracted, or null. Checked only when the checksum matches. */
  problem: RuntimeInstallError | null;
}

/** One read of the archive: its SHA-256 and its entries, writing nothing. */
export async function inspectPack(
  archive: string,
  options: { unpackedSize: number; signal: AbortSignal; onBytes: OnBytes },
): Promise<PackInspection> {
  if (options.signal.aborted) throw new InstallCancelledError('verify');
  const hash = createHash('sha256');
  let unpackedBytes = 0;
  let problem: RuntimeInstallError | null = null;
  const parser = new Parser({
    strict: true,
    filter: (_path: string, entry: ReadEntry | Stats) => {
      const e = entry as ReadEntry;
      const why = entryProblem({ path: e.path, type: e.type, linkpath: e.linkpath });
      if (why) problem ??= unsafe(why);
      unpackedBytes += e.size ?? 0;
      return false;
    },
  });
  const input = createReadStream(archive, { highWaterMark: 1024 * 1024 });
  let read = 0;
  await new Promise<void>((resolve, reject) => {
    const stop = () => {
      input.destroy();
      reject(new InstallCancelledError('verify'));
    };
    options.signal.addEventListener('abort', stop, { once: true });
    const settle = (err?: unknown) => {
      options.signal.removeEventListener('abort', stop);
      if (err) reject(err);
      else resolve();
    };
    // A stream that is not a tar.gz is a problem of the pack, not a failure of the read.
    parser.on('error', (err: Error) => {
      problem ??= /decompression ratio/.test(err.message)
        ? tooLarge(options.unpackedSize)
        : unreadable(err);
      input.destroy();
      settle();
    });
    parser.on('end', () => settle());
    input.on('error', (err) =>
      settle(new RuntimeInstallError(`Could not read ${archive}: ${err.message}`, 'verify')),
    );
    input.on('data', (chunk) => {
      read += chunk.length;
      hash.update(chunk);
      options.onBytes(read);
      if (!parser.write(chunk as Buffer)) input.pause();
    });
    parser.on('drain', () => input.resume());
    input.on('end', () => parser.end());
  });
  if (!problem && unpackedBytes > unpackedLimit(options.unpackedSize)) {
    problem = tooLarge(options.unpackedSize);
  }
  return { sha256: hash.digest('hex'), unpackedBytes, problem };
}

export interface ExtractOptions {
  /** The manifest's figure; extraction stops well beyond it. */
  unpackedSize: number;
  signal: AbortSignal;
  /** Bytes of the archive read so far. */
  onBytes: OnBytes;
}

/** Extracts `archive` into `dir` (created if needed). */
export async function extractPack(
  archive: string,
  dir: string,
  options: ExtractOptions,
): Promise<void> {
  if (options.signal.aborted) throw new InstallCancelledError('extract');
  await mkdir(dir, { recursive: true });
  const limit = unpackedLimit(options.unpackedSize);
  let unpacked = 0;
  /** Why extraction stopped early; the first reason wins. */
  let failure: RuntimeInstallError | null = null;
  const input = createReadStream(archive, { highWaterMark: 1024 * 1024 });
  const unpack: Unpack = new Unpack({
    cwd: dir,
    strict: true,
    // The runtime belongs to whoever installs it, whatever ids the archive recorded.
    preserveOwner: false,
    filter: (_path: string, entry: ReadEntry | Stats) => {
      if (failure) return false;
      const e = entry as ReadEntry;
      const why = entryProblem({ path: e.path, type: e.type, linkpath: e.linkpath });
      unpacked += e.size ?? 0;
      if (why) stop(unsafe(why));
      else if (unpacked > limit) stop(tooLarge(options.unpackedSize));
      return failure === null;
    },
  });
  /** Stops reading; node-tar then finishes the entries it started and ends. */
  let stopped = false;
  function stop(reason: RuntimeInstallError): void {
    failure ??= reason;
    if (stopped) return;
    stopped = true;
    input.unpipe(unpack);
    input.destroy();
    // Not from inside node-tar's own call stack (the filter runs there): next turn.
    setImmediate(() => unpack.end());
  }
  const onAbort = () => stop(new InstallCancelledError('extract'));
  options.signal.addEventListener('abort', onAbort, { once: true });

  let read = 0;
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, SETTLE_TIMEOUT_MS);
      timer.unref();
      const finish = () => {
        clearTimeout(timer);
        resolve();
      };
      unpack.on('end', finish);
      unpack.on('close', finish);
      unpack.on('error', (err: Error) => {
        const tarCode = (err as { tarCode?: string }).tarCode;
        if (tarCode === 'TAR_ABORT') {
          // node-tar stopped the stream itself (a zlib error, an archive that inflates
          // without bound): it never ends, and writes nothing more.
          input.destroy();
          failure ??= /decompression ratio/.test(err.message)
            ? tooLarge(options.unpackedSize)
            : unreadable(err);
          finish();
        } else if (errorCode(err) === 'ENOSPC') stop(diskFull(dir, 'extract'));
        else if (tarCode === 'TAR_BAD_ARCHIVE') stop(unreadable(err));
        else {
          stop(
            new RuntimeInstallError(
              `Extracting the pack failed: ${err.message}. Nothing was installed.`,
              'extract',
            ),
          );
        }
      });
      input.on('error', (err) =>
        stop(new RuntimeInstallError(`Could not read ${archive}: ${err.message}`, 'extract')),
      );
      input.on('data', (chunk) => {
        read += chunk.length;
        options.onBytes(read);
      });
      input.pipe(unpack);
    });
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
  if (failure) throw failure;
}
