// Keeps the files a run wrote: the run's scratch folder is deleted when the run ends, so a
// host service that grades what a script wrote (the evaluation's physics contracts read
// `out.csv`) asks for copies, made just before the folder goes. Bounded, because the
// script is untrusted: regular files only (no links followed), a count and a size cap.
import { copyFile, lstat, mkdir, readdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

export interface CollectOutputs {
  /** Paths relative to the run's working directory, `*` and `?` matching within a name
   *  (`out.csv`, `*.csv`, `results/*.json`), or 'all' for every file. */
  files: readonly string[] | 'all';
  /** The folder the copies go to, made when absent; paths inside it mirror the run's. */
  into: string;
}

export const COLLECT_MAX_FILES = 500;
export const COLLECT_MAX_BYTES = 256 * 1024 * 1024;

/** Files the bridge itself leaves in the working directory: never the script's output. */
const BRIDGE_FILES = new Set(['.twinforge-fault.log']);

export interface CollectedOutputs {
  /** Relative paths copied, in the order found. */
  copied: string[];
  /** Why some matching files were left behind (a cap reached), or null. */
  notice: string | null;
}

/** Copies the matching files of `workdir` (but not `exclude`, the script's own copy). */
export async function collectOutputs(
  workdir: string,
  request: CollectOutputs,
  exclude: readonly string[] = [],
): Promise<CollectedOutputs> {
  const match = request.files === 'all' ? () => true : matcher(request.files);
  const skip = new Set([
    ...exclude.map((file) => toPosix(relative(workdir, file))),
    ...BRIDGE_FILES,
  ]);
  const entries = await readdir(workdir, { recursive: true });
  const copied: string[] = [];
  let bytes = 0;
  let notice: string | null = null;
  for (const entry of entries.map(toPosix).sort()) {
    if (skip.has(entry) || !match(entry)) continue;
    const source = join(workdir, entry);
    const info = await lstat(source).catch(() => null);
    if (!info?.isFile()) continue;
    if (copied.length >= COLLECT_MAX_FILES || bytes + info.size > COLLECT_MAX_BYTES) {
      notice = `Only ${copied.length} of the run's files were kept: the copies stop at ${COLLECT_MAX_FILES} files or ${COLLECT_MAX_BYTES / 1024 / 1024} MiB.`;
      break;
    }
    const target = join(request.into, entry);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(source, target);
    copied.push(entry);
    bytes += info.size;
  }
  return { copied, notice };
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** A test of relative paths against the patterns (a `*` never crosses a `/`). */
export function matcher(patterns: readonly string[]): (path: string) => boolean {
  const regexes = patterns.map((pattern) => {
    const body = toPosix(pattern)
      .replace(/^\.\//, '')
      .split('')
      .map((c) =>
        c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
      )
      .join('');
    return new RegExp(`^${body}$`);
  });
  return (path) => regexes.some((re) => re.test(path));
}
