// `npm run setup:runtime [-- --flavour full|core]`: creates (or updates) a conda
// environment for TwinForge with micromamba, mamba or conda, whichever is installed: the
// full PyChrono (python-runtime/environment.yml, the default) or the lean core one
// (python-runtime/environment-core.yml). Says which modules each flavour has, what share of
// the SimBench reference scripts each runs (when ../shared is there), and how to point
// TwinForge at the result. With no conda tool installed, says what to install.
// `--dry-run` prints the commands without running them.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { basename, delimiter, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FLAVOURS, coverage, describeFlavours, referenceScripts } from './runtime-flavours.mjs';

const root = resolve(import.meta.dirname, '..');
let options;
try {
  ({ values: options } = parseArgs({
    options: {
      flavour: { type: 'string', default: 'full' },
      'dry-run': { type: 'boolean', default: false },
    },
  }));
} catch (err) {
  console.error(`setup:runtime: ${err.message}`);
  process.exit(2);
}
const flavour = options.flavour;
if (!Object.hasOwn(FLAVOURS, flavour)) {
  console.error(`setup:runtime: --flavour is full or core, not "${flavour}"`);
  process.exit(2);
}
const envFile = join(root, 'python-runtime', FLAVOURS[flavour].file);
const tasksDir = resolve(root, '..', 'shared', 'simbench', 'tasks');
const scripts = referenceScripts(tasksDir);
// The environment's name is the file's own `name:` (TwinForge finds envs named twinforge*).
const ENV_NAME = existsSync(envFile)
  ? (/^name:\s*(\S+)/m.exec(readFileSync(envFile, 'utf8'))?.[1] ?? 'twinforge')
  : 'twinforge';
const dryRun = options['dry-run'];
const windows = process.platform === 'win32';

function which(command) {
  if (!command) return null;
  if (command.includes('/') || command.includes('\\'))
    return isExecutable(command) ? command : null;
  const exts = windows ? (process.env.PATHEXT ?? '.EXE;.BAT;.CMD').split(';') : [''];
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const ext of exts) {
      const candidate = join(dir, command + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first installed tool, micromamba before mamba before conda (fastest first). */
function findTool() {
  const candidates = [
    [
      'micromamba',
      process.env.MAMBA_EXE && basename(process.env.MAMBA_EXE).startsWith('micromamba')
        ? process.env.MAMBA_EXE
        : 'micromamba',
    ],
    ['mamba', 'mamba'],
    ['conda', process.env.CONDA_EXE || 'conda'],
  ];
  for (const [kind, command] of candidates) {
    const exe = which(command) ?? (command !== kind ? which(kind) : null);
    if (exe) return { kind, exe };
  }
  return null;
}

function envPrefix(tool) {
  const r = spawnSync(tool.exe, ['env', 'list', '--json'], { encoding: 'utf8' });
  try {
    const envs = JSON.parse(r.stdout).envs ?? [];
    return envs.find((p) => basename(p) === ENV_NAME) ?? null;
  } catch {
    return null;
  }
}

function createArgs(tool, exists) {
  if (tool.kind === 'micromamba') {
    return exists
      ? ['install', '-y', '-n', ENV_NAME, '-f', envFile]
      : ['create', '-y', '-n', ENV_NAME, '-f', envFile];
  }
  return exists
    ? ['env', 'update', '-n', ENV_NAME, '-f', envFile, '--prune']
    : ['env', 'create', '-n', ENV_NAME, '-f', envFile];
}

function run(exe, args) {
  console.log(`$ ${[exe, ...args].map(quote).join(' ')}`);
  if (dryRun) return 0;
  return spawnSync(exe, args, { stdio: 'inherit' }).status ?? 1;
}

function quote(arg) {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

if (!existsSync(envFile)) {
  console.error(`Missing ${envFile}: this checkout has no environment file to build from.`);
  process.exit(1);
}

const tool = findTool();
if (!tool) {
  console.error(`No conda, mamba or micromamba found.

Install Miniforge (conda-forge's installer; it brings conda and mamba):
  Linux, macOS:
    curl -L -O "https://github.com/conda-forge/miniforge/releases/latest/download/Miniforge3-$(uname)-$(uname -m).sh"
    bash "Miniforge3-$(uname)-$(uname -m).sh"
  Windows: run Miniforge3-Windows-x86_64.exe from https://github.com/conda-forge/miniforge/releases/latest

Then open a new terminal and run \`npm run setup:runtime\` again, or by hand:
  mamba env create -n ${ENV_NAME} -f ${envFile}

Or install a prebuilt runtime pack, no conda needed: Help > Simulation Runtime in the app,
or \`npx twinforge runtime install --from PACK.tar.gz\`.

The flavours:
${describeFlavours(scripts, tasksDir)}`);
  process.exit(1);
}

const existing = envPrefix(tool);
console.log(
  `${existing ? 'Updating' : 'Creating'} the conda environment "${ENV_NAME}" (the ${flavour} flavour, ${FLAVOURS[flavour].file}) with ${tool.kind} (${tool.exe}).`,
);
const status = run(tool.exe, createArgs(tool, Boolean(existing)));
if (status !== 0) {
  console.error(`\n${tool.kind} failed (exit code ${status}); the messages above say why.`);
  process.exit(status);
}
const prefix = envPrefix(tool) ?? existing;
const python = prefix
  ? windows
    ? join(prefix, 'python.exe')
    : join(prefix, 'bin', 'python')
  : null;
if (dryRun) {
  console.log(`\nThe flavours:\n${describeFlavours(scripts, tasksDir)}`);
  console.log('\n(dry run: nothing was changed)');
  process.exit(0);
}
if (!python) {
  console.error(
    `\nThe environment was built but ${tool.kind} does not list it; look for "${ENV_NAME}" in \`${tool.kind} env list\`.`,
  );
  process.exit(1);
}

// Check that the bridge sees pychrono in the new environment.
const probe = spawnSync(python, ['-m', 'twinforge_bridge', 'probe'], {
  encoding: 'utf8',
  env: {
    ...process.env,
    PYTHONPATH: [process.env.PYTHONPATH, join(root, 'python-runtime')]
      .filter(Boolean)
      .join(delimiter),
  },
});
let summary = 'the probe did not answer';
try {
  const found = JSON.parse(probe.stdout.trim().split('\n').at(-1));
  summary = found.pychronoFound
    ? `pychrono ${found.pychrono ?? 'of unknown version'} with Python ${found.pythonVersion}`
    : (found.problem ?? 'no pychrono');
  if (found.pychrono) {
    const modules = Object.entries(found.modules ?? {})
      .filter(([, ok]) => ok)
      .map(([m]) => m);
    summary += `\n  modules that import: ${modules.join(', ') || 'none'}`;
    if (scripts.length > 0) {
      const { runs, total, missing } = coverage(scripts, modules);
      const stops = missing.map(([m, n]) => `${n} need pychrono.${m}`).join(', ');
      summary += `\n  runs ${runs} of the ${total} SimBench reference scripts${stops ? ` (${stops})` : ''}`;
    }
  }
} catch {
  summary = probe.stderr.trim().split('\n').at(-1) || summary;
}

console.log(`
The environment is ready: ${prefix}
  ${summary}

The flavours (npm run setup:runtime -- --flavour full|core):
${describeFlavours(scripts, tasksDir)}

TwinForge finds a conda environment named "${ENV_NAME}" by itself (it looks for twinforge*). To choose it explicitly:
  ${windows ? `set TWINFORGE_PYTHON=${python}` : `export TWINFORGE_PYTHON=${python}`}
or put ${python} in Settings > Python interpreter.
Try it: npx twinforge run my_script.py --sim-time 1`);
