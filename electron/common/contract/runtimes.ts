// The runtimes section: PyChrono runtimes that TwinForge installs itself from runtime packs
// (relocatable conda environments made by conda-pack, each with a runtime-pack.json
// manifest), the one selected for runs, and the install's progress. The pack and manifest
// formats are described in electron/host/runtimes/README.md.
import { z } from 'zod';
import type { PychronoModule } from '../stream';
import type { PythonProbe } from './runtime';

export const PACK_FORMAT = 1;

/** A name or version that is also safe as (part of) a folder name. */
const slug = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, 'letters, digits and . _ + - only');

/** One runtime pack, as its manifest describes it. */
export const packManifestSchema = z.object({
  format: z.literal(PACK_FORMAT),
  /** What the runtime is, e.g. pychrono-full or pychrono-core. */
  name: slug,
  /** The runtime's version, e.g. 9.0.1-1 (pychrono's version, then the pack's build). */
  version: slug,
  /** Node's names: linux, darwin, win32. */
  os: z.enum(['linux', 'darwin', 'win32']),
  arch: z.enum(['x64', 'arm64']),
  /** The pack's Python version, e.g. 3.12.7. */
  python: z.string().regex(/^\d+\.\d+(\.\d+)?$/, 'a version such as 3.12.7'),
  pychrono: z.string().min(1).max(50),
  /** Which pychrono modules import in the pack (as the build's smoke test found). */
  modules: z.record(z.boolean()).default({}),
  /** The archive's file name, in the same folder (or at the same URL path) as the manifest. */
  file: z
    .string()
    .regex(/^[^/\\]+\.tar\.gz$/, 'a .tar.gz file name without folders')
    .refine((f) => f !== '..' && !f.startsWith('.'), 'a plain file name'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits'),
  /** Bytes of the archive. */
  size: z.number().int().positive(),
  /** Bytes of the unpacked environment. */
  unpackedSize: z.number().int().positive(),
  /** How the archive is laid out: conda-pack's (the environment at the root, bin/conda-unpack). */
  layout: z.literal('conda-pack').default('conda-pack'),
  /** Which environment file it was built from: full (projectchrono) or core (conda-forge). */
  flavour: z.string().max(40).optional(),
  builtAt: z.string().max(40).optional(),
});
export type PackManifest = z.output<typeof packManifestSchema>;

/** A runtime-pack.json holds one manifest or an index of several (one per OS and flavour). */
export const packIndexSchema = z.union([
  packManifestSchema,
  z.object({ format: z.literal(PACK_FORMAT), packs: z.array(packManifestSchema).max(200) }),
]);

export const installId = z.string().min(1).max(100);
/** A pack file, a folder or runtime-pack.json holding packs, or an http(s)/file URL of either. */
const source = z.string().min(1).max(4096);
const runtimeId = z.string().min(1).max(200);

export const runtimesMethods = {
  /** Installed runtimes, the selected one, and what overrides it. */
  'runtimes.list': z.object({}),
  /** What can be installed: the mirror's packs, packs beside the app, or those at `from`. */
  'runtimes.offers': z.object({ from: source.optional() }),
  /** The host machine's folders and pack files, for picking a pack where the browser cannot. */
  'runtimes.browse': z.object({ dir: z.string().max(4096).optional() }),
  /** Installs a pack; progress arrives as `runtimes.progress` events with the same installId.
   *  Resolves once the runtime is installed, probed and selected. */
  'runtimes.install': z.object({
    installId,
    from: source,
    /** Which pack of an index (its name); by default the full flavour, else the first. */
    name: slug.optional(),
    /** The folder runtimes go into (the runtime goes to <root>/<name>-<version>); by
     *  default RuntimesState.root. */
    root: z.string().min(1).max(4096).optional(),
    /** The environment's own folder, instead (the CLI's --prefix). */
    prefix: z.string().min(1).max(4096).optional(),
  }),
  'runtimes.cancel': z.object({ installId }),
  /** Selects an installed runtime for runs (after probing it). */
  'runtimes.use': z.object({ id: runtimeId }),
  /** Removes an installed runtime's folder and record. */
  'runtimes.remove': z.object({ id: runtimeId }),
};

const OS_NAMES: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

/** "Linux x64", "macOS arm64": an OS and CPU as manifests name them, for people. */
export function describeMachine({ os, arch }: { os: string; arch: string }): string {
  return `${OS_NAMES[os] ?? os} ${arch}`;
}

export interface InstalledRuntime {
  /** `<name>-<version>`. */
  id: string;
  name: string;
  version: string;
  flavour: string | null;
  /** The environment's folder. */
  path: string;
  /** Its interpreter. */
  python: string;
  pythonVersion: string | null;
  pychrono: string | null;
  /** What imported when it was installed (or last selected). */
  modules: Record<PychronoModule, boolean>;
  os: string;
  arch: string;
  sha256: string;
  size: number;
  unpackedSize: number;
  /** The file or URL it was installed from. */
  source: string;
  installedAt: string;
}

export interface RuntimesState {
  /** Where runtimes go by default: <userData>/runtimes, or, where that path has spaces or
   *  accents (macOS's Application Support), ~/Library/TwinForge/runtimes or
   *  C:\TwinForge\runtimes. runtimes.json stays in <userData>/runtimes. */
  root: string;
  /** The id of the runtime runs use (when nothing overrides it), or null. */
  selected: string | null;
  runtimes: InstalledRuntime[];
  /** An interpreter chosen before the selected runtime (it wins), or null. */
  overriddenBy: { source: 'command line' | 'setting' | 'TWINFORGE_PYTHON'; python: string } | null;
  /** What the host found and fixed or could not use, in sentences (interrupted installs
   *  cleaned up, a recorded runtime whose folder is gone). */
  notices: string[];
}

export interface PackOffer {
  manifest: PackManifest;
  /** What to pass to runtimes.install as `from` (with `name`). */
  from: string;
  where: 'mirror' | 'beside the app' | 'given';
  /** Why it cannot be installed on this machine, or null. */
  problem: string | null;
  /** An installed runtime with the same id. */
  installed: boolean;
}

export interface RuntimeOffers {
  /** The runtime mirror setting (or TWINFORGE_RUNTIME_MIRROR) and its packs, or null when unset. */
  mirror: { url: string; offers: PackOffer[]; problem: string | null } | null;
  /** Packs found beside the app (runtime-packs/ next to it or in its resources). */
  local: PackOffer[];
  /** Packs at the `from` asked about, or null. */
  given: { from: string; offers: PackOffer[]; problem: string | null } | null;
  /** The default folder and its free space. */
  target: { dir: string; freeBytes: number | null; problem: string | null };
  /** This machine, as manifests name it. */
  machine: { os: string; arch: string };
}

export interface BrowseEntry {
  name: string;
  path: string;
  kind: 'folder' | 'pack' | 'manifest';
  size: number | null;
}

export interface BrowseListing {
  dir: string;
  parent: string | null;
  entries: BrowseEntry[];
  problem: string | null;
}

export const INSTALL_STAGES = [
  'check',
  'download',
  'verify',
  'extract',
  'fix-prefix',
  'probe',
  'done',
] as const;
export type InstallStage = (typeof INSTALL_STAGES)[number];

export interface InstallProgress {
  installId: string;
  stage: InstallStage;
  /** Bytes done in this stage, and its total (0 when the stage has no byte count). */
  bytes: number;
  totalBytes: number;
  /** What is happening, for a status line. */
  message: string;
}

export interface InstallOutcome {
  runtime: InstalledRuntime;
  probe: PythonProbe;
  /** True when the runtime was installed now (false: it was installed already). */
  installed: boolean;
  /** Modules the manifest promised that did not import here. */
  missingModules: string[];
  state: RuntimesState;
}

export interface RuntimesResults {
  'runtimes.list': RuntimesState;
  'runtimes.offers': RuntimeOffers;
  'runtimes.browse': BrowseListing;
  'runtimes.install': InstallOutcome;
  'runtimes.cancel': { ok: boolean };
  'runtimes.use': { state: RuntimesState; probe: PythonProbe };
  'runtimes.remove': RuntimesState;
}

export interface RuntimesEvents {
  /** Progress of one install, to the owner that asked for it. */
  'runtimes.progress': InstallProgress;
  /** Installed runtimes or the selection changed (to everyone). */
  'runtimes.changed': RuntimesState;
}
