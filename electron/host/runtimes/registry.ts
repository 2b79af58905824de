// runtimes.json: the installed runtimes and the selected one. Every write is atomic (a
// unique temporary file, fsync, rename), so a kill leaves the old file or the new one.
// Each runtime's folder also holds its own record (.twinforge-runtime.json), so a folder
// whose install finished but was never recorded is found again.
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { PYCHRONO_MODULES, type PychronoModule } from '../../common/stream';
import type { InstalledRuntime, PackManifest } from '../../common/contract/runtimes';
import type { PythonProbe } from '../../common/contract/runtime';
import { envPython } from './machine';
import { registryTempName } from './stale';

export const REGISTRY_NAME = 'runtimes.json';
/** The runtime's own record, inside its folder. */
export const STAMP_NAME = '.twinforge-runtime.json';

const runtimeSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  version: z.string().min(1),
  flavour: z.string().nullable(),
  path: z.string().min(1),
  python: z.string().min(1),
  pythonVersion: z.string().nullable(),
  pychrono: z.string().nullable(),
  modules: z.record(z.boolean()),
  os: z.string(),
  arch: z.string(),
  sha256: z.string(),
  size: z.number(),
  unpackedSize: z.number(),
  source: z.string(),
  installedAt: z.string(),
});

const registrySchema = z.object({
  format: z.literal(1),
  selected: z.string().nullable(),
  runtimes: z.array(runtimeSchema),
});

export interface Registry {
  selected: string | null;
  runtimes: InstalledRuntime[];
}

function withAllModules(modules: Record<string, boolean>): Record<PychronoModule, boolean> {
  return Object.fromEntries(PYCHRONO_MODULES.map((m) => [m, modules[m] === true])) as Record<
    PychronoModule,
    boolean
  >;
}

function toRuntime(record: z.infer<typeof runtimeSchema>): InstalledRuntime {
  return { ...record, modules: withAllModules(record.modules) };
}

/** Reads the registry; a missing file is an empty one, an unreadable one is kept aside. */
export async function readRegistry(
  file: string,
): Promise<{ registry: Registry; problem: string | null }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { registry: { selected: null, runtimes: [] }, problem: null };
  }
  try {
    const parsed = registrySchema.parse(JSON.parse(text));
    return {
      registry: { selected: parsed.selected, runtimes: parsed.runtimes.map(toRuntime) },
      problem: null,
    };
  } catch {
    const aside = `${file}.corrupt`;
    await rename(file, aside).catch(() => undefined);
    return {
      registry: { selected: null, runtimes: [] },
      problem: `${file} was unreadable; it was kept as ${aside} and the runtimes found in their folders were listed again.`,
    };
  }
}

/** Writes a file so that readers see the old content or the new, never a part. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = registryTempName(file);
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  // The rename itself reaches the disk when the folder is synced (not possible on Windows).
  const dir = await open(dirname(file), 'r').catch(() => null);
  await dir?.sync().catch(() => undefined);
  await dir?.close();
}

export async function writeRegistry(file: string, registry: Registry): Promise<void> {
  const body = { format: 1, selected: registry.selected, runtimes: registry.runtimes };
  await writeAtomically(file, `${JSON.stringify(body, null, 2)}\n`);
}

export async function writeStamp(dir: string, runtime: InstalledRuntime): Promise<void> {
  await writeFile(join(dir, STAMP_NAME), `${JSON.stringify(runtime, null, 2)}\n`);
}

/** The record a runtime folder keeps of itself, or null. */
export async function readStamp(dir: string): Promise<InstalledRuntime | null> {
  try {
    return toRuntime(
      runtimeSchema.parse(JSON.parse(await readFile(join(dir, STAMP_NAME), 'utf8'))),
    );
  } catch {
    return null;
  }
}

/** `<name>-<version>`: the id and the default folder name of a runtime. */
export function runtimeId(manifest: Pick<PackManifest, 'name' | 'version'>): string {
  return `${manifest.name}-${manifest.version}`;
}

/** A runtime by id, or by name when only one has it. */
export function findRuntime(registry: Registry, idOrName: string): InstalledRuntime {
  const byId = registry.runtimes.find((r) => r.id === idOrName);
  if (byId) return byId;
  const byName = registry.runtimes.filter((r) => r.name === idOrName);
  if (byName.length === 1) return byName[0];
  const known = registry.runtimes.map((r) => r.id).join(', ') || 'none';
  throw new Error(
    byName.length > 1
      ? `Several runtimes are named ${idOrName} (${byName.map((r) => r.id).join(', ')}): give the id.`
      : `No runtime ${idOrName} is installed (installed: ${known}).`,
  );
}

/** The record of a runtime about to be installed from a pack, at `path`. */
export function newRecord(manifest: PackManifest, path: string, source: string): InstalledRuntime {
  return {
    id: runtimeId(manifest),
    name: manifest.name,
    version: manifest.version,
    flavour: manifest.flavour ?? null,
    path,
    python: envPython(path),
    pythonVersion: manifest.python,
    pychrono: manifest.pychrono,
    modules: Object.fromEntries(
      PYCHRONO_MODULES.map((m) => [m, manifest.modules[m] === true]),
    ) as InstalledRuntime['modules'],
    os: manifest.os,
    arch: manifest.arch,
    sha256: manifest.sha256,
    size: manifest.size,
    unpackedSize: manifest.unpackedSize,
    source,
    installedAt: new Date().toISOString(),
  };
}

/** The record with what its probe found. */
export function withProbe(runtime: InstalledRuntime, probe: PythonProbe): InstalledRuntime {
  return {
    ...runtime,
    pythonVersion: probe.pythonVersion ?? runtime.pythonVersion,
    pychrono: probe.pychrono ?? runtime.pychrono,
    modules: { ...probe.modules },
  };
}
