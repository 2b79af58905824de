// Which paths a caller may open, save as and browse (projects, and the files evaluations,
// reviews and runtime installs read and write). In serve, a browser names host paths,
// so they are confined to one projects root (the user's home by default, `--projects-root`
// to choose); symbolic links are resolved before the check, so none leads out. The desktop
// app passes no root: its user picks paths in the OS's own dialogs.
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { BrowseEntry, BrowseListing } from '../../common/contract/projects';
import { PROJECT_EXTENSION } from './project-format';

const MAX_ENTRIES = 2000;

/** Confines a path a caller names, or throws saying why not. */
export interface PathGate {
  confine(path: string): Promise<string>;
}
/** For callers who may name any path: the desktop app's user and the CLI's. */
export const anywhere: PathGate = { confine: async (path) => resolve(path) };

export class ProjectPaths implements PathGate {
  private readonly roots: readonly string[] | null;

  /**
   * @param roots the folders callers may not leave (the first is where browsing starts), or
   *   null for anywhere
   * @param ownDirs the host's own folders (untitled projects), always allowed
   * @param home where browsing starts without a root
   */
  constructor(
    roots: readonly string[] | null,
    private readonly ownDirs: string[],
    private readonly home: string,
  ) {
    this.roots = roots && roots.length > 0 ? roots.map((r) => resolve(r)) : null;
  }

  /** Where browsing starts. */
  get top(): string {
    return this.roots?.[0] ?? resolve(this.home);
  }

  /** The folders callers may name paths in; empty when they may name any. */
  get rootList(): string[] {
    return [...(this.roots ?? [])];
  }

  /** The real absolute path of `path` (relative ones are taken from the top), or an error
   *  saying it lies outside the projects roots. The path itself need not exist yet. */
  async confine(path: string): Promise<string> {
    const absolute = isAbsolute(path) ? resolve(path) : resolve(this.top, path);
    const real = await realpathOfExisting(absolute);
    if (this.roots === null) return real;
    const allowed = await Promise.all([...this.roots, ...this.ownDirs].map(realpathOfExisting));
    if (
      allowed.some((top) => real === top || real.startsWith(top.endsWith(sep) ? top : top + sep))
    ) {
      return real;
    }
    const where =
      this.roots.length === 1
        ? `the projects folder ${this.roots[0]}`
        : `the projects folders ${this.roots.join(', ')}`;
    throw new Error(`${path} is outside ${where}: this server opens and saves files only there.`);
  }

  /** Whether `path` lies where callers may go. */
  async allows(path: string): Promise<boolean> {
    return this.confine(path).then(
      () => true,
      () => false,
    );
  }

  /** True when callers are held to roots (serve). */
  get confined(): boolean {
    return this.roots !== null;
  }

  /** The folders, projects and scripts in `dir` (the top by default), hidden ones left out. */
  async browse(dir?: string): Promise<BrowseListing> {
    const top = await realpathOfExisting(this.top);
    const folder = await this.confine(dir ?? top);
    const info = await stat(folder).catch(() => null);
    if (!info?.isDirectory()) throw new Error(`${dir ?? folder} is not a folder`);
    const names = (await readdir(folder)).filter((n) => !n.startsWith('.'));
    const entries: BrowseEntry[] = [];
    for (const name of names) {
      if (entries.length >= MAX_ENTRIES) break;
      const path = join(folder, name);
      const entry = await stat(path).catch(() => null); // follows links; a broken one is skipped
      if (!entry) continue;
      const modifiedAt = entry.mtime.toISOString();
      if (entry.isDirectory()) {
        const kind = name.endsWith(PROJECT_EXTENSION) ? 'project' : 'folder';
        entries.push({ name, path, kind, modifiedAt });
      } else if (entry.isFile() && name.toLowerCase().endsWith('.py')) {
        entries.push({ name, path, kind: 'script', modifiedAt });
      }
    }
    const order = { folder: 0, project: 0, script: 1 };
    entries.sort((a, b) => order[a.kind] - order[b.kind] || a.name.localeCompare(b.name));
    const up = dirname(folder);
    const parent = up === folder || !(await this.allows(up)) ? null : up;
    return {
      root: top,
      roots: this.rootList,
      dir: folder,
      parent,
      entries,
      truncated: entries.length >= MAX_ENTRIES && names.length > entries.length,
    };
  }
}

/** realpath of the longest part of `path` that exists, with the rest appended. */
async function realpathOfExisting(path: string): Promise<string> {
  const tail: string[] = [];
  let head = resolve(path);
  for (;;) {
    try {
      return join(await realpath(head), ...tail.reverse());
    } catch {
      const up = dirname(head);
      if (up === head) return resolve(path);
      tail.push(basename(head));
      head = up;
    }
  }
}
