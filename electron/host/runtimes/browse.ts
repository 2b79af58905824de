// A listing of a folder on the host machine showing only what leads to a pack: folders,
// .tar.gz packs and runtime-pack.json manifests. In serve mode it lets an admin pick a pack
// copied to the host (a browser cannot hand over a 500 MB file, nor reveal its path). It is
// no wider than what a serve client can already do: anyone with the token runs scripts there.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { BrowseEntry, BrowseListing } from '../../common/contract/runtimes';
import { MANIFEST_NAME } from './pack-source';

const MAX_ENTRIES = 2000;

async function kindOf(dir: string, entry: Dirent): Promise<BrowseEntry | null> {
  const path = join(dir, entry.name);
  let isDir = entry.isDirectory();
  let isFile = entry.isFile();
  if (entry.isSymbolicLink()) {
    const target = await stat(path).catch(() => null);
    isDir = target?.isDirectory() ?? false;
    isFile = target?.isFile() ?? false;
  }
  if (isDir)
    return entry.name.startsWith('.')
      ? null
      : { name: entry.name, path, kind: 'folder', size: null };
  if (!isFile) return null;
  if (entry.name === MANIFEST_NAME) return { name: entry.name, path, kind: 'manifest', size: null };
  if (!entry.name.endsWith('.tar.gz')) return null;
  const size = (await stat(path).catch(() => null))?.size ?? null;
  return { name: entry.name, path, kind: 'pack', size };
}

export async function browse(dir: string | undefined, home = homedir()): Promise<BrowseListing> {
  let at = resolve(dir?.trim() || home);
  // A pack's own path (typed before browsing) opens the folder that holds it.
  if ((await stat(at).catch(() => null))?.isFile()) at = dirname(at);
  const parent = dirname(at) === at ? null : dirname(at);
  let entries: Dirent[];
  try {
    entries = await readdir(at, { withFileTypes: true });
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'ENOTDIR'
          ? 'is not a folder'
          : `cannot be read (${code ?? (err as Error).message})`;
    return { dir: at, parent, entries: [], problem: `${at} ${why}.` };
  }
  const listed = (
    await Promise.all(entries.slice(0, MAX_ENTRIES).map((e) => kindOf(at, e)))
  ).filter((e): e is BrowseEntry => e !== null);
  const order = { folder: 0, manifest: 1, pack: 2 };
  listed.sort((a, b) => order[a.kind] - order[b.kind] || a.name.localeCompare(b.name));
  return { dir: at, parent, entries: listed, problem: null };
}
