// The names of an install's temporary files, and their clean-up after an install that was
// killed: every temporary name carries the installing process's id, so a host cleans only
// what a dead process left, never the files of an install still running elsewhere (the
// CLI installing while the app starts, say).
import { randomBytes } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Written into a runtime's folder before extraction; removed once it is probed and recorded. */
export const INCOMPLETE_MARKER = '.twinforge-incomplete';

const TEMP_NAME = /^\.(partial|download)-(.+)-(\d+)-[0-9a-f]{8}(\.tar\.gz)?$/;
const REGISTRY_TEMP = /^runtimes\.json\.(\d+)-[0-9a-f]{8}\.tmp$/;

function tag(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** The folder a pack is extracted into, beside its target. */
export function partialDir(target: string): string {
  return join(dirname(target), `.partial-${basename(target)}-${tag()}`);
}

/** The file a pack is downloaded to, beside its target (same disk as the extraction). */
export function downloadFile(target: string): string {
  return join(dirname(target), `.download-${basename(target)}-${tag()}.tar.gz`);
}

export function registryTempName(file: string): string {
  return `${file}.${tag()}.tmp`;
}

export function markerText(source: string): string {
  return JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), source });
}

export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** What the marker in `dir` says, or null when it has none. */
export async function readMarker(dir: string): Promise<{ pid: number; source: string } | null> {
  const text = await readFile(join(dir, INCOMPLETE_MARKER), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as { pid?: unknown; source?: unknown };
    return {
      pid: typeof parsed.pid === 'number' ? parsed.pid : 0,
      source: typeof parsed.source === 'string' ? parsed.source : 'a pack',
    };
  } catch {
    return { pid: 0, source: 'a pack' };
  }
}

/**
 * Removes what installs killed half-way left in `dir`: partial extractions, partial
 * downloads, temporary registry files, and runtime folders still marked incomplete (an
 * install killed after the rename into place, or a removal killed half-way). Returns a
 * sentence per removed install.
 */
export async function cleanStale(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const notices: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const temp = TEMP_NAME.exec(name);
    if (temp) {
      if (isAlive(Number(temp[3]))) continue;
      await rm(path, { recursive: true, force: true });
      if (temp[1] === 'partial') {
        notices.push(`An install of ${temp[2]} was interrupted; its partial files were removed.`);
      }
      continue;
    }
    const registryTemp = REGISTRY_TEMP.exec(name);
    if (registryTemp) {
      if (!isAlive(Number(registryTemp[1]))) await rm(path, { force: true });
      continue;
    }
    const marker = await readMarker(path);
    if (marker && !isAlive(marker.pid)) {
      await rm(path, { recursive: true, force: true });
      notices.push(
        `An install of ${name} was interrupted before it was checked; its folder was removed.`,
      );
    }
  }
  return notices;
}
