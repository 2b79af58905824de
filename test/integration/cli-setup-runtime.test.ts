// `npm run setup:runtime` with a stand-in micromamba on PATH, and with none at all.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOUBLE, PYTHON, ROOT } from './runtime-helpers';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-setup-'));
  // A micromamba that logs its arguments, lists the environments it made, and "creates"
  // one by linking the test Python into <root>/envs/<name>/bin/python.
  await writeFile(
    join(dir, 'micromamba'),
    `#!/bin/sh
echo "$*" >> "${dir}/calls.log"
if [ "$1" = env ] && [ "$2" = list ]; then
  if [ -d "${dir}/envs/twinforge-pychrono" ]; then
    echo '{"envs": ["${dir}", "${dir}/envs/twinforge-pychrono"]}'
  else
    echo '{"envs": ["${dir}"]}'
  fi
  exit 0
fi
if [ "$1" = create ]; then
  mkdir -p "${dir}/envs/twinforge-pychrono/bin"
  ln -s "${PYTHON}" "${dir}/envs/twinforge-pychrono/bin/python"
fi
`,
  );
  await chmod(join(dir, 'micromamba'), 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function setup(path: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'scripts', 'setup-runtime.mjs')],
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
});
