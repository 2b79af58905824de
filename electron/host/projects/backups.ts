// Crash backups: what a user has typed but not saved (the editor's text, the chat draft, an
// unsaved project) is kept in <userData>/backups/, never over the user's own files, and
// reaches the disk within a write's time of each put: the first put of a burst is written at
// once, later ones coalesce into the next write, so the newest is never held back by a
// timer. A backup belongs to its caller and key; once its session has ended (a crash, a
// closed tab, a killed host), `list` offers it to whoever starts next.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { Caller } from '../../common/contract';
import type { BackupInfo, ProjectKind } from '../../common/contract/projects';
import { AtomicWriter, atomicWriter, cleanStrayTempFiles, setAside } from '../files/atomic-write';
import { isProcessAlive } from '../files/process-alive';
import type { Handlers } from '../handlers';

/** A whole unsaved project (scripts, versions, conversation) fits; a runaway does not. */
export const MAX_BACKUP_BYTES = 32_000_000;
/** Keys one caller may keep at once. */
const MAX_KEYS_PER_OWNER = 100;
const PREVIEW_CHARS = 200;

const backupFileSchema = z.object({
  format: z.literal(1),
  key: z.string(),
  owner: z.string(),
  /** This host process's run: a backup of another session is left over from it. */
  session: z.string(),
  pid: z.number().int(),
  hostname: z.string(),
  savedAt: z.string(),
  project: z
    .object({
      name: z.string(),
      kind: z.enum(['project', 'untitled', 'script']),
      path: z.string().nullable(),
    })
    .nullable(),
  preview: z.string(),
  data: z.unknown(),
});
type BackupFile = z.infer<typeof backupFileSchema>;

export interface BackupServiceOptions {
  dir: string;
  /** What a backup should say of the project it belongs to. */
  describeProject(
    projectId: string,
  ): { name: string; kind: ProjectKind; path: string | null } | null;
  hostname?: string;
  now?: () => Date;
  isAlive?: (pid: number) => boolean;
  /** The process's one atomic writer by default (tests watch their own). */
  writer?: AtomicWriter;
}

type BackupMethod = 'backups.put' | 'backups.list' | 'backups.take' | 'backups.discard';

export class BackupService {
  private readonly session = randomUUID();
  private readonly hostname: string;
  private readonly now: () => Date;
  private readonly isAlive: (pid: number) => boolean;
  private readonly writer: AtomicWriter;
  /** Keys each connected owner has put, by owner: theirs are not offered to others. */
  private readonly live = new Map<string, Set<string>>();
  /** Left-over backups handed to someone in this host. */
  private readonly taken = new Set<string>();
  private started: Promise<void> | null = null;

  constructor(private readonly options: BackupServiceOptions) {
    this.hostname = options.hostname ?? osHostname();
    this.now = options.now ?? (() => new Date());
    this.isAlive = options.isAlive ?? isProcessAlive;
    this.writer = options.writer ?? atomicWriter;
  }

  handlers(): Handlers<BackupMethod> {
    return {
      'backups.put': (params, caller) => this.put(caller, params),
      'backups.list': async () => ({ backups: await this.list() }),
      'backups.take': ({ id }, caller) => this.take(caller, id),
      'backups.discard': (params, caller) => this.discard(caller, params),
    };
  }

  async put(
    caller: Caller,
    params: { key: string; projectId?: string; data?: unknown; preview?: string },
  ): Promise<{ id: string; savedAt: string }> {
    await this.start();
    const keys = this.live.get(caller.owner) ?? new Set<string>();
    if (!keys.has(params.key) && keys.size >= MAX_KEYS_PER_OWNER) {
      throw new Error(`A window keeps at most ${MAX_KEYS_PER_OWNER} backups; discard some first`);
    }
    const savedAt = this.now().toISOString();
    const file: BackupFile = {
      format: 1,
      key: params.key,
      owner: caller.owner,
      session: this.session,
      pid: process.pid,
      hostname: this.hostname,
      savedAt,
      project: params.projectId ? this.options.describeProject(params.projectId) : null,
      preview: (params.preview ?? previewOf(params.data)).slice(0, PREVIEW_CHARS),
      data: params.data,
    };
    if (params.data === undefined) throw new Error('A backup needs data to keep');
    const text = JSON.stringify(file);
    if (text.length > MAX_BACKUP_BYTES) {
      throw new Error(
        `The backup is ${(text.length / 1e6).toFixed(1)} MB; at most ${MAX_BACKUP_BYTES / 1e6} MB are kept`,
      );
    }
    keys.add(params.key);
    this.live.set(caller.owner, keys);
    const id = this.idOf(caller.owner, params.key);
    await this.writer.write(this.pathOf(id), text);
    return { id, savedAt };
  }

  /** Backups whose session has ended, newest first: a crashed or killed host's, and those of
   *  owners of this host that have gone. Never another live process's. */
  async list(): Promise<BackupInfo[]> {
    await this.start();
    const found = await this.readAll();
    return found
      .filter(({ id, file }) => !this.taken.has(id) && this.isLeftOver(file))
      .map(({ id, file, bytes }) => infoOf(id, file, bytes))
      .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  /** Hands a left-over backup to `caller`: it becomes theirs under the same key (so their
   *  next put replaces it and their discard removes it), and its data is returned. */
  async take(caller: Caller, id: string): Promise<{ backup: BackupInfo; data: unknown }> {
    await this.start();
    const gone = () => new Error('That backup is no longer there (someone else may have taken it)');
    // Claimed before any wait, so a second taker in this host is refused.
    if (this.taken.has(id)) throw gone();
    this.taken.add(id);
    const found = await this.readOne(id);
    if (!found || !this.isLeftOver(found.file)) {
      this.taken.delete(id);
      throw gone();
    }
    const { file } = found;
    const keys = this.live.get(caller.owner) ?? new Set<string>();
    keys.add(file.key);
    this.live.set(caller.owner, keys);
    const mine: BackupFile = {
      ...file,
      owner: caller.owner,
      session: this.session,
      pid: process.pid,
      hostname: this.hostname,
    };
    const newId = this.idOf(caller.owner, file.key);
    const text = JSON.stringify(mine);
    await this.writer.write(this.pathOf(newId), text);
    if (newId !== id) await this.writer.remove(this.pathOf(id));
    return { backup: infoOf(newId, mine, text.length), data: file.data };
  }

  async discard(caller: Caller, params: { key?: string; id?: string }): Promise<{ ok: boolean }> {
    await this.start();
    let id: string;
    if (params.key !== undefined) {
      id = this.idOf(caller.owner, params.key);
      this.live.get(caller.owner)?.delete(params.key);
    } else {
      const found = await this.readOne(params.id as string);
      const own = found && found.file.session === this.session && found.file.owner === caller.owner;
      if (!found || !(own || this.isLeftOver(found.file))) return { ok: false };
      id = params.id as string;
    }
    await this.writer.remove(this.pathOf(id));
    return { ok: true };
  }

  /** The owner has gone: its backups are left over from now on (offered back). */
  release(owner: string): void {
    this.live.delete(owner);
  }

  private start(): Promise<void> {
    this.started ??= (async () => {
      await mkdir(this.options.dir, { recursive: true });
      await cleanStrayTempFiles(this.options.dir);
    })();
    return this.started;
  }

  private isLeftOver(file: BackupFile): boolean {
    if (file.session === this.session) return !this.live.get(file.owner)?.has(file.key);
    // Another TwinForge running now on this machine (the desktop app beside serve) keeps its own.
    const otherLive =
      file.hostname === this.hostname && file.pid !== process.pid && this.isAlive(file.pid);
    return !otherLive;
  }

  private idOf(owner: string, key: string): string {
    return createHash('sha256')
      .update(`${this.session}\n${owner}\n${key}`)
      .digest('hex')
      .slice(0, 32);
  }

  private pathOf(id: string): string {
    if (!/^[0-9a-f]{32}$/.test(id)) throw new Error('Not a backup id');
    return join(this.options.dir, `${id}.json`);
  }

  private async readAll(): Promise<{ id: string; file: BackupFile; bytes: number }[]> {
    const names = await readdir(this.options.dir).catch(() => [] as string[]);
    const ids = names.filter((n) => /^[0-9a-f]{32}\.json$/.test(n)).map((n) => n.slice(0, 32));
    const found = await Promise.all(ids.map((id) => this.readOne(id)));
    return found.filter((f) => f !== null);
  }

  private async readOne(
    id: string,
  ): Promise<{ id: string; file: BackupFile; bytes: number } | null> {
    let text: string;
    try {
      text = await readFile(this.pathOf(id), 'utf8');
    } catch {
      return null;
    }
    try {
      return { id, file: backupFileSchema.parse(JSON.parse(text)), bytes: text.length };
    } catch {
      // Written atomically, so only another program could have spoilt it: kept, not offered.
      await setAside(this.pathOf(id));
      return null;
    }
  }
}

function infoOf(id: string, file: BackupFile, bytes: number): BackupInfo {
  return {
    id,
    key: file.key,
    savedAt: file.savedAt,
    project: file.project,
    preview: file.preview,
    bytes,
  };
}

/** The first words of the text a backup holds: a string, or an object's script or text. */
export function previewOf(data: unknown): string {
  const text =
    typeof data === 'string'
      ? data
      : typeof data === 'object' && data !== null
        ? (['script', 'text', 'content', 'draft']
            .map((k) => (data as Record<string, unknown>)[k])
            .find((v): v is string => typeof v === 'string') ?? JSON.stringify(data))
        : JSON.stringify(data ?? null);
  return text.replace(/\s+/g, ' ').trim().slice(0, PREVIEW_CHARS);
}
