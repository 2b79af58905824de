// Checks of the folder a runtime goes into, before anything is downloaded or written: a
// path conda can live in, outside the app, writable, with room for the pack.
import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix, relative, win32 } from 'node:path';
import { formatBytes } from '../../common/bytes';
import { RuntimeInstallError, errorCode } from './errors';

/** Room kept free beyond what the pack needs (logs, caches, the probe's bytecode). */
export const SPARE_BYTES = 64 * 1024 * 1024;

/**
 * Why conda cannot live at `path`, or null. Spaces break the shebang lines and the prefix
 * rewriting of many packages, and non-ASCII paths break others, so both are refused on
 * every OS (conda's installers refuse them too).
 */
export function pathProblem(
  path: string,
  platform: NodeJS.Platform = process.platform,
): string | null {
  const absolute = platform === 'win32' ? win32.isAbsolute(path) : posix.isAbsolute(path);
  if (!absolute) return `${path} is not an absolute path.`;
  if (/[^\x21-\x7e]/.test(path)) {
    const what = /\s/.test(path) ? 'a space' : 'characters other than plain ASCII';
    return (
      `${path} has ${what}, which conda environments cannot live under. ` +
      'Choose a folder without spaces or accents (e.g. /opt/twinforge/runtimes or C:\\TwinForge\\runtimes).'
    );
  }
  return null;
}

/** Whether `inner` is `outer` or inside it (case-insensitively where the OS is). */
export function isInside(inner: string, outer: string, platform = process.platform): boolean {
  const fold = platform === 'win32' || platform === 'darwin';
  const rel = relative(fold ? outer.toLowerCase() : outer, fold ? inner.toLowerCase() : inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export async function freeBytes(dir: string): Promise<number | null> {
  try {
    const s = await statfs(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

export interface TargetCheck {
  /** The environment's folder. */
  target: string;
  /** The application's own folder, which an update replaces. */
  appDir: string | null;
  /** Bytes the install will write (the unpacked environment, plus a download if any). */
  neededBytes: number;
  /** What the needed bytes are, for the message. */
  neededText: string;
}

/** Throws a RuntimeInstallError naming the problem and the fix; resolves with the free space. */
export async function checkTarget(check: TargetCheck): Promise<number | null> {
  const { target } = check;
  const problem = pathProblem(target);
  if (problem) throw new RuntimeInstallError(problem, 'check');
  if (check.appDir && isInside(target, check.appDir)) {
    throw new RuntimeInstallError(
      `${target} is inside the application's folder (${check.appDir}), which an update replaces. Choose a folder outside it.`,
      'check',
    );
  }
  const existing = await stat(target).catch(() => null);
  if (existing && !existing.isDirectory()) {
    throw new RuntimeInstallError(
      `${target} exists and is not a folder: choose another place.`,
      'check',
    );
  }
  const parent = dirname(target);
  try {
    await mkdir(parent, { recursive: true });
    const probe = join(
      parent,
      `.twinforge-write-test-${process.pid}-${randomBytes(4).toString('hex')}`,
    );
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (err) {
    throw new RuntimeInstallError(
      `Cannot write to ${parent} (${errorCode(err) ?? (err as Error).message}): choose a folder you can write to.`,
      'check',
    );
  }
  const free = await freeBytes(parent);
  if (free !== null && free < check.neededBytes + SPARE_BYTES) {
    throw new RuntimeInstallError(
      `Not enough free space in ${parent}: the runtime needs ${formatBytes(check.neededBytes + SPARE_BYTES)} ` +
        `(${check.neededText}, plus ${formatBytes(SPARE_BYTES)} to spare) and ${formatBytes(free)} are free. ` +
        'Free some space, or install into another folder.',
      'check',
    );
  }
  return free;
}
