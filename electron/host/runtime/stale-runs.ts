// What a killed host leaves behind: scratch folders of its runs (and their cgroups, see
// run-cgroup.ts). Each is named after the host's pid, so a later host removes only those
// whose host is gone, never another live host's.
import { readdir, rm, lstat } from 'node:fs/promises';
import { join } from 'node:path';

const SCRATCH = /^twinforge-run-(\d+)-/;

/** The prefix of this host's scratch folders (mkdtemp adds the random part). */
export function scratchPrefix(pid = process.pid): string {
  return `twinforge-run-${pid}-`;
}

/** True while a process with this pid exists (EPERM: it exists, as another user's). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the scratch folders in `root` whose host is gone; returns their paths. */
export async function removeStaleScratch(
  root: string,
  isAlive: (pid: number) => boolean = isProcessAlive,
): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const m = SCRATCH.exec(entry);
    if (!m || isAlive(Number(m[1]))) continue;
    const dir = join(root, entry);
    try {
      // A folder only: a link of that name is not followed.
      if (!(await lstat(dir)).isDirectory()) continue;
      await rm(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // another user's, or gone already
    }
  }
  return removed;
}
