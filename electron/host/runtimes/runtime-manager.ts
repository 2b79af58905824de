// The runtime manager: installs PyChrono runtimes from runtime packs into per-user folders,
// records them in runtimes.json, selects one for runs, and removes them. An install goes
// check → download → verify → extract → fix-prefix → probe, reporting progress to the
// owner that asked; the runtime is selected only once its probe passes, so a failed or
// cancelled install leaves the previous selection as it was.
import { constants } from 'node:fs';
import { access, mkdir, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { formatBytes } from '../../common/bytes';
import type { Caller, ParsedParams } from '../../common/contract';
import type { PythonProbe } from '../../common/contract/runtime';
import type {
  InstallOutcome,
  InstallStage,
  InstalledRuntime,
  BrowseListing,
  PackOffer,
  RuntimeOffers,
  RuntimesState,
} from '../../common/contract/runtimes';
import type { EventBus } from '../events';
import type { Handlers } from '../handlers';
import type { ProjectPaths } from '../projects/project-paths';
import { bridgeEnv } from '../runtime/child-env';
import { probePython } from '../runtime/probe';
import type { SettingsService } from '../settings/settings-service';
import { defaultAppDir, defaultPackDirs, defaultRuntimesRoot } from './app-dirs';
import { browse } from './browse';
import { InstallCancelledError, RuntimeInstallError, errorCode } from './errors';
import { extractPack, inspectPack } from './extract';
import { thisMachine, type Machine } from './machine';
import {
  MANIFEST_NAME,
  PackSourceError,
  describeLocation,
  listPacks,
  mirrorSource,
  packProblem,
  resolvePack,
  type ListedPack,
} from './pack-source';
import {
  REGISTRY_NAME,
  findRuntime,
  newRecord,
  readRegistry,
  readStamp,
  runtimeId,
  withProbe,
  writeRegistry,
  writeStamp,
  type Registry,
} from './registry';
import { fixPrefix } from './fix-prefix';
import { checkProbe, checkSha, missingModules, requireCondaPack } from './install-checks';
import { progressReporter } from './install-progress';
import {
  INCOMPLETE_MARKER,
  cleanStale,
  downloadFile,
  markerText,
  partialDir,
  readMarker,
} from './stale';
import { checkTarget, freeBytes, pathProblem } from './target-checks';
import { diskFull, downloadPack } from './transfer';

export interface RuntimeManagerOptions {
  userDataDir: string;
  bus: EventBus;
  settings: SettingsService;
  env: NodeJS.ProcessEnv;
  /** The folder holding the bridge package (the probe needs it). */
  pythonRuntimeDir: string;
  /** The CLI's --python, which overrides the selected runtime. */
  pythonOverride?: string;
  /** Folders searched for packs shipped with or copied beside the app. */
  packDirs?: string[];
  /** Where runtimes go by default (<userData>/runtimes, unless conda cannot live there). */
  runtimesRoot?: string;
  /** The application's folder, which runtimes must stay out of (null: no such check). */
  appDir?: string | null;
  machine?: Machine;
  /** Interpreters of the runs going now: a runtime in use is not removed. */
  pythonsInUse?: () => string[];
  /** How often byte progress is reported, at most. */
  progressIntervalMs?: number;
  /** Where callers may read packs and install to (serve: the projects root only). */
  paths?: ProjectPaths;
}

type RuntimesMethod =
  | 'runtimes.list'
  | 'runtimes.offers'
  | 'runtimes.browse'
  | 'runtimes.install'
  | 'runtimes.cancel'
  | 'runtimes.use'
  | 'runtimes.remove';

interface RunningInstall {
  owner: string;
  controller: AbortController;
  done: Promise<unknown>;
}

export class RuntimeManager {
  /** Where runtimes go by default. */
  readonly root: string;
  private readonly registryFile: string;
  private readonly machine: Machine;
  private readonly installs = new Map<string, RunningInstall>();
  private ready: Promise<void> | null = null;
  private notices: string[] = [];
  /** Registry changes one after the other (within this process). */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RuntimeManagerOptions) {
    this.root =
      options.runtimesRoot ??
      defaultRuntimesRoot(options.userDataDir, process.platform, options.env, homedir());
    // The record stays with the user's data wherever the runtimes themselves go.
    this.registryFile = join(options.userDataDir, 'runtimes', REGISTRY_NAME);
    this.machine = options.machine ?? thisMachine();
  }

  handlers(): Handlers<RuntimesMethod> {
    return {
      'runtimes.list': () => this.list(),
      'runtimes.offers': async (p) =>
        this.offers(p.from ? await this.gateSource(p.from) : undefined),
      'runtimes.browse': (p) => this.browseFor(p.dir),
      'runtimes.install': async (p, caller) =>
        this.install(
          {
            ...p,
            from: await this.gateSource(p.from),
            ...(p.root ? { root: await this.gate(p.root) } : {}),
            ...(p.prefix ? { prefix: await this.gate(p.prefix) } : {}),
          },
          caller,
        ),
      'runtimes.cancel': (p, caller) => ({ ok: this.cancel(p.installId, caller) }),
      'runtimes.use': (p) => this.use(p.id),
      'runtimes.remove': (p) => this.remove(p.id),
    };
  }

  /** The selected runtime's interpreter, for the runtime service (read anew each time). */
  async selectedRuntime(): Promise<{ id: string; python: string } | null> {
    await this.init();
    const { registry } = await readRegistry(this.registryFile);
    const runtime = registry.runtimes.find((r) => r.id === registry.selected);
    return runtime ? { id: runtime.id, python: runtime.python } : null;
  }

  async list(): Promise<RuntimesState> {
    await this.init();
    const { registry } = await readRegistry(this.registryFile);
    return this.state(registry);
  }

  private async gate(path: string): Promise<string> {
    if (!this.options.paths) return resolve(path);
    return this.options.paths.confine(path).catch((err: Error) => {
      throw new Error(
        `${err.message} Copy the pack there, or install it on this machine with ` +
          '`twinforge runtime install --from PATH`.',
      );
    });
  }

  /** A pack source a caller names: web URLs as they are, host paths (file: URLs too) confined. */
  private async gateSource(from: string): Promise<string> {
    if (/^https?:\/\//i.test(from)) return from;
    return this.gate(/^file:/i.test(from) ? fileURLToPath(from) : from);
  }

  /** The host's folders for a caller; in serve, never above the projects root. */
  private async browseFor(dir: string | undefined): Promise<BrowseListing> {
    const paths = this.options.paths;
    if (!paths?.confined) return browse(dir);
    const listing = await browse(await paths.confine(dir?.trim() || paths.top), paths.top);
    const parent = listing.parent && (await paths.allows(listing.parent)) ? listing.parent : null;
    return { ...listing, parent };
  }

  /** What can be installed: the mirror's packs, packs beside the app, packs at `from`. */
  async offers(from?: string): Promise<RuntimeOffers> {
    await this.init();
    const { registry } = await readRegistry(this.registryFile);
    const installed = new Set(registry.runtimes.map((r) => r.id));
    const toOffers = (listed: ListedPack[], source: string, where: PackOffer['where']) =>
      listed
        .map((p) => ({
          manifest: p.manifest,
          from: source,
          where,
          problem: packProblem(p.manifest, this.machine),
          installed: installed.has(runtimeId(p.manifest)),
        }))
        .sort((a, b) => Number(a.problem !== null) - Number(b.problem !== null));
    const read = async (source: string, where: PackOffer['where']) => {
      try {
        const { packs, manifestAt } = await listPacks(source);
        return { offers: toOffers(packs, describeLocation(manifestAt), where), problem: null };
      } catch (err) {
        return { offers: [], problem: (err as Error).message };
      }
    };

    const settings = await this.options.settings.get();
    const mirrorSetting =
      settings.runtimeMirrorUrl || this.options.env.TWINFORGE_RUNTIME_MIRROR || '';
    const mirror = mirrorSource(mirrorSetting);
    const local: PackOffer[] = [];
    for (const dir of this.packDirs()) {
      const found = await stat(join(dir, MANIFEST_NAME)).catch(() => null);
      if (found) local.push(...(await read(dir, 'beside the app')).offers);
    }
    const existing = await nearestExisting(this.root);
    return {
      mirror: mirror ? { url: mirror, ...(await read(mirror, 'mirror')) } : null,
      local,
      given: from ? { from, ...(await read(from, 'given')) } : null,
      target: {
        dir: this.root,
        freeBytes: existing ? await freeBytes(existing) : null,
        problem: pathProblem(this.root),
      },
      machine: { ...this.machine },
    };
  }

  async install(params: ParsedParams<'runtimes.install'>, caller: Caller): Promise<InstallOutcome> {
    await this.init();
    const running = [...this.installs.values()][0];
    if (running) {
      throw new RuntimeInstallError(
        'Another runtime install is running on this host; wait for it to finish, or cancel it.',
        'check',
      );
    }
    const controller = new AbortController();
    const done = this.installNow(params, caller, controller.signal);
    this.installs.set(params.installId, {
      owner: caller.owner,
      controller,
      done: done.catch(() => undefined),
    });
    try {
      return await done;
    } finally {
      this.installs.delete(params.installId);
    }
  }

  /** Cancels one of the caller's installs; false when it has none of that id. */
  cancel(installId: string, caller: Caller): boolean {
    const install = this.installs.get(installId);
    if (!install || install.owner !== caller.owner) return false;
    install.controller.abort();
    return true;
  }

  /** The owner has gone: its installs are cancelled (and cleaned up). */
  async release(owner: string): Promise<void> {
    const mine = [...this.installs.values()].filter((i) => i.owner === owner);
    for (const install of mine) install.controller.abort();
    await Promise.all(mine.map((i) => i.done));
  }

  async dispose(): Promise<void> {
    for (const install of this.installs.values()) install.controller.abort();
    await Promise.all([...this.installs.values()].map((i) => i.done));
  }

  /** Selects an installed runtime, once its probe says pychrono imports. */
  async use(idOrName: string): Promise<{ state: RuntimesState; probe: PythonProbe }> {
    await this.init();
    return this.change(async (registry) => {
      const runtime = findRuntime(registry, idOrName);
      const probe = await this.probe(runtime.python);
      if (!probe.pychrono) {
        throw new Error(
          `${runtime.id} does not work: ${probe.problem ?? 'pychrono does not import'}. Remove it and install it again.`,
        );
      }
      const updated = withProbe(runtime, probe);
      return {
        registry: {
          selected: runtime.id,
          runtimes: registry.runtimes.map((r) => (r.id === runtime.id ? updated : r)),
        },
        result: probe,
      };
    }).then(({ state, result }) => ({ state, probe: result }));
  }

  /** Removes a runtime's folder and record; the selection falls back to discovery. */
  async remove(idOrName: string): Promise<RuntimesState> {
    await this.init();
    const { state } = await this.change(async (registry) => {
      const runtime = findRuntime(registry, idOrName);
      if (this.options.pythonsInUse?.().includes(runtime.python)) {
        throw new Error(
          `${runtime.id} is running a simulation; stop the run first, then remove it.`,
        );
      }
      // Only a folder that says it is this runtime is deleted; marked first, so that a
      // removal killed half-way is finished by the next start.
      const ours = (await readStamp(runtime.path))?.id === runtime.id;
      if (ours) await writeFile(join(runtime.path, INCOMPLETE_MARKER), markerText('removal'));
      else this.notices.push(`${runtime.path} was not removed: it no longer holds ${runtime.id}.`);
      return {
        registry: {
          selected: registry.selected === runtime.id ? null : registry.selected,
          runtimes: registry.runtimes.filter((r) => r.id !== runtime.id),
        },
        result: ours ? runtime.path : null,
        after: async (path: string | null) => {
          if (path) await removeTree(path);
        },
      };
    });
    return state;
  }

  // --- installing ---------------------------------------------------------------------

  private async installNow(
    params: ParsedParams<'runtimes.install'>,
    caller: Caller,
    signal: AbortSignal,
  ): Promise<InstallOutcome> {
    const progress = progressReporter(
      this.options.bus,
      params.installId,
      caller.owner,
      this.options.progressIntervalMs ?? 100,
    );
    let stage = 'check' as InstallStage;
    const step = (next: InstallStage, message: string, totalBytes = 0) => {
      if (signal.aborted) throw new InstallCancelledError(stage);
      stage = next;
      progress.stage(next, message, totalBytes);
    };
    const cleanups: Array<() => Promise<unknown>> = [];
    try {
      step('check', 'Reading the manifest');
      const resolved = await resolvePack(params.from, {
        name: params.name,
        machine: this.machine,
        signal,
      }).catch((err: unknown) => {
        if (signal.aborted) throw new InstallCancelledError('check');
        if (err instanceof PackSourceError) throw new RuntimeInstallError(err.message, 'check');
        throw err;
      });
      const manifest = resolved.manifest;
      const id = runtimeId(manifest);
      const target = params.prefix
        ? resolve(params.prefix)
        : join(params.root ? resolve(params.root) : this.root, id);

      const already = await this.alreadyInstalled(id, target, signal);
      if (already) return already;

      await mkdir(dirname(target), { recursive: true }).catch(() => undefined);
      this.notices.push(...(await cleanStale(dirname(target))));
      await this.checkTargetIsFree(target);
      const downloading = resolved.pack.kind === 'url';
      const needed = manifest.unpackedSize + (downloading ? manifest.size : 0);
      await checkTarget({
        target,
        appDir: this.appDir(),
        neededBytes: needed,
        neededText: downloading
          ? `${formatBytes(manifest.unpackedSize)} unpacked and ${formatBytes(manifest.size)} for the download`
          : `${formatBytes(manifest.unpackedSize)} unpacked`,
      });

      let archive: string;
      if (resolved.pack.kind === 'url') {
        archive = downloadFile(target);
        cleanups.push(() => rm(archive, { force: true }));
        step('download', `Downloading ${manifest.file}`, manifest.size);
        await downloadPack(resolved.pack.url, archive, {
          size: manifest.size,
          signal,
          onBytes: progress.bytes,
        });
      } else {
        archive = resolved.pack.path;
        const size = (await stat(archive).catch(() => null))?.size;
        if (size === undefined) {
          throw new RuntimeInstallError(
            `${archive} is missing: ${describeLocation(resolved.manifestAt)} names it, but it is not in the same folder. Copy the pack beside its manifest.`,
            'check',
          );
        }
        if (size !== manifest.size) {
          throw new RuntimeInstallError(
            size < manifest.size
              ? `${archive} is ${formatBytes(size)} but its manifest says ${formatBytes(manifest.size)}: the file is incomplete (an interrupted copy or download). Copy it again and retry.`
              : `${archive} is ${formatBytes(size)} but its manifest says ${formatBytes(manifest.size)}: it is not the pack the manifest describes.`,
            'verify',
          );
        }
      }
      // One read: the checksum, and every entry checked before anything is written.
      step('verify', 'Checking the SHA-256 and the contents', manifest.size);
      const inspection = await inspectPack(archive, {
        unpackedSize: manifest.unpackedSize,
        signal,
        onBytes: progress.bytes,
      });
      checkSha(inspection.sha256, manifest, describeLocation(resolved.pack));
      if (inspection.problem) throw inspection.problem;

      step('extract', `Extracting into ${target}`, manifest.size);
      const partial = partialDir(target);
      cleanups.push(() => removeTree(partial));
      await mkdir(partial, { recursive: true });
      await writeFile(join(partial, INCOMPLETE_MARKER), markerText(params.from));
      await extractPack(archive, partial, {
        unpackedSize: manifest.unpackedSize,
        signal,
        onBytes: progress.bytes,
      });
      await requireCondaPack(partial);
      const record = newRecord(manifest, target, describeLocation(resolved.pack));
      await writeStamp(partial, record);
      // Into place: conda-unpack writes the folder's own path into the environment's files,
      // so it runs where the runtime will live. The marker keeps it "incomplete" until the
      // probe has passed; a kill from here on is cleaned up by the next start.
      await rmdir(target).catch(() => undefined);
      await rename(partial, target).catch((err: unknown) => {
        throw new RuntimeInstallError(
          `Could not move the runtime into ${target} (${errorCode(err) ?? (err as Error).message}): another install may have put something there. Try again.`,
          'extract',
        );
      });
      cleanups.push(() => removeTree(target));
      if (downloading) await rm(archive, { force: true });

      step('fix-prefix', "Fixing the environment's paths (conda-unpack)");
      await fixPrefix(target, this.options.env, signal);

      step('probe', 'Checking that pychrono imports');
      const probe = await this.probe(record.python, signal);
      if (signal.aborted) throw new InstallCancelledError('probe');
      checkProbe(probe, manifest);
      const runtime = withProbe(record, probe);
      await writeStamp(target, runtime);
      await rm(join(target, INCOMPLETE_MARKER), { force: true });
      cleanups.length = 0;

      const { state } = await this.change(async (registry) => ({
        registry: {
          selected: id,
          runtimes: [...registry.runtimes.filter((r) => r.id !== id), runtime],
        },
        result: null,
      }));
      progress.stage(
        'done',
        `Installed ${id}: pychrono ${probe.pychrono} with Python ${probe.pythonVersion}`,
        0,
      );
      return {
        runtime,
        probe,
        installed: true,
        missingModules: missingModules(manifest, probe),
        state,
      };
    } catch (err) {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      if (signal.aborted && !(err instanceof InstallCancelledError)) {
        throw new InstallCancelledError(stage);
      }
      if (errorCode(err) === 'ENOSPC') {
        throw diskFull(params.prefix ?? this.root, stage === 'download' ? 'download' : 'extract');
      }
      throw err;
    } finally {
      progress.close();
    }
  }

  /** A runtime of this id already in this folder: probed, selected, and returned as is. */
  private async alreadyInstalled(
    id: string,
    target: string,
    signal: AbortSignal,
  ): Promise<InstallOutcome | null> {
    const { registry } = await readRegistry(this.registryFile);
    const runtime = registry.runtimes.find((r) => r.id === id);
    if (runtime && runtime.path !== target) {
      throw new RuntimeInstallError(
        `${id} is installed already, in ${runtime.path}: use it (twinforge runtime use ${id}), or remove it before installing it elsewhere.`,
        'check',
      );
    }
    if (!runtime || (await readMarker(target)) || !(await readStamp(target))) return null;
    const probe = await this.probe(runtime.python, signal);
    if (!probe.pychrono) {
      throw new RuntimeInstallError(
        `${id} is installed in ${target} but does not work (${probe.problem ?? 'pychrono does not import'}). Remove it, then install it again.`,
        'probe',
      );
    }
    const { state } = await this.change(async (current) => ({
      registry: {
        selected: id,
        runtimes: current.runtimes.map((r) => (r.id === id ? withProbe(r, probe) : r)),
      },
      result: null,
    }));
    return {
      runtime: withProbe(runtime, probe),
      probe,
      installed: false,
      missingModules: [],
      state,
    };
  }

  /** The target must be new or an empty folder: an install never writes over files. */
  private async checkTargetIsFree(target: string): Promise<void> {
    const entries = await readdir(target).catch(() => null);
    if (entries && entries.length > 0) {
      throw new RuntimeInstallError(
        `${target} already exists and holds files: choose an empty or new folder, or remove the runtime that is there.`,
        'check',
      );
    }
  }

  private probe(python: string, signal?: AbortSignal): Promise<PythonProbe> {
    return probePython(
      { python, source: 'runtime' },
      bridgeEnv(this.options.env, this.options.pythonRuntimeDir),
      signal,
    );
  }

  // --- bookkeeping --------------------------------------------------------------------

  /** Once per host: clean what killed installs left, drop records whose folder is gone,
   *  and list again runtime folders that finished but were never recorded. */
  private init(): Promise<void> {
    this.ready ??= this.initNow();
    return this.ready;
  }

  private async initNow(): Promise<void> {
    const registryDir = dirname(this.registryFile);
    for (const dir of new Set([registryDir, this.root])) {
      await mkdir(dir, { recursive: true }).catch(() => undefined);
      this.notices.push(...(await cleanStale(dir)));
    }
    const { registry, problem } = await readRegistry(this.registryFile);
    if (problem) this.notices.push(problem);
    const kept: InstalledRuntime[] = [];
    for (const runtime of registry.runtimes) {
      if (await exists(runtime.python)) kept.push(runtime);
      else {
        this.notices.push(
          `${runtime.id} was installed in ${runtime.path}, which is gone; it was taken off the list.`,
        );
      }
    }
    for (const name of await readdir(this.root).catch(() => [] as string[])) {
      const dir = join(this.root, name);
      if (kept.some((r) => r.path === dir) || (await readMarker(dir))) continue;
      const stamp = await readStamp(dir);
      if (stamp && stamp.path === dir && (await exists(stamp.python))) {
        kept.push(stamp);
        this.notices.push(`${stamp.id} was found in ${dir} and listed again.`);
      }
    }
    const selected = kept.some((r) => r.id === registry.selected) ? registry.selected : null;
    if (kept.length !== registry.runtimes.length || selected !== registry.selected || problem) {
      await writeRegistry(this.registryFile, { selected, runtimes: kept }).catch(() => undefined);
    }
  }

  /** Reads, changes and writes the registry, one change at a time; tells every window. */
  private change<T>(
    apply: (registry: Registry) => Promise<{
      registry: Registry;
      result: T;
      after?: (result: T) => Promise<void>;
    }>,
  ): Promise<{ state: RuntimesState; result: T }> {
    const next = this.writes.then(async () => {
      const { registry } = await readRegistry(this.registryFile);
      const changed = await apply(registry);
      await mkdir(dirname(this.registryFile), { recursive: true });
      await writeRegistry(this.registryFile, changed.registry);
      await changed.after?.(changed.result);
      const state = await this.state(changed.registry);
      this.options.bus.emit('runtimes.changed', state);
      return { state, result: changed.result };
    });
    this.writes = next.catch(() => undefined);
    return next;
  }

  private async state(registry: Registry): Promise<RuntimesState> {
    const settings = await this.options.settings.get();
    const explicit: Array<[string | undefined, 'command line' | 'setting' | 'TWINFORGE_PYTHON']> = [
      [this.options.pythonOverride, 'command line'],
      [settings.pythonPath, 'setting'],
      [this.options.env.TWINFORGE_PYTHON, 'TWINFORGE_PYTHON'],
    ];
    const first = explicit.find(([python]) => python?.trim());
    return {
      root: this.root,
      selected: registry.selected,
      runtimes: registry.runtimes,
      overriddenBy: first ? { source: first[1], python: (first[0] as string).trim() } : null,
      notices: [...this.notices],
    };
  }

  private appDir(): string | null {
    return this.options.appDir === undefined
      ? defaultAppDir(this.options.pythonRuntimeDir, this.options.env)
      : this.options.appDir;
  }

  private packDirs(): string[] {
    return (
      this.options.packDirs ?? defaultPackDirs(this.options.pythonRuntimeDir, this.options.env)
    );
  }
}

/** Removes a folder, retrying while a write that was already under way lands in it. */
function removeTree(path: string): Promise<void> {
  return rm(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

async function exists(path: string): Promise<boolean> {
  return access(path, constants.F_OK).then(
    () => true,
    () => false,
  );
}

/** The path itself or its nearest existing ancestor (for free space before it exists). */
async function nearestExisting(path: string): Promise<string | null> {
  for (let dir = path; ; dir = dirname(dir)) {
    if (await exists(dir)) return dir;
    if (dirname(dir) === dir) return null;
  }
}
