// runtimes.json: the installed runtimes and the selected one. Every write is atomic (a
// unique temporary file, fsync, rename), so a kill leaves the old file or the new one.
// Each runtime's folder also holds its own record (.twinforge-runtime.json), so a folder
// whose install finished but was never recorded is found again.
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { PYCHRONO_MODULES, type PychronoModule } from '../../common/stream';
import type { InstalledRuntime } from '../../common/contract/runtimes';
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
