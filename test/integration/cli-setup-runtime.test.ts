// `npm run setup:runtime` with a stand-in micromamba on PATH, and with none at all.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOUBLE, PYTHON, ROOT } from './runtime-helpers';

let dir: string;
const TASKS = join(ROOT, '..', 'shared', 'simbench', 'tasks');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-setup-'));
  // A micromamba that logs its arguments, lists the environments it made, and "creates"
  // one (`create -y -n NAME -f FILE`) by linking the test Python into <root>/envs/NAME/bin.
  await writeFile(
    join(dir, 'micromamba'),
    `#!/bin/sh
echo "$*" >> "${dir}/calls.log"
if [ "$1" = env ] && [ "$2" = list ]; then
  printf '{"envs": ["${dir}"'
  for env in "${dir}"/envs/*; do [ -d "$env" ] && printf ', "%s"' "$env"; done
  echo ']}'
  exit 0
fi
if [ "$1" = create ]; then
  mkdir -p "${dir}/envs/$4/bin"
  ln -s "${PYTHON}" "${dir}/envs/$4/bin/python"
fi
`,
  );
  await chmod(join(dir, 'micromamba'), 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function setup(
  path: string,
  args: string[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'scripts', 'setup-runtime.mjs'), ...args],
      {
        cwd: ROOT,
        env: { PATH: path, HOME: dir, PYTHONPATH: DOUBLE },
        timeout: 60_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(process.platform === 'win32')('npm run setup:runtime', () => {
  it('says what to install when no conda, mamba or micromamba is there', async () => {
    const r = await setup(join(dir, 'nothing-here'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No conda, mamba or micromamba found/);
    expect(r.stderr).toMatch(/Miniforge/);
    expect(r.stderr).toContain('env create -n twinforge-pychrono -f');
  });

  it('creates the environment from environment.yml and says how to point TwinForge at it', async () => {
    const r = await setup([dir, '/usr/bin', '/bin'].join(delimiter));
    expect(r.code).toBe(0);
    const calls = await readFile(join(dir, 'calls.log'), 'utf8');
    expect(calls).toContain(
      `create -y -n twinforge-pychrono -f ${join(ROOT, 'python-runtime', 'environment.yml')}`,
    );
    const python = join(dir, 'envs', 'twinforge-pychrono', 'bin', 'python');
    expect(r.stdout).toContain(`export TWINFORGE_PYTHON=${python}`);
    expect(r.stdout).toMatch(/pychrono 9\.0\.1 with Python 3\./);
  });

  it('updates the environment when it exists already', async () => {
    const r = await setup([dir, '/usr/bin', '/bin'].join(delimiter));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Updating the conda environment "twinforge-pychrono"/);
    const calls = await readFile(join(dir, 'calls.log'), 'utf8');
    expect(calls).toContain('install -y -n twinforge-pychrono -f');
  });

  it('creates the core flavour from environment-core.yml and says what each flavour runs', async () => {
    const r = await setup([dir, '/usr/bin', '/bin'].join(delimiter), ['--flavour', 'core']);
    expect(r.code).toBe(0);
    const calls = await readFile(join(dir, 'calls.log'), 'utf8');
    expect(calls).toContain(
      `create -y -n twinforge-pychrono-core -f ${join(ROOT, 'python-runtime', 'environment-core.yml')}`,
    );
    expect(r.stdout).toContain('(the core flavour, environment-core.yml)');
    // What the new environment has, as its probe found (here: the pychrono double).
    expect(r.stdout).toMatch(/modules that import: core, fea, vehicle, robot/);
    expect(r.stdout).toMatch(
      /^ {2}full: .*\n {4}modules: core, fea, vehicle, robot, irrlicht, pardisomkl, sensor$/m,
    );
    expect(r.stdout).toMatch(/^ {2}core: .*\n {4}modules: core, fea$/m);
  });

  it.skipIf(!existsSync(TASKS))(
    'counts what each flavour runs from the SimBench reference scripts',
    async () => {
      const r = await setup(join(dir, 'nothing-here'));
      const total = readdirSync(TASKS).flatMap((t) =>
        readdirSync(join(TASKS, t)).filter((n) => /^truth\d+\.py$/.test(n)),
      ).length;
      const vehicle = readdirSync(TASKS).flatMap((t) =>
        readdirSync(join(TASKS, t))
          .filter((n) => /^truth\d+\.py$/.test(n))
          .filter((n) => readFileSync(join(TASKS, t, n), 'utf8').includes('pychrono.vehicle')),
      ).length;
      expect(r.stderr).toContain(`no pychrono.vehicle — ${vehicle} of the ${total} need it`);
      expect(r.stderr).toMatch(
        new RegExp(
          `full: .*\\n.*\\n.*\\n.*\\n {4}runs \\d+ of the ${total} SimBench reference scripts`,
        ),
      );
    },
  );

  it('refuses an unknown flavour', async () => {
    const r = await setup(join(dir, 'nothing-here'), ['--flavour', 'tiny']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--flavour is full or core, not "tiny"');
  });
});
