// Builds a PyChrono runtime pack for this OS and CPU where conda is available (a build
// machine or CI runner per OS): creates a fresh environment from the flavour's lock file
// (or its environment file, writing the lock), packs it with conda-pack, installs the pack
// into a scratch folder as TwinForge would (extract, conda-unpack), smoke-tests it with the
// bridge's probe, and writes the pack's manifest into the output folder's runtime-pack.json.
// See python-runtime/README.md, "Runtime packs". Not run by the tests of this repository.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { x as extract } from 'tar';
import { FLAVOURS } from './runtime-flavours.mjs';

const USAGE = `Usage: node scripts/build-runtime-pack.mjs [options]

Options:
  --flavour full|core   which environment (default full: python-runtime/environment.yml)
  --lock FILE           an explicit lock (conda list --explicit); default
                        <locks>/<flavour>-<platform>.txt when it exists
  --locks DIR           where the lock of what was built is written (default
                        python-runtime/locks)
  --build N             the pack's build number, in its version <pychrono>-<N> (default 1)
  --out DIR             where the pack and runtime-pack.json go (default
                        runtime-packs/<os>-<arch>, os as electron-builder names it: linux,
                        mac, win; what electron-builder.yml ships in an offline installer)
  --tool PATH           micromamba, mamba or conda (default: the first on PATH)
  --conda-pack PATH     conda-pack (default: conda-pack on PATH, else \`conda pack\`)
  -h, --help`;

const root = resolve(import.meta.dirname, '..');
const windows = process.platform === 'win32';
/** electron-builder's name of this OS (its \${os} macro). */
const BUILDER_OS = { darwin: 'mac', win32: 'win' }[process.platform] ?? process.platform;
/** conda's name of this platform, for the lock file's name. */
const SUBDIR = {
  'linux-x64': 'linux-64',
  'linux-arm64': 'linux-aarch64',
  'darwin-x64': 'osx-64',
  'darwin-arm64': 'osx-arm64',
  'win32-x64': 'win-64',
}[`${process.platform}-${process.arch}`];

function fail(message) {
  console.error(`build-runtime-pack: ${message}`);
  process.exit(1);
}

function which(command) {
  if (!command) return null;
  if (command.includes('/') || command.includes('\\')) return existsSync(command) ? command : null;
  const exts = windows ? (process.env.PATHEXT ?? '.EXE;.BAT;.CMD').split(';') : [''];
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const ext of exts)
      if (existsSync(join(dir, command + ext))) return join(dir, command + ext);
  }
  return null;
}

function run(exe, args, options = {}) {
  console.log(`$ ${[exe, ...args].join(' ')}`);
  const r = spawnSync(exe, args, {
    stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    env: options.env ?? process.env,
  });
  if (r.status !== 0)
    fail(
      `${basename(exe)} failed (exit code ${r.status ?? r.signal}); the messages above say why.`,
    );
  return r.stdout ?? '';
}

function envPython(prefix) {
  return windows ? join(prefix, 'python.exe') : join(prefix, 'bin', 'python');
}

async function sizeOf(dir) {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await sizeOf(path);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}

function sha256(file) {
  return new Promise((done, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => done(hash.digest('hex')))
      .on('error', reject);
  });
}

const { values } = parseArgs({
  options: {
    flavour: { type: 'string', default: 'full' },
    lock: { type: 'string' },
    locks: { type: 'string' },
    build: { type: 'string', default: '1' },
    out: { type: 'string' },
    tool: { type: 'string' },
    'conda-pack': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const flavour = FLAVOURS[values.flavour];
if (!flavour) fail(`--flavour is full or core, not "${values.flavour}"`);
if (!/^\d+$/.test(values.build)) fail(`--build is a number, not "${values.build}"`);
if (!SUBDIR) fail(`no conda platform for ${process.platform}-${process.arch}`);

const tool = values.tool ?? ['micromamba', 'mamba', 'conda'].map(which).find(Boolean);
if (!tool || !which(tool))
  fail('no micromamba, mamba or conda found (install Miniforge, or give --tool)');
const kind = basename(tool).replace(/\.(exe|bat)$/i, '');
const condaPack = values['conda-pack'] ?? which('conda-pack');
const condaPackArgs = condaPack ? [] : ['pack'];
const condaPackExe = condaPack ?? which('conda');
if (!condaPackExe)
  fail(
    'no conda-pack found: install it (mamba install -n base -c conda-forge conda-pack) or give --conda-pack',
  );

const envFile = join(root, 'python-runtime', flavour.file);
const locks = resolve(values.locks ?? join(root, 'python-runtime', 'locks'));
const defaultLock = join(locks, `${values.flavour}-${SUBDIR}.txt`);
const lock = values.lock ? resolve(values.lock) : existsSync(defaultLock) ? defaultLock : null;
const out = resolve(values.out ?? join(root, 'runtime-packs', `${BUILDER_OS}-${process.arch}`));
mkdirSync(out, { recursive: true });

// A prefix without spaces, so that the build's own paths cannot break the environment.
const scratchRoot = windows ? 'C:\\Temp' : tmpdir();
if (/\s/.test(scratchRoot))
  fail(`the temporary folder ${scratchRoot} has a space; set TMPDIR to one without`);
mkdirSync(scratchRoot, { recursive: true });
const work = await mkdtemp(join(scratchRoot, 'tf-pack-'));
const prefix = join(work, 'env');
try {
  // 1. The environment: exactly the lock's packages, or solved from the environment file.
  if (lock) {
    console.log(`Creating the ${values.flavour} environment from the lock ${lock}`);
    run(
      tool,
      kind === 'micromamba'
        ? ['create', '-y', '-p', prefix, '-f', lock]
        : ['create', '-y', '-p', prefix, '--file', lock],
    );
  } else {
    console.log(
      `Creating the ${values.flavour} environment from ${envFile} (no lock for ${SUBDIR} yet)`,
    );
    run(
      tool,
      kind === 'micromamba'
        ? ['create', '-y', '-p', prefix, '-f', envFile]
        : ['env', 'create', '-p', prefix, '-f', envFile],
    );
  }
  // The lock of what was built: commit it to rebuild this very environment later.
  const explicit = run(
    tool,
    kind === 'micromamba'
      ? ['env', 'export', '-p', prefix, '--explicit', '--md5']
      : ['list', '-p', prefix, '--explicit', '--md5'],
    { capture: true },
  );
  mkdirSync(locks, { recursive: true });
  writeFileSync(defaultLock, explicit);

  // 2. The pack.
  const scratchPack = join(work, 'pack.tar.gz');
  run(condaPackExe, [...condaPackArgs, '-p', prefix, '-o', scratchPack, '--format', 'tar.gz']);

  // 3. Installed as TwinForge installs it, in a folder of its own, then probed.
  const trial = join(work, 'trial');
  mkdirSync(trial);
  await extract({ file: scratchPack, cwd: trial, preserveOwner: false });
  const unpack = windows
    ? join(trial, 'Scripts', 'conda-unpack-script.py')
    : join(trial, 'bin', 'conda-unpack');
  if (!existsSync(unpack)) fail(`the pack has no ${unpack}: is conda-pack too old?`);
  run(envPython(trial), [unpack]);
  const probeEnv = { ...process.env, PYTHONPATH: join(root, 'python-runtime') };
  delete probeEnv.PYTHONHOME;
  const probeOut = run(envPython(trial), ['-m', 'twinforge_bridge', 'probe'], {
    capture: true,
    env: probeEnv,
  });
  const probe = JSON.parse(probeOut.trim().split('\n').at(-1));
  if (!probe.pychrono) fail(`the packed environment cannot use pychrono: ${probe.problem}`);
  const missing = flavour.modules.filter((m) => !probe.modules[m]);
  console.log(
    `Probe: pychrono ${probe.pychrono}, Python ${probe.pythonVersion}; modules: ${Object.keys(
      probe.modules,
    )
      .filter((m) => probe.modules[m])
      .join(', ')}`,
  );
  if (missing.length)
    console.log(
      `Note: ${missing.join(', ')} do not import on this build machine (${flavour.caveats.join('; ') || 'see the probe'}).`,
    );

  // 4. Named and described.
  const name = `pychrono-${values.flavour}`;
  const version = `${probe.pychrono}-${values.build}`;
  const file = `${name}-${version}-${process.platform}-${process.arch}.tar.gz`;
  const packPath = join(out, file);
  copyFileSync(scratchPack, packPath);
  writeFileSync(`${packPath}.lock.txt`, explicit);
  const manifest = {
    format: 1,
    name,
    version,
    os: process.platform,
    arch: process.arch,
    python: probe.pythonVersion,
    pychrono: probe.pychrono,
    modules: probe.modules,
    file,
    sha256: await sha256(packPath),
    size: (await stat(packPath)).size,
    unpackedSize: await sizeOf(trial),
    layout: 'conda-pack',
    flavour: values.flavour,
    builtAt: new Date().toISOString(),
  };
  // One runtime-pack.json per folder, listing every pack in it (other OSes and flavours too).
  const indexPath = join(out, 'runtime-pack.json');
  let packs = [];
  if (existsSync(indexPath)) {
    const existing = JSON.parse(readFileSync(indexPath, 'utf8'));
    packs = (existing.packs ?? [existing]).filter(
      (p) => !(p.name === name && p.os === manifest.os && p.arch === manifest.arch),
    );
  }
  packs.push(manifest);
  writeFileSync(
    indexPath,
    `${JSON.stringify(packs.length === 1 ? manifest : { format: 1, packs }, null, 2)}\n`,
  );
  console.log(`
Built ${packPath}
  ${(manifest.size / 1e6).toFixed(0)} MB, ${(manifest.unpackedSize / 1e6).toFixed(0)} MB unpacked, sha256 ${manifest.sha256}
  manifest: ${indexPath}
  lock: ${defaultLock} (commit it to rebuild exactly this environment)
Install it with: npx twinforge runtime install --from ${packPath}`);
} finally {
  await rm(work, { recursive: true, force: true });
}
