// Extracts a pack (a gzipped tar, conda-pack's layout) with node-tar, refusing anything that
// could write outside the folder: absolute or `..` paths, links whose target leaves it,
// device files, and more bytes than the manifest announced.
import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { posix } from 'node:path';
import { Unpack, type ReadEntry } from 'tar';
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

/** Headroom over the manifest's unpacked size before extraction is stopped as a bomb. */
const UNPACKED_SLACK = 1.05;

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
  if (!ALLOWED_TYPES.has(entry.type))
    return `its entry "${entry.path}" is a ${entry.type}, which a runtime never needs`;
  if (entry.type === 'SymbolicLink') {
    const link = entry.linkpath ?? '';
    const unixy = link.replace(/\\/g, '/');
    const target =
      unixy.startsWith('/') || /^[A-Za-z]:/.test(unixy)
        ? null
        : insidePath(posix.join(posix.dirname(path), unixy));
    if (target === null)
      return `its entry "${entry.path}" links to "${link}", outside the runtime folder`;
  }
  if (entry.type === 'Link' && insidePath(entry.linkpath ?? '') === null) {
    return `its entry "${entry.path}" is a hard link to "${entry.linkpath}", outside the runtime folder`;
  }
  return null;
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
  const limit = options.unpackedSize * UNPACKED_SLACK + 1024 * 1024;
  let unpacked = 0;
  let refusal: RuntimeInstallError | null = null;
  const unpack: Unpack = new Unpack({
    cwd: dir,
    strict: true,
    // The runtime belongs to whoever installs it, whatever ids the archive recorded.
    preserveOwner: false,
    filter: (_path: string, entry: ReadEntry | import('node:fs').Stats) => {
      const e = entry as ReadEntry;
      const problem = entryProblem({ path: e.path, type: e.type, linkpath: e.linkpath });
      unpacked += e.size ?? 0;
      if (problem === null && unpacked > limit) {
        refuse(bomb());
        return false;
      }
      if (problem !== null) {
        refuse(`The pack is unsafe: ${problem}. Nothing was installed.`);
        return false;
      }
      return true;
    },
  });
  const bomb = () =>
    `The pack unpacks to more than the ${formatBytes(options.unpackedSize)} its manifest says; extraction was stopped (a damaged or hostile pack). Nothing was installed.`;
  function refuse(message: string): void {
    refusal ??= new RuntimeInstallError(message, 'extract');
    unpack.abort(refusal);
  }

  const input = createReadStream(archive, { highWaterMark: 1024 * 1024 });
  let read = 0;
  const onAbort = () => {
    input.destroy();
    unpack.abort(new InstallCancelledError('extract'));
  };
  options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      unpack.on('error', reject);
      unpack.on('close', () => resolve());
      input.on('error', reject);
      input.on('data', (chunk) => {
        read += chunk.length;
        options.onBytes(read);
      });
      input.pipe(unpack);
    });
  } catch (err) {
    if (options.signal.aborted) throw new InstallCancelledError('extract');
    if (refusal) throw refusal;
    if (errorCode(err) === 'ENOSPC') throw diskFull(dir, 'extract');
    // node-tar's own guard against archives that inflate without bound.
    if (/decompression ratio/.test((err as Error).message)) {
      throw new RuntimeInstallError(bomb(), 'extract');
    }
    const code = (err as { tarCode?: string }).tarCode;
    if (code === 'TAR_BAD_ARCHIVE' || code === 'TAR_ABORT' || errorCode(err)?.startsWith('Z_')) {
      throw new RuntimeInstallError(
        `The pack is not a readable .tar.gz (${(err as Error).message}). Nothing was installed; get the pack again.`,
        'extract',
      );
    }
    throw new RuntimeInstallError(
      `Extracting the pack failed: ${(err as Error).message}. Nothing was installed.`,
      'extract',
    );
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
}
