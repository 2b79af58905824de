// Who else has a project open, across processes: each host process that has a project open
// keeps one small file in the project's .locks/ folder (its pid, host name and holders),
// refreshed by a heartbeat. A file is stale once its process is gone (on this machine) or
// its heartbeat is older than STALE_MS (any machine: a shared folder, a frozen process).
// Locks warn; they never stop anyone from opening: the revision check guards the saves.
import { mkdir, readdir, readFile, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { OpenElsewhere } from '../../common/contract/projects';
import { writeFileAtomic } from '../files/atomic-write';
import { isProcessAlive } from '../files/process-alive';
import { SerialQueue } from '../files/serial-queue';

export const LOCKS_DIR = '.locks';
const HEARTBEAT_MS = 10_000;
const STALE_MS = 30_000;

const lockFileSchema = z.object({
  pid: z.number().int(),
  hostname: z.string(),
  heartbeatAt: z.string(),
  holders: z.array(z.object({ label: z.string(), since: z.string() })),
});
type LockFile = z.infer<typeof lockFileSchema>;

export interface Holder {
  label: string;
  since: string;
}

export interface ProjectLocksOptions {
  hostname: string;
  pid?: number;
  now?: () => Date;
  isAlive?: (pid: number) => boolean;
  heartbeatMs?: number;
  staleMs?: number;
}

export class ProjectLocks {
  private readonly held = new Map<string, Holder[]>();
  private readonly queue = new SerialQueue();
  private readonly pid: number;
  private readonly now: () => Date;
  private readonly isAlive: (pid: number) => boolean;
  private readonly staleMs: number;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly options: ProjectLocksOptions) {
    this.pid = options.pid ?? process.pid;
    this.now = options.now ?? (() => new Date());
    this.isAlive = options.isAlive ?? isProcessAlive;
    this.staleMs = options.staleMs ?? STALE_MS;
    this.timer = setInterval(() => void this.heartbeat(), options.heartbeatMs ?? HEARTBEAT_MS);
    this.timer.unref();
  }

  /** This process's lock file in `folder`. */
  fileFor(folder: string): string {
    const host = this.options.hostname.replace(/[^\w.-]/g, '_').slice(0, 100);
    return join(folder, LOCKS_DIR, `${this.pid}@${host}.json`);
  }

  /** Records who in this process holds `folder` (none: the lock file goes). */
  hold(folder: string, holders: Holder[]): Promise<void> {
    if (holders.length === 0) this.held.delete(folder);
    else this.held.set(folder, holders);
    return this.sync(folder);
  }

  /** The holders other live processes record in `folder`; stale lock files are deleted. */
  async others(folder: string): Promise<OpenElsewhere[]> {
    const dir = join(folder, LOCKS_DIR);
    const names = await readdir(dir).catch(() => [] as string[]);
    const own = this.fileFor(folder);
    const found: OpenElsewhere[] = [];
    for (const name of names) {
      const path = join(dir, name);
      if (path === own || !name.endsWith('.json')) continue;
      let lock: LockFile;
      try {
        lock = lockFileSchema.parse(JSON.parse(await readFile(path, 'utf8')));
      } catch {
        continue; // not ours to judge: someone's half-copied folder
      }
      if (this.isStale(lock)) {
        await unlink(path).catch(() => undefined);
        continue;
      }
      for (const holder of lock.holders) {
        found.push({
          by: `${holder.label} (pid ${lock.pid} on ${lock.hostname})`,
          since: holder.since,
        });
      }
    }
    return found;
  }

  isStale(lock: LockFile): boolean {
    if (lock.hostname === this.options.hostname && !this.isAlive(lock.pid)) return true;
    const beat = Date.parse(lock.heartbeatAt);
    return !Number.isFinite(beat) || this.now().getTime() - beat > this.staleMs;
  }

  /** Removes this process's lock files (the host is stopping). */
  async dispose(): Promise<void> {
    clearInterval(this.timer);
    const folders = [...this.held.keys()];
    this.held.clear();
    await Promise.all(folders.map((folder) => this.sync(folder)));
  }

  private async heartbeat(): Promise<void> {
    await Promise.all([...this.held.keys()].map((folder) => this.sync(folder)));
  }

  /** Makes the lock file match what is held now; queued per folder, so a late heartbeat
   *  never brings back a lock that was just released. */
  private sync(folder: string): Promise<void> {
    return this.queue.run(folder, async () => {
      const holders = this.held.get(folder);
      const file = this.fileFor(folder);
      if (!holders) {
        await unlink(file).catch(() => undefined);
        await rmdir(join(folder, LOCKS_DIR)).catch(() => undefined); // only when empty
        return;
      }
      const lock: LockFile = {
        pid: this.pid,
        hostname: this.options.hostname,
        heartbeatAt: this.now().toISOString(),
        holders,
      };
      try {
        // Not recursive: a lock must never bring back a project folder someone deleted.
        await mkdir(join(folder, LOCKS_DIR)).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'EEXIST') throw err;
        });
        await writeFileAtomic(file, JSON.stringify(lock));
      } catch {
        // A read-only or vanished folder: others just will not be warned.
      }
    });
  }
}
