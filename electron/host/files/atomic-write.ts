// Every file the host writes goes through here: a unique temporary file beside the target,
// written and fsynced, renamed over the target, then the folder fsynced, so a kill or a
// power cut leaves either the old file or the new one, never half of either. Writes to one
// path are serialized; a write queued behind another is replaced by a newer one (only the
// latest content matters), so bursts cost at most two writes.
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from './process-alive';

/** The parts of `node:fs/promises` this module uses; tests pass a shim to watch them. */
export interface AtomicFs {
  open(
    path: string,
    flags: string,
    mode?: number,
  ): Promise<{
    writeFile(data: string | Uint8Array): Promise<void>;
    sync(): Promise<void>;
    close(): Promise<void>;
  }>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  stat(path: string): Promise<{ mode: number }>;
}

export interface AtomicWriterOptions {
  fs?: AtomicFs;
  platform?: NodeJS.Platform;
}

interface Deferred {
  resolve(): void;
  reject(err: unknown): void;
}

interface PathQueue {
  running: boolean;
  /** The newest content (null: delete the file) waiting for the write in progress, and
   *  everyone waiting for it. */
  pending: { data: string | Uint8Array | null; waiters: Deferred[] } | null;
}

let counter = 0;

/** `.settings.json.tf-<pid>-<random>-<n>.tmp`: unique across processes, writes and retries,
 *  hidden, and recognisable by `parseTempName` when a killed write leaves it behind. */
export function tempNameFor(path: string): string {
  counter += 1;
  const name = `.${basename(path)}.tf-${process.pid}-${randomBytes(4).toString('hex')}-${counter}.tmp`;
  return join(dirname(path), name);
}

const TEMP_NAME = /^\.(.+)\.tf-(\d+)-[0-9a-f]{8}-\d+\.tmp$/;

/** The writer's pid, when `name` is one of this module's temporary files. */
export function parseTempName(name: string): { target: string; pid: number } | null {
  const match = TEMP_NAME.exec(name);
  return match ? { target: match[1], pid: Number(match[2]) } : null;
}

/** Errors Windows gives while another program (an antivirus, an indexer) holds the target. */
const BUSY = new Set(['EPERM', 'EACCES', 'EBUSY']);

export class AtomicWriter {
  private readonly fs: AtomicFs;
  private readonly platform: NodeJS.Platform;
  private readonly queues = new Map<string, PathQueue>();
  private readonly idleWaiters = new Set<() => void>();

  constructor(options: AtomicWriterOptions = {}) {
    this.fs = options.fs ?? (fsp as unknown as AtomicFs);
    this.platform = options.platform ?? process.platform;
  }

  /** Resolves once `data`, or newer content given for the same path, is on the disk. */
  write(path: string, data: string | Uint8Array): Promise<void> {
    return this.enqueue(path, data);
  }

  /** Deletes the file once the writes queued for it are done (a missing file is fine). */
  remove(path: string): Promise<void> {
    return this.enqueue(path, null);
  }

  private enqueue(path: string, data: string | Uint8Array | null): Promise<void> {
    let queue = this.queues.get(path);
    if (!queue) {
      queue = { running: false, pending: null };
      this.queues.set(path, queue);
    }
    return new Promise<void>((resolve, reject) => {
      const q = queue as PathQueue;
      if (q.pending) {
        q.pending.data = data;
        q.pending.waiters.push({ resolve, reject });
      } else {
        q.pending = { data, waiters: [{ resolve, reject }] };
      }
      if (!q.running) void this.drain(path, q);
    });
  }

  /** Resolves when no write is in progress or queued (before the process exits). */
  idle(): Promise<void> {
    if (this.queues.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  private async drain(path: string, queue: PathQueue): Promise<void> {
    queue.running = true;
    while (queue.pending) {
      const { data, waiters } = queue.pending;
      queue.pending = null;
      try {
        await this.writeNow(path, data);
        waiters.forEach((w) => w.resolve());
      } catch (err) {
        waiters.forEach((w) => w.reject(err));
      }
    }
    queue.running = false;
    this.queues.delete(path);
    if (this.queues.size === 0) {
      for (const resolve of this.idleWaiters) resolve();
      this.idleWaiters.clear();
    }
  }

  private async writeNow(path: string, data: string | Uint8Array | null): Promise<void> {
    if (data === null) {
      await this.fs.unlink(path).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      await this.syncFolder(dirname(path));
      return;
    }
    const tmp = tempNameFor(path);
    // Keep the mode of the file being replaced (a script marked executable stays so).
    const mode = await this.fs.stat(path).then(
      (s) => s.mode & 0o7777,
      () => 0o666,
    );
    const handle = await this.fs.open(tmp, 'wx', mode);
    try {
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await this.renameOver(tmp, path);
    } catch (err) {
      await this.fs.unlink(tmp).catch(() => undefined);
      throw err;
    }
    await this.syncFolder(dirname(path));
  }

  private async renameOver(tmp: string, path: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.fs.rename(tmp, path);
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? '';
        if (this.platform !== 'win32' || !BUSY.has(code) || attempt >= 8) throw err;
        await new Promise((r) => setTimeout(r, 10 * 2 ** Math.min(attempt, 4)));
      }
    }
  }

  /** Makes the rename itself durable; Windows cannot open a folder for this, and needs not. */
  private async syncFolder(dir: string): Promise<void> {
    if (this.platform === 'win32') return;
    let handle;
    try {
      handle = await this.fs.open(dir, 'r');
      await handle.sync();
    } catch {
      // Some file systems (network shares) refuse to fsync a folder: the file itself is synced.
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }
}

/** The process's one writer: per-path serialization only works if every writer shares it. */
export const atomicWriter = new AtomicWriter();

export function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  return atomicWriter.write(path, data);
}

/** Deletes a file written through `writeFileAtomic`, after any write still queued for it. */
export function removeFileAtomic(path: string): Promise<void> {
  return atomicWriter.remove(path);
}

/** A file-name-safe ISO time: `2026-11-25T10-22-33.123Z` (Windows refuses ':'). */
function fileTime(date: Date): string {
  return date.toISOString().replace(/:/g, '-');
}

/** `name.corrupt-<time>-<n>` for the first n that names no file yet. */
async function freeAsideName(path: string, now: Date, take: (to: string) => Promise<void>) {
  const stem = `${path}.corrupt-${fileTime(now)}`;
  for (let n = 1; n < 1000; n++) {
    const aside = `${stem}-${n}`;
    try {
      await take(aside);
      return aside;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`Could not find a free name to keep ${path} aside`);
}

/**
 * Moves an unreadable file out of the way under a new name each time, never over a copy
 * kept earlier. Returns the new path, or null when the file is already gone.
 */
export async function setAside(path: string, now = new Date()): Promise<string | null> {
  try {
    return await freeAsideName(path, now, async (aside) => {
      try {
        // A hard link fails if the name is taken, where a rename would silently replace it.
        await fsp.link(path, aside);
        await fsp.unlink(path);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST' || code === 'ENOENT') throw err;
        // No hard links on this file system (FAT, some shares): check, then rename.
        if (await exists(aside)) throw Object.assign(new Error('taken'), { code: 'EEXIST' });
        await fsp.rename(path, aside);
      }
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Keeps a copy of a file that is about to be rewritten without some of what it held. */
export async function keepCopyAside(path: string, now = new Date()): Promise<string | null> {
  try {
    return await freeAsideName(path, now, (aside) =>
      fsp.copyFile(path, aside, fsp.constants.COPYFILE_EXCL),
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function exists(path: string): Promise<boolean> {
  return fsp.stat(path).then(
    () => true,
    () => false,
  );
}

export interface CleanOptions {
  now?: number;
  /** Younger temporary files of a live process may be a write in progress. */
  minAgeMs?: number;
  isAlive?: (pid: number) => boolean;
}

/**
 * Deletes the temporary files a killed write left in `dir`: those older than a minute, or
 * whose writer's process is gone. Returns the names deleted. A missing folder is fine.
 */
export async function cleanStrayTempFiles(
  dir: string,
  { now = Date.now(), minAgeMs = 60_000, isAlive = isProcessAlive }: CleanOptions = {},
): Promise<string[]> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const temp = parseTempName(name);
    if (!temp) continue;
    const path = join(dir, name);
    const info = await fsp.stat(path).catch(() => null);
    if (!info?.isFile()) continue;
    const old = now - info.mtimeMs > minAgeMs;
    if (!old && isAlive(temp.pid)) continue;
    if (
      await fsp.unlink(path).then(
        () => true,
        () => false,
      )
    )
      removed.push(name);
  }
  return removed;
}
