// Confinement with bubblewrap (Linux): a run without network, with the file system
// read-only outside its scratch folder, in a pid namespace of its own (nothing it starts
// outlives it: when the namespace's first process ends, the kernel kills the rest).
import { execFile } from 'node:child_process';
import { accessSync, constants, readdirSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join, sep } from 'node:path';

export type BubblewrapFound = { path: string } | { problem: string };

/** The first executable `bwrap` on PATH, or null. */
export function findBwrap(env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'bwrap');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Whether bubblewrap can confine a process here: it must be installed and allowed to make
 * the namespaces (unprivileged user namespaces may be off). Tries it once, for real.
 */
export function detectBubblewrap(env: NodeJS.ProcessEnv): Promise<BubblewrapFound> {
  if (process.platform !== 'linux') {
    return Promise.resolve({ problem: 'confinement needs bubblewrap, which runs on Linux only' });
  }
  const path = findBwrap(env);
  if (!path) {
    return Promise.resolve({
      problem:
        'bubblewrap (bwrap) is not installed; install the bubblewrap package to confine runs',
    });
  }
  const args = bubblewrapArgs(path, null, ['/bin/sh', '-c', ':']).slice(1);
  return new Promise((resolve) => {
    execFile(path, args, { timeout: 10_000 }, (err, _out, stderr) => {
      if (!err) resolve({ path });
      else {
        const why = String(stderr).trim().split('\n')[0] || err.message;
        resolve({ problem: `bubblewrap cannot make a sandbox here (${why})` });
      }
    });
  });
}

/** Devices a run may need for the GPU (PyChrono's sensor module), where they exist. */
function gpuDevices(): string[] {
  try {
    return readdirSync('/dev')
      .filter((name) => name.startsWith('nvidia') || name === 'dri' || name === 'kfd')
      .map((name) => `/dev/${name}`);
  } catch {
    return [];
  }
}

/** The folders that confinement hides behind empty ones. */
const HIDDEN_ROOTS = ['/tmp', '/run'];

/**
 * The folders under /tmp or /run that a run needs to read and would lose behind the empty
 * ones: an AppImage mounts the app (and its bridge) under /tmp, a runtime or a virtual
 * environment may live there. Each is given back, read-only, and nothing else of /tmp.
 * `python`: the interpreter (its environment is two levels up, `ENV/bin/python`).
 */
export function pathsToKeep(python: string, others: readonly string[]): string[] {
  const candidates = [dirname(dirname(python)), ...others];
  try {
    candidates.push(dirname(dirname(realpathSync(python))));
  } catch {
    // an interpreter that does not resolve fails on its own, with its own message
  }
  const hidden = (path: string) =>
    HIDDEN_ROOTS.some((root) => path === root || path.startsWith(root + sep));
  const kept = [...new Set(candidates.filter((p) => p.startsWith(sep) && hidden(p)))]
    .filter((p) => !HIDDEN_ROOTS.includes(p))
    .sort();
  // A folder inside another kept folder comes with it.
  return kept.filter((p, i) => !kept.slice(0, i).some((q) => p.startsWith(q + sep)));
}

/**
 * The command that runs `command` confined: a read-only view of `/`, empty `/tmp` and `/run`
 * (but for `keep`, read-only), the scratch folder (if any) writable, no network, its own
 * pid, IPC and host-name namespaces, and death with its parent (the run guard).
 */
export function bubblewrapArgs(
  bwrap: string,
  scratch: string | null,
  command: string[],
  keep: readonly string[] = [],
): string[] {
  const args = [
    bwrap,
    '--die-with-parent',
    '--unshare-net',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
  ];
  for (const device of gpuDevices()) args.push('--dev-bind-try', device, device);
  // /tmp and /run hold the user's sockets (D-Bus, the display, agents, docker): a
  // read-only file system does not stop connect(), so they are hidden behind empty ones.
  args.push('--proc', '/proc', '--tmpfs', '/tmp', '--tmpfs', '/run');
  for (const path of keep) args.push('--ro-bind-try', path, path);
  if (scratch) args.push('--bind', scratch, scratch, '--chdir', scratch);
  return [...args, '--', ...command];
}

/** Variables that point a confined run at sockets it must not reach (they are hidden). */
const SOCKET_VARIABLES = [
  'DBUS_SESSION_BUS_ADDRESS',
  'SSH_AUTH_SOCK',
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'XDG_RUNTIME_DIR',
];

/** A confined run's environment: no socket addresses, and a matplotlib folder of its own
 *  (the user's is read-only to it). */
export function confinedEnv(env: NodeJS.ProcessEnv, scratch: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { MPLCONFIGDIR: join(scratch, '.matplotlib'), ...env };
  for (const name of SOCKET_VARIABLES) delete out[name];
  return out;
}
