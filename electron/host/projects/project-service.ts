// The projects service: opens, saves and closes twins kept as NAME.twinforge folders, and
// the caller's own untitled projects and plain scripts in the user-data folder until they
// are saved as projects. Every save names the revision it is based on; a project someone
// else wrote since is never overwritten silently. Writes are serialized per project folder.
import { createHash, randomUUID } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { hostname as osHostname, homedir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import type { Caller } from '../../common/contract';
import type {
  OpenedProject,
  OpenElsewhere,
  ProjectFile,
  ProjectInfo,
  ProjectKind,
  ProjectSnapshot,
  RunEntry,
  SaveAsResult,
  SavedBy,
  SaveResult,
} from '../../common/contract/projects';
import type { EventBus } from '../events';
import { cleanStrayTempFiles } from '../files/atomic-write';
import { SerialQueue } from '../files/serial-queue';
import type { Handlers } from '../handlers';
import { readLegacyConversation } from './legacy-conversations';
import {
  PROJECT_EXTENSION,
  PROJECT_FILE,
  RUNS_DIR,
  readProject,
  writeProject,
  writeProjectFile,
  type ProjectOnDisk,
} from './project-format';
import { LOCKS_DIR, ProjectLocks, type ProjectLocksOptions } from './project-locks';
import { ProjectPaths } from './project-paths';
import { RecentProjects } from './recent-projects';

/** Larger than any script the contract accepts (5 MB of text). */
const MAX_SCRIPT_BYTES = 5_000_000;
const UNTITLED = 'Untitled';

export interface ProjectServiceOptions {
  userDataDir: string;
  bus: EventBus;
  /** Callers open and save projects only under these folders; null: anywhere (desktop). */
  projectsRoots: readonly string[] | null;
  home?: string;
  hostname?: string;
  now?: () => Date;
  locks?: Partial<ProjectLocksOptions>;
}

type ProjectMethod =
  | 'projects.new'
  | 'projects.open'
  | 'projects.load'
  | 'projects.save'
  | 'projects.saveAs'
  | 'projects.close'
  | 'projects.recent'
  | 'projects.browse';

/** One opening of a project by one caller. */
interface Handle {
  id: string;
  /** Who has it open now; null once that owner has gone (a reconnect may take it up). */
  owner: string | null;
  since: string;
  folder: string;
  kind: ProjectKind;
  scriptPath: string | null;
  /** What an untitled project starts as, until its first save writes it. */
  initial: { name: string; script: string };
  /** Runs recorded before an untitled project was first written. */
  pendingRuns: RunEntry[];
}

export class ProjectService {
  private readonly handles = new Map<string, Handle>();
  private readonly queue = new SerialQueue();
  private readonly locks: ProjectLocks;
  private readonly paths: ProjectPaths;
  private readonly recentList: RecentProjects;
  private readonly untitledDir: string;
  private readonly scriptsDir: string;
  private readonly hostname: string;
  private readonly now: () => Date;
  private started: Promise<void> | null = null;

  constructor(private readonly options: ProjectServiceOptions) {
    const projectsDir = join(options.userDataDir, 'projects');
    this.untitledDir = join(projectsDir, 'untitled');
    this.scriptsDir = join(projectsDir, 'scripts');
    this.hostname = options.hostname ?? osHostname();
    this.now = options.now ?? (() => new Date());
    this.locks = new ProjectLocks({ hostname: this.hostname, now: this.now, ...options.locks });
    this.paths = new ProjectPaths(options.projectsRoots, [projectsDir], options.home ?? homedir());
    this.recentList = new RecentProjects(join(options.userDataDir, 'recent-projects.json'));
  }

  handlers(): Handlers<ProjectMethod> {
    return {
      'projects.new': (params, caller) => this.create(caller, params),
      'projects.open': ({ path }, caller) => this.open(caller, path),
      'projects.load': ({ projectId }, caller) => this.load(caller, projectId),
      'projects.save': (params, caller) => this.save(caller, params),
      'projects.saveAs': (params, caller) => this.saveAs(caller, params),
      'projects.close': ({ projectId, discard }) => this.close(projectId, discard),
      'projects.recent': async () => {
        await this.start();
        return { projects: await this.recentList.list() };
      },
      'projects.browse': ({ dir }) => this.paths.browse(dir),
    };
  }

  async create(caller: Caller, params: { name?: string; script?: string }): Promise<OpenedProject> {
    await this.start();
    const folder = join(this.untitledDir, `${randomUUID()}${PROJECT_EXTENSION}`);
    const handle = this.addHandle(caller, folder, 'untitled', null);
    handle.initial = { name: params.name ?? UNTITLED, script: params.script ?? '' };
    // Nothing is written until the first save: an untitled project nobody changed leaves no trace.
    return this.opened(handle, await this.read(handle), []);
  }

  async open(caller: Caller, requested: string): Promise<OpenedProject> {
    await this.start();
    let path = await this.paths.confine(requested);
    let info = await stat(path).catch(() => null);
    if (!info) throw new Error(`${requested} does not exist`);
    if (info.isFile() && basename(path) === PROJECT_FILE) {
      path = dirname(path);
      info = await stat(path);
    }
    if (info.isFile() && path.toLowerCase().endsWith('.py')) return this.openScript(caller, path);
    if (!info.isDirectory()) {
      throw new Error(
        `${basename(path)} is neither a TwinForge project (NAME${PROJECT_EXTENSION}) nor a Python script (.py)`,
      );
    }
    const hasProjectFile = await stat(join(path, PROJECT_FILE)).then(
      () => true,
      () => false,
    );
    if (!path.endsWith(PROJECT_EXTENSION) && !hasProjectFile) {
      throw new Error(`${basename(path)} is not a TwinForge project: it has no ${PROJECT_FILE}`);
    }
    const kind: ProjectKind = this.isInside(path, this.untitledDir) ? 'untitled' : 'project';
    await cleanStrayTempFiles(path);
    await cleanStrayTempFiles(join(path, LOCKS_DIR));
    const elsewhere = await this.openElsewhere(path, caller);
    const handle = this.addHandle(caller, path, kind, null);
    const disk = await this.read(handle);
    await this.syncLock(path);
    await this.recentList.remember({
      name: kind === 'untitled' ? disk.doc.name : nameOf(handle),
      kind,
      path,
      openedAt: this.now().toISOString(),
    });
    return this.opened(handle, disk, elsewhere);
  }

  async load(caller: Caller, projectId: string): Promise<OpenedProject> {
    const handle = this.take(caller, projectId);
    const disk = await this.queue.run(handle.folder, () => this.read(handle));
    return this.opened(handle, disk, await this.openElsewhere(handle.folder, caller));
  }

  async save(
    caller: Caller,
    params: {
      projectId: string;
      snapshot: ProjectSnapshot;
      baseRevision: string;
      overwrite: boolean;
    },
  ): Promise<SaveResult> {
    const handle = this.take(caller, params.projectId);
    return this.queue.run(handle.folder, async () => {
      const disk = await this.read(handle);
      if (disk.revision !== params.baseRevision && !params.overwrite) {
        return { status: 'conflict', conflict: this.conflictOf(handle, disk) };
      }
      const written = await this.write(handle, handle.folder, disk, params.snapshot, caller);
      return {
        status: 'saved',
        revision: written.revision,
        project: this.info(handle, written.doc),
      };
    });
  }

  async saveAs(
    caller: Caller,
    params: { projectId: string; path: string; snapshot: ProjectSnapshot; overwrite: boolean },
  ): Promise<SaveAsResult> {
    const handle = this.take(caller, params.projectId);
    const wanted = params.path.endsWith(PROJECT_EXTENSION)
      ? params.path
      : `${params.path}${PROJECT_EXTENSION}`;
    const target = await this.paths.confine(wanted);
    if (basename(target) === PROJECT_EXTENSION) throw new Error('A project needs a name');
    if (this.isInside(target, join(this.options.userDataDir, 'projects'))) {
      throw new Error("Choose a folder of your own for the project, not TwinForge's data folder");
    }
    const parent = await stat(dirname(target)).catch(() => null);
    if (!parent?.isDirectory()) throw new Error(`The folder ${dirname(target)} does not exist`);
    const source = handle.folder;
    if (target === source) {
      // Onto its own folder: a save the caller has already confirmed.
      const saved = await this.save(caller, { ...params, baseRevision: '', overwrite: true });
      if (saved.status !== 'saved') throw new Error('An overwriting save was refused');
      return saved;
    }

    // Read first, under the source's queue only: holding two queues could deadlock two
    // save-as going opposite ways.
    const from = await this.queue.run(source, () => this.read(handle));
    const result = await this.queue.run(target, async (): Promise<SaveAsResult> => {
      const existing = await stat(target).catch(() => null);
      if (existing) {
        const isProject =
          existing.isDirectory() && (await stat(join(target, PROJECT_FILE)).catch(() => null));
        if (
          !existing.isDirectory() ||
          (!isProject && (await readdir(target)).some((n) => n !== LOCKS_DIR))
        ) {
          throw new Error(
            `${target} already exists and is not a TwinForge project: choose another name`,
          );
        }
        if (isProject && !params.overwrite) {
          return {
            status: 'exists',
            path: target,
            message: `A project named ${basename(target, PROJECT_EXTENSION)} already exists there. Replace it?`,
          };
        }
      }
      const hasRuns = await stat(join(source, RUNS_DIR)).catch(() => null);
      if (hasRuns) {
        await cp(join(source, RUNS_DIR), join(target, RUNS_DIR), {
          recursive: true,
          force: false,
          errorOnExist: false,
        });
      }
      const moved: Handle = { ...handle, folder: target, kind: 'project', scriptPath: null };
      const written = await this.write(
        moved,
        target,
        from,
        params.snapshot,
        caller,
        basename(target, PROJECT_EXTENSION),
      );
      return {
        status: 'saved',
        revision: written.revision,
        project: this.info(moved, written.doc),
      };
    });
    if (result.status !== 'saved') return result;

    const previous = { folder: handle.folder, kind: handle.kind };
    Object.assign(handle, { folder: target, kind: 'project', scriptPath: null, pendingRuns: [] });
    await this.syncLock(target);
    await this.released(previous.folder, previous.kind, true);
    await this.recentList.remember({
      name: result.project.name,
      kind: 'project',
      path: target,
      openedAt: this.now().toISOString(),
    });
    return result;
  }

  /** Ends an opening; anyone holding its id may (the id is the capability). */
  async close(projectId: string, discard: boolean): Promise<{ ok: boolean }> {
    const handle = this.handles.get(projectId);
    if (!handle) return { ok: false };
    this.handles.delete(projectId);
    await this.released(handle.folder, handle.kind, discard);
    return { ok: true };
  }

  /** The owner has gone: its openings stay valid (a reconnecting client may go on with
   *  them), but no longer count as holding their projects. */
  async release(owner: string): Promise<void> {
    const folders = new Set<string>();
    for (const handle of this.handles.values()) {
      if (handle.owner !== owner) continue;
      handle.owner = null;
      folders.add(handle.folder);
    }
    await Promise.all([...folders].map((folder) => this.syncLock(folder)));
  }

  /** What a backup or a recording needs to know of an opening, or null when unknown. */
  describe(projectId: string): { name: string; kind: ProjectKind; path: string | null } | null {
    const handle = this.handles.get(projectId);
    if (!handle) return null;
    return {
      name: nameOf(handle),
      kind: handle.kind,
      path: handle.kind === 'project' ? handle.folder : handle.scriptPath,
    };
  }

  /** The project's runs/ folder, where the recorder writes its recordings. */
  async runsFolder(projectId: string): Promise<string> {
    const handle = this.requireHandle(projectId);
    const dir = join(handle.folder, RUNS_DIR);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** Adds (or replaces, by run id) an entry of the runs index. It does not change the
   *  project's revision: recording a run never makes someone's save a conflict. */
  async recordRun(projectId: string, entry: RunEntry): Promise<void> {
    const handle = this.requireHandle(projectId);
    await this.queue.run(handle.folder, async () => {
      const disk = await this.read(handle);
      if (!disk.exists) {
        handle.pendingRuns = [...handle.pendingRuns.filter((r) => r.runId !== entry.runId), entry];
        return;
      }
      const runs = [...disk.doc.runs.filter((r) => r.runId !== entry.runId), entry];
      await writeProjectFile(handle.folder, { ...disk.doc, runs });
    });
  }

  /** The runs index as it stands (with the runs of an untitled project not yet written). */
  async runs(projectId: string): Promise<RunEntry[]> {
    const handle = this.requireHandle(projectId);
    const disk = await this.queue.run(handle.folder, () => this.read(handle));
    const written = new Set(disk.doc.runs.map((r) => r.runId));
    return [...disk.doc.runs, ...handle.pendingRuns.filter((r) => !written.has(r.runId))];
  }

  /** Takes runs out of the index (their recordings are gone); no change of revision. */
  async removeRuns(projectId: string, runIds: string[]): Promise<void> {
    const handle = this.requireHandle(projectId);
    const gone = new Set(runIds);
    await this.queue.run(handle.folder, async () => {
      handle.pendingRuns = handle.pendingRuns.filter((r) => !gone.has(r.runId));
      const disk = await this.read(handle);
      if (!disk.exists || !disk.doc.runs.some((r) => gone.has(r.runId))) return;
      const runs = disk.doc.runs.filter((r) => !gone.has(r.runId));
      await writeProjectFile(handle.folder, { ...disk.doc, runs });
    });
  }

  /** A host path this host's callers may read or write (serve: inside the projects root). */
  confine(path: string): Promise<string> {
    return this.paths.confine(path);
  }

  async dispose(): Promise<void> {
    await this.locks.dispose();
  }

  private start(): Promise<void> {
    this.started ??= (async () => {
      await mkdir(this.options.userDataDir, { recursive: true });
      await cleanStrayTempFiles(this.options.userDataDir);
      for (const dir of [this.untitledDir, this.scriptsDir]) {
        for (const name of await readdir(dir).catch(() => [] as string[])) {
          const folder = join(dir, name);
          await cleanStrayTempFiles(folder);
          // An untitled project that was never saved (a crash before its first save) is empty.
          if (
            dir === this.untitledDir &&
            !(await this.hasProjectFile(folder)) &&
            (await this.locks.others(folder)).length === 0
          ) {
            await rm(folder, { recursive: true, force: true });
          }
        }
      }
    })();
    return this.started;
  }

  private async openScript(caller: Caller, scriptPath: string): Promise<OpenedProject> {
    const info = await stat(scriptPath);
    if (info.size > MAX_SCRIPT_BYTES) {
      throw new Error(
        `${basename(scriptPath)} is ${(info.size / 1e6).toFixed(1)} MB; scripts over 5 MB are not opened`,
      );
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(scriptPath));
    } catch {
      throw new Error(`${basename(scriptPath)} is not UTF-8 text; it was not opened`);
    }
    const folder = this.sidecarOf(scriptPath);
    const elsewhere = await this.openElsewhere(folder, caller);
    const handle = this.addHandle(caller, folder, 'script', scriptPath);
    const problems: string[] = [];
    let disk = await this.queue.run(folder, async () => {
      const found = await this.read(handle);
      if (found.exists) return found;
      const legacy = await readLegacyConversation(this.options.userDataDir, scriptPath);
      if (!legacy) return found;
      // The chat this script had before projects: kept from now on with the script.
      const doc: ProjectFile = {
        ...found.doc,
        ...legacy,
        name: basename(scriptPath, '.py'),
        savedAt: this.now().toISOString(),
      };
      const revision = await writeProject(folder, doc, text, null);
      problems.push(
        'The conversation and versions this script had in an earlier TwinForge were brought over.',
      );
      return { ...found, doc, script: text, revision, exists: true };
    });
    // The file the user opened is the script; the kept copy may be older.
    disk = { ...disk, script: text };
    await this.syncLock(folder);
    await this.recentList.remember({
      name: basename(scriptPath),
      kind: 'script',
      path: scriptPath,
      openedAt: this.now().toISOString(),
    });
    return this.opened(handle, disk, elsewhere, problems);
  }

  /** Where a plain script's versions and conversation are kept: one folder per script path. */
  private sidecarOf(scriptPath: string): string {
    const hash = createHash('sha256').update(scriptPath).digest('hex').slice(0, 16);
    const stem =
      basename(scriptPath, '.py')
        .replace(/[^\w.-]/g, '_')
        .slice(0, 60) || 'script';
    return join(this.scriptsDir, `${stem}-${hash}${PROJECT_EXTENSION}`);
  }

  /** The opening's project as on disk; an untitled one not yet written is its start. */
  private async read(handle: Handle): Promise<ProjectOnDisk> {
    const disk = await readProject(handle.folder, nameOf(handle), this.now());
    return disk.exists || handle.kind !== 'untitled'
      ? disk
      : { ...disk, script: handle.initial.script };
  }

  /** Writes `snapshot` over what `base` holds (fields it leaves out keep their value). */
  private async write(
    handle: Handle,
    folder: string,
    base: ProjectOnDisk,
    snapshot: ProjectSnapshot,
    caller: Caller,
    name = base.doc.name,
  ): Promise<{ doc: ProjectFile; revision: string }> {
    const savedAt = this.now().toISOString();
    const savedBy = this.savedBy(caller);
    const runs = [
      ...base.doc.runs,
      ...handle.pendingRuns.filter((p) => !base.doc.runs.some((r) => r.runId === p.runId)),
    ];
    const doc: ProjectFile = {
      ...base.doc,
      name,
      savedAt,
      savedBy,
      versions: snapshot.versions ?? base.doc.versions,
      currentVersionId:
        snapshot.currentVersionId !== undefined
          ? snapshot.currentVersionId
          : base.doc.currentVersionId,
      conversation: snapshot.conversation ?? base.doc.conversation,
      settings: snapshot.settings ?? base.doc.settings,
      referenceSource:
        snapshot.referenceSource !== undefined
          ? snapshot.referenceSource
          : base.doc.referenceSource,
      runs,
    };
    const script = snapshot.script ?? base.script;
    const reference = snapshot.reference !== undefined ? snapshot.reference : base.reference;
    const revision = await writeProject(folder, doc, script, reference);
    handle.pendingRuns = [];
    if (!base.exists && handle.kind === 'untitled') {
      // Listed from its first save on, so it can be found again after the window closed.
      await this.syncLock(folder);
      await this.recentList.remember({
        name: doc.name,
        kind: 'untitled',
        path: folder,
        openedAt: savedAt,
      });
    }
    this.tellOthers(handle, folder, { revision, savedAt, savedBy });
    return { doc, revision };
  }

  private tellOthers(
    saver: Handle,
    folder: string,
    change: { revision: string; savedAt: string; savedBy: SavedBy },
  ) {
    for (const other of this.handles.values()) {
      if (other === saver || other.folder !== folder || other.owner === null) continue;
      this.options.bus.emit('projects.changed', { projectId: other.id, ...change }, other.owner);
    }
  }

  private conflictOf(handle: Handle, disk: ProjectOnDisk) {
    const { savedAt, savedBy } = disk.doc;
    const message = !disk.exists
      ? `The project's files are no longer in ${handle.folder} (moved or deleted?). Save it again to write them back, or save it elsewhere.`
      : `The project changed on disk since it was read${savedBy ? `: it was saved by ${savedBy.label}` : ''}${savedAt ? ` at ${savedAt}` : ''}. Overwrite it, reload it, or save yours as a new project.`;
    return {
      revision: disk.revision,
      savedAt: disk.exists ? savedAt : null,
      savedBy: disk.exists ? savedBy : null,
      message,
    };
  }

  private opened(
    handle: Handle,
    disk: ProjectOnDisk,
    openElsewhere: OpenElsewhere[],
    more: string[] = [],
  ): OpenedProject {
    const { doc } = disk;
    return {
      project: this.info(handle, doc),
      revision: disk.revision,
      state: {
        script: disk.script,
        reference: disk.reference,
        versions: doc.versions,
        currentVersionId: doc.currentVersionId,
        conversation: doc.conversation,
        settings: doc.settings,
        referenceSource: doc.referenceSource,
        runs: [...doc.runs, ...handle.pendingRuns],
      },
      problems: [...disk.problems, ...more],
      openElsewhere,
      offerSaveAsProject: handle.kind !== 'project',
    };
  }

  private info(handle: Handle, doc: ProjectFile): ProjectInfo {
    return {
      projectId: handle.id,
      name: handle.kind === 'untitled' ? doc.name : nameOf(handle),
      kind: handle.kind,
      path: handle.kind === 'script' ? null : handle.folder,
      scriptPath: handle.scriptPath,
      savedAt: doc.savedAt,
      savedBy: doc.savedBy,
    };
  }

  private addHandle(
    caller: Caller,
    folder: string,
    kind: ProjectKind,
    scriptPath: string | null,
  ): Handle {
    const handle: Handle = {
      id: randomUUID(),
      owner: caller.owner,
      since: this.now().toISOString(),
      folder,
      kind,
      scriptPath,
      initial: { name: UNTITLED, script: '' },
      pendingRuns: [],
    };
    this.handles.set(handle.id, handle);
    return handle;
  }

  /** The opening `projectId`, now held by `caller` (a reconnected client takes it up). */
  private take(caller: Caller, projectId: string): Handle {
    const handle = this.requireHandle(projectId);
    if (handle.owner !== caller.owner) {
      handle.owner = caller.owner;
      void this.syncLock(handle.folder);
    }
    return handle;
  }

  private requireHandle(projectId: string): Handle {
    const handle = this.handles.get(projectId);
    if (!handle)
      throw new Error('This project is not open (the host may have restarted): open it again');
    return handle;
  }

  /** Who holds `folder` here: each owner once, with its earliest opening. */
  private holders(folder: string): { owner: string; since: string }[] {
    const byOwner = new Map<string, string>();
    for (const h of this.handles.values()) {
      if (h.folder !== folder || h.owner === null) continue;
      const since = byOwner.get(h.owner);
      if (since === undefined || h.since < since) byOwner.set(h.owner, h.since);
    }
    return [...byOwner].map(([owner, since]) => ({ owner, since }));
  }

  private syncLock(folder: string): Promise<void> {
    const holders = this.holders(folder).map((h) => ({
      label: ownerLabel(h.owner as string),
      since: h.since,
    }));
    return this.locks.hold(folder, holders);
  }

  private async openElsewhere(folder: string, caller: Caller): Promise<OpenElsewhere[]> {
    const here = this.holders(folder)
      .filter((h) => h.owner !== caller.owner)
      .map((h) => ({
        by: ownerLabel(h.owner as string).replace(/^an? /, 'another '),
        since: h.since,
      }));
    return [...here, ...(await this.locks.others(folder))];
  }

  /** Once nobody holds a folder: its lock goes, and an untitled project never saved (or one
   *  the user discarded) is deleted with its folder. */
  private async released(folder: string, kind: ProjectKind, discard: boolean): Promise<void> {
    await this.syncLock(folder);
    if (kind === 'project' || this.handlesOf(folder).length > 0) return;
    const own = this.isInside(folder, this.untitledDir) || this.isInside(folder, this.scriptsDir);
    if (!own) return;
    const saved = await this.hasProjectFile(folder);
    if (discard || (kind === 'untitled' && !saved)) {
      await this.queue.run(folder, () => rm(folder, { recursive: true, force: true }));
    }
    if (discard && kind === 'untitled') await this.recentList.forget(folder);
  }

  private handlesOf(folder: string): Handle[] {
    return [...this.handles.values()].filter((h) => h.folder === folder);
  }

  private hasProjectFile(folder: string): Promise<boolean> {
    return stat(join(folder, PROJECT_FILE)).then(
      () => true,
      () => false,
    );
  }

  private isInside(path: string, dir: string): boolean {
    return path.startsWith(dir + sep);
  }

  private savedBy(caller: Caller): SavedBy {
    return {
      label: `${ownerLabel(caller.owner)} on ${this.hostname}`,
      owner: caller.owner,
      hostname: this.hostname,
      pid: process.pid,
    };
  }
}

/** The owner as people would say it. */
function ownerLabel(owner: string): string {
  if (owner.startsWith('window:')) return 'a TwinForge window';
  if (owner.startsWith('ws:')) return 'a browser (twinforge serve)';
  if (owner.startsWith('cli:')) return 'the twinforge command line';
  return owner;
}

/** A project is named by its folder, a script by its file, an untitled one as it was made. */
function nameOf(handle: Handle): string {
  if (handle.kind === 'script' && handle.scriptPath) return basename(handle.scriptPath, '.py');
  if (handle.kind === 'untitled') return handle.initial.name;
  return basename(handle.folder, PROJECT_EXTENSION);
}
