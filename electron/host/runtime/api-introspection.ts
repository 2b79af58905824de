// The index of the user's own pychrono API (`python -m twinforge_bridge index`, format in
// python-runtime/twinforge_bridge/introspect.py), for completions and the unknown-name
// lint. Introspecting a real install takes seconds, so it runs once per interpreter and
// pychrono build and is cached in the user-data folder: the key is the interpreter, the
// pychrono version, the modification times of the pychrono package's files (a build
// from source has no version, but a rebuild changes them) and the bridge's introspection
// code.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { RuntimeProbe } from '../../common/contract/runtime';

/** The index format the TypeScript side reads. */
export const API_INDEX_FORMAT = 1;
const INDEX_TIMEOUT_MS = 300_000;

export interface ApiIntrospectionOptions {
  /** Where indexes are cached: one file per interpreter (the latest build of its pychrono). */
  cacheDir: string;
  /** The environment of bridge processes (see child-env.ts). */
  env: NodeJS.ProcessEnv;
  /** The folder holding the `twinforge_bridge` package. */
  pythonRuntimeDir: string;
  timeoutMs?: number;
}

const summarySchema = z.object({ out: z.string(), modules: z.record(z.number()) });

/** What the index is built from: the interpreter and which pychrono it imports. */
export type ProbedPychrono = Pick<
  RuntimeProbe,
  'python' | 'pychrono' | 'pychronoFound' | 'pychronoPath'
>;

export class ApiIntrospection {
  private readonly pending = new Map<string, Promise<string | null>>();
  /** Why the last index could not be built, or null. */
  lastProblem: string | null = null;

  constructor(private readonly options: ApiIntrospectionOptions) {}

  /**
   * The path of the index of the probed interpreter's pychrono, built on first use and
   * cached; null when the probe found no pychrono or the index could not be built
   * (`lastProblem` says why).
   */
  async installedIndexPath(probe: ProbedPychrono): Promise<string | null> {
    if (!probe.python || !probe.pychronoFound) return null;
    const file = await this.cacheFile(probe, probe.python);
    let built = this.pending.get(file);
    if (!built) {
      built = this.build(probe.python, file);
      this.pending.set(file, built);
      void built.then((path) => {
        if (path === null) this.pending.delete(file); // a failure is tried again next time
      });
    }
    return built;
  }

  private async build(python: string, file: string): Promise<string | null> {
    if (await isFile(file)) return file;
    await mkdir(this.options.cacheDir, { recursive: true });
    const { stdout, stderr, error } = await new Promise<{
      stdout: string;
      stderr: string;
      error: Error | null;
    }>((resolve) => {
      execFile(
        python,
        ['-m', 'twinforge_bridge', 'index', '--out', file],
        {
          env: this.options.env,
          cwd: tmpdir(),
          timeout: this.options.timeoutMs ?? INDEX_TIMEOUT_MS,
          maxBuffer: 4 * 1024 * 1024,
        },
        (err, out, errOut) => resolve({ stdout: String(out), stderr: String(errOut), error: err }),
      );
    });
    const summary = lastJsonLine(stdout);
    if (error || !summarySchema.safeParse(summary).success || !(await isFile(file))) {
      const said = (summary as { error?: unknown } | null)?.error;
      this.lastProblem = `The pychrono API index of ${python} could not be built: ${
        typeof said === 'string' ? said : lastLine(stderr) || error?.message || 'no output'
      }`;
      return null;
    }
    this.lastProblem = null;
    await this.removeOlderBuilds(file);
    return file;
  }

  /** `<interpreter hash>-<build hash>.json` in the cache folder. */
  private async cacheFile(probe: ProbedPychrono, python: string): Promise<string> {
    const bridgeCode = join(this.options.pythonRuntimeDir, 'twinforge_bridge', 'introspect.py');
    const key = JSON.stringify([
      API_INDEX_FORMAT,
      python,
      probe.pychrono,
      probe.pychronoPath,
      probe.pychronoPath ? await newestMtime(probe.pychronoPath) : null,
      await stat(bridgeCode).then(
        (s) => [s.mtimeMs, s.size],
        () => null,
      ),
    ]);
    return join(this.options.cacheDir, `${hash(python)}-${hash(key)}.json`);
  }

  /** One index per interpreter: those of its earlier pychrono builds go. */
  private async removeOlderBuilds(file: string): Promise<void> {
    const name = file.slice(this.options.cacheDir.length + 1);
    const prefix = name.split('-')[0] + '-';
    const names = await readdir(this.options.cacheDir).catch(() => [] as string[]);
    for (const other of names) {
      if (other !== name && other.startsWith(prefix) && other.endsWith('.json')) {
        await rm(join(this.options.cacheDir, other), { force: true });
      }
    }
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The newest modification time of the files in a package folder (not recursive). */
async function newestMtime(dir: string): Promise<number | null> {
  const names = await readdir(dir).catch(() => null);
  if (!names) return null;
  let newest = 0;
  for (const name of names) {
    const s = await stat(join(dir, name)).catch(() => null);
    if (s?.isFile()) newest = Math.max(newest, s.mtimeMs);
  }
  return newest;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

function lastJsonLine(stdout: string): unknown {
  const line = stdout.trim().split(/\r?\n/).pop() ?? '';
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return null;
  }
}

function lastLine(text: string): string {
  return text.trim().split(/\r?\n/).pop()?.trim() ?? '';
}
