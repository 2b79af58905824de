// Shared by the runtime and CLI integration tests: the Python and environment that run
// the real bridge with the pychrono test double, and a look at live bridge processes.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const SCRIPTS = join(ROOT, 'test', 'fixtures', 'scripts');
export const DOUBLE = join(ROOT, 'test', 'fixtures', 'pychrono-double');
/** The interpreter itself, not a pyenv shim (which costs half a second per start). */
export const PYTHON =
  process.env.TWINFORGE_TEST_PYTHON ??
  execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

/** The environment of a user whose Python sees the double as pychrono. */
export function doubleEnv(userDataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TWINFORGE_PYTHON: PYTHON,
    TWINFORGE_USER_DATA: userDataDir,
    PYTHONPATH: [DOUBLE, process.env.PYTHONPATH].filter(Boolean).join(delimiter),
    PYTHONDONTWRITEBYTECODE: '1',
  };
}

/** Pids of live bridge processes whose parent is this process (Linux /proc). */
export function bridgeChildren(parent = process.pid): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const [state, ppid] = [fields[0], Number(fields[1])];
      if (ppid !== parent || state === 'Z') continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('twinforge_bridge')) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Bundles the CLI (dist/cli) from the sources, as `npm run build` does for it. */
export function buildCli(): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [join(ROOT, 'scripts', 'build-node.mjs')], { cwd: ROOT }, (err) =>
      err ? reject(err) : resolve(),
    ),
  );
}
