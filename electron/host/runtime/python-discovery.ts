// Finds the Python interpreter that runs scripts, in the order the README documents:
// the explicit choice (command line, then the setting), TWINFORGE_PYTHON, the runtime
// installed and selected in TwinForge, a conda or mamba environment that has pychrono, then
// python3/python on PATH.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readFile, readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, delimiter, isAbsolute, join } from 'node:path';

export type PythonSource =
  'command line' | 'setting' | 'TWINFORGE_PYTHON' | 'runtime' | 'conda' | 'PATH';

export interface FoundPython {
  python: string;
  source: PythonSource;
}

export interface DiscoveryInput {
  /** An interpreter that overrides everything (the CLI's --python). */
  override?: string;
  /** The pythonPath setting; empty means discover. */
  setting?: string;
  env: NodeJS.ProcessEnv;
  /** The runtime selected in TwinForge (electron/host/runtimes), if any. */
  runtime?: { id: string; python: string } | null;
  home?: string;
  platform?: NodeJS.Platform;
  /** Lists conda environments (`conda env list --json`); injectable for tests. */
  listCondaEnvs?: (env: NodeJS.ProcessEnv) => Promise<string[]>;
  /** System-wide conda installs searched besides the user's home; injectable for tests. */
  systemCondaRoots?: string[];
}

const EXPLICIT_NAMES: Record<string, string> = {
  'command line': '--python',
  setting: 'the Python interpreter setting',
  TWINFORGE_PYTHON: 'TWINFORGE_PYTHON',
};

/** Thrown when an interpreter named explicitly cannot be used: no silent fallback then. */
export class PythonNotUsableError extends Error {}

/** Names of conda roots whose `envs/` folders are searched besides the known list. */
const CONDA_ROOTS = [
  'miniforge3',
  'mambaforge',
  'miniconda3',
  'anaconda3',
  'micromamba',
  '.local/share/mamba',
  'opt/miniforge3',
];

export async function findPython(input: DiscoveryInput): Promise<FoundPython | null> {
  const platform = input.platform ?? process.platform;
  const explicit: Array<[string | undefined, PythonSource]> = [
    [input.override, 'command line'],
    [input.setting, 'setting'],
    [input.env.TWINFORGE_PYTHON, 'TWINFORGE_PYTHON'],
  ];
  for (const [choice, source] of explicit) {
    if (!choice?.trim()) continue;
    const python = await resolveCommand(choice.trim(), input.env, platform);
    if (!python) {
      throw new PythonNotUsableError(
        `The Python interpreter given by ${EXPLICIT_NAMES[source]} (${choice}) does not exist or is not executable.`,
      );
    }
    return { python, source };
  }

  if (input.runtime) {
    if (!(await isExecutableFile(input.runtime.python))) {
      throw new PythonNotUsableError(
        `The selected runtime ${input.runtime.id} has no interpreter at ${input.runtime.python} (its folder was moved or deleted): install it again, or remove it (Help > Simulation Runtime, or \`twinforge runtime remove ${input.runtime.id}\`).`,
      );
    }
    return { python: input.runtime.python, source: 'runtime' };
  }

  const conda = await findCondaPython(input, platform);
  if (conda) return { python: conda, source: 'conda' };

  for (const name of ['python3', 'python']) {
    const python = await resolveCommand(name, input.env, platform);
    if (python) return { python, source: 'PATH' };
  }
  return null;
}

/**
 * Conda environments, best first: the active one (CONDA_PREFIX) when it has pychrono, then
 * one named `twinforge` or `twinforge-…` (python-runtime/environment.yml's, which
 * `npm run setup:runtime` makes), then any other environment that has pychrono.
 */
async function findCondaPython(
  input: DiscoveryInput,
  platform: NodeJS.Platform,
): Promise<string | null> {
  const home = input.home ?? homedir();
  const active = input.env.CONDA_PREFIX;
  if (active && (await hasPychrono(active, platform))) {
    const python = await envPython(active, platform);
    if (python) return python;
  }
  const envs = await candidateEnvs(input, home);
  const named = envs.filter((e) => /^twinforge($|-)/.test(basename(e)));
  for (const env of named) {
    const python = await envPython(env, platform);
    if (python) return python;
  }
  for (const env of envs) {
    if (!(await hasPychrono(env, platform))) continue;
    const python = await envPython(env, platform);
    if (python) return python;
  }
  return null;
}

async function candidateEnvs(input: DiscoveryInput, home: string): Promise<string[]> {
  const found: string[] = [];
  const add = (p: string) => {
    if (p && !found.includes(p)) found.push(p);
  };
  // conda records every environment it creates here; reading it costs no process.
  const recorded = await readFile(join(home, '.conda', 'environments.txt'), 'utf8').catch(() => '');
  recorded
    .split(/\r?\n/)
    .map((l) => l.trim())
    .forEach(add);
  const roots = [
    input.env.MAMBA_ROOT_PREFIX,
    input.env.CONDA_ROOT,
    ...CONDA_ROOTS.map((r) => join(home, r)),
    ...(input.systemCondaRoots ?? ['/opt/conda']),
  ].filter((r): r is string => Boolean(r));
  for (const root of roots) {
    const names = await readdir(join(root, 'envs')).catch(() => [] as string[]);
    for (const name of names.sort()) add(join(root, 'envs', name));
  }
  const listed = await (input.listCondaEnvs ?? condaEnvList)(input.env).catch(() => []);
  listed.forEach(add);
  return found;
}

/** Asks conda (or mamba, micromamba) for its environments; [] when none is installed. */
export async function condaEnvList(env: NodeJS.ProcessEnv): Promise<string[]> {
  const tools = [env.CONDA_EXE, env.MAMBA_EXE, 'conda', 'mamba', 'micromamba'].filter(
    (t): t is string => Boolean(t),
  );
  for (const tool of tools) {
    const exe = await resolveCommand(tool, env, process.platform);
    if (!exe) continue;
    const out = await new Promise<string>((resolve) => {
      execFile(exe, ['env', 'list', '--json'], { timeout: 15_000, env }, (err, stdout) =>
        resolve(err ? '' : stdout),
      );
    });
    try {
      const parsed = JSON.parse(out) as { envs?: unknown };
      if (Array.isArray(parsed.envs)) return parsed.envs.filter((e) => typeof e === 'string');
    } catch {
      // not JSON: try the next tool
    }
  }
  return [];
}

async function envPython(prefix: string, platform: NodeJS.Platform): Promise<string | null> {
  const python = platform === 'win32' ? join(prefix, 'python.exe') : join(prefix, 'bin', 'python');
  return (await isExecutableFile(python)) ? python : null;
}

/** pychrono installs a package folder into the environment's site-packages. */
export async function hasPychrono(prefix: string, platform: NodeJS.Platform): Promise<boolean> {
  if (platform === 'win32') return isDir(join(prefix, 'Lib', 'site-packages', 'pychrono'));
  const lib = join(prefix, 'lib');
  const versions = await readdir(lib).catch(() => [] as string[]);
  for (const v of versions) {
    if (v.startsWith('python3') && (await isDir(join(lib, v, 'site-packages', 'pychrono')))) {
      return true;
    }
  }
  return false;
}

/** An absolute or relative path to an executable, or a command name looked up on PATH. */
export async function resolveCommand(
  command: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): Promise<string | null> {
  if (isAbsolute(command) || command.includes('/') || command.includes('\\')) {
    return (await isExecutableFile(command)) ? command : null;
  }
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter);
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs.filter(Boolean)) {
    for (const ext of exts) {
      const candidate = join(dir, command + ext);
      if (await isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function isDir(path: string): Promise<boolean> {
  return stat(path)
    .then((s) => s.isDirectory())
    .catch(() => false);
}
