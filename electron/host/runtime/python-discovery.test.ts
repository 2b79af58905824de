import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PythonNotUsableError, findPython } from './python-discovery';

let root: string;
let home: string;
let bin: string;

async function fakeExecutable(path: string): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, '#!/bin/sh\n');
  await chmod(path, 0o755);
  return path;
}

/** A conda environment with its interpreter, and pychrono installed when asked. */
async function fakeEnv(prefix: string, withPychrono: boolean): Promise<string> {
  const python = await fakeExecutable(join(prefix, 'bin', 'python'));
  if (withPychrono) {
    await mkdir(join(prefix, 'lib', 'python3.11', 'site-packages', 'pychrono'), {
      recursive: true,
    });
  }
  return python;
}

const noConda = async () => [];
const systemCondaRoots: string[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tf-discovery-'));
  home = join(root, 'home');
  bin = join(root, 'bin');
  await mkdir(home, { recursive: true });
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('findPython', () => {
  it('prefers the command line, then the setting, then TWINFORGE_PYTHON', async () => {
    const a = await fakeExecutable(join(root, 'a', 'python'));
    const b = await fakeExecutable(join(root, 'b', 'python'));
    const c = await fakeExecutable(join(root, 'c', 'python'));
    const env = { TWINFORGE_PYTHON: c, PATH: bin };
    const base = {
      env,
      home,
      platform: 'linux' as const,
      listCondaEnvs: noConda,
      systemCondaRoots,
    };
    expect(await findPython({ ...base, override: a, setting: b })).toEqual({
      python: a,
      source: 'command line',
    });
    expect(await findPython({ ...base, setting: b })).toEqual({ python: b, source: 'setting' });
    expect(await findPython({ ...base, setting: '' })).toEqual({
      python: c,
      source: 'TWINFORGE_PYTHON',
    });
  });

  it('refuses an explicit interpreter that does not exist rather than picking another', async () => {
    await fakeExecutable(join(bin, 'python3'));
    await expect(
      findPython({
        setting: join(root, 'missing', 'python'),
        env: { PATH: bin },
        home,
        listCondaEnvs: noConda,
        systemCondaRoots,
      }),
    ).rejects.toThrow(PythonNotUsableError);
  });

  it('takes the selected runtime after TWINFORGE_PYTHON and before conda environments', async () => {
    const runtimePython = await fakeEnv(join(root, 'runtimes', 'pychrono-full-9.0.1'), true);
    const fromEnv = await fakeExecutable(join(root, 'env', 'python'));
    await fakeEnv(join(home, 'miniforge3', 'envs', 'twinforge-pychrono'), true);
    const runtime = { id: 'pychrono-full-9.0.1', python: runtimePython };
    const base = { home, listCondaEnvs: noConda, systemCondaRoots, runtime };
    expect(await findPython({ ...base, env: { TWINFORGE_PYTHON: fromEnv } })).toEqual({
      python: fromEnv,
      source: 'TWINFORGE_PYTHON',
    });
    expect(await findPython({ ...base, env: {} })).toEqual({
      python: runtimePython,
      source: 'runtime',
    });
  });

  it('refuses a selected runtime whose interpreter is gone, naming the fix', async () => {
    await fakeEnv(join(home, 'miniforge3', 'envs', 'twinforge-pychrono'), true);
    const runtime = { id: 'pychrono-full-9.0.1', python: join(root, 'gone', 'bin', 'python') };
    await expect(
      findPython({ env: {}, home, listCondaEnvs: noConda, systemCondaRoots, runtime }),
    ).rejects.toThrow(
      /selected runtime pychrono-full-9\.0\.1 has no interpreter .* install it again, or remove it/,
    );
  });

  it('takes a conda environment with pychrono before python3 on PATH', async () => {
    await fakeExecutable(join(bin, 'python3'));
    await fakeEnv(join(home, 'miniforge3', 'envs', 'plain'), false);
    const chrono = await fakeEnv(join(home, 'miniforge3', 'envs', 'sim'), true);
    expect(
      await findPython({ env: { PATH: bin }, home, listCondaEnvs: noConda, systemCondaRoots }),
    ).toEqual({
      python: chrono,
      source: 'conda',
    });
  });

  it('prefers the active environment, then one named twinforge', async () => {
    const active = await fakeEnv(join(root, 'active'), true);
    const named = await fakeEnv(join(home, 'micromamba', 'envs', 'twinforge-pychrono'), false);
    await fakeEnv(join(home, 'micromamba', 'envs', 'another'), true);
    const base = { home, listCondaEnvs: noConda, systemCondaRoots };
    expect(
      (await findPython({ ...base, env: { CONDA_PREFIX: join(root, 'active') } }))?.python,
    ).toBe(active);
    // An active environment without pychrono (conda's base, usually) is passed over.
    await fakeEnv(join(root, 'base'), false);
    expect((await findPython({ ...base, env: { CONDA_PREFIX: join(root, 'base') } }))?.python).toBe(
      named,
    );
  });

  it('finds environments that conda lists outside the well-known folders', async () => {
    const python = await fakeEnv(join(root, 'elsewhere', 'chrono-env'), true);
    const found = await findPython({
      env: {},
      home,
      listCondaEnvs: async () => [join(root, 'elsewhere', 'chrono-env')],
      systemCondaRoots,
    });
    expect(found).toEqual({ python, source: 'conda' });
  });

  it('falls back to python3, then python, on PATH', async () => {
    const python = await fakeExecutable(join(bin, 'python'));
    const env = { PATH: bin };
    expect(await findPython({ env, home, listCondaEnvs: noConda, systemCondaRoots })).toEqual({
      python,
      source: 'PATH',
    });
    const python3 = await fakeExecutable(join(bin, 'python3'));
    expect(
      (await findPython({ env, home, listCondaEnvs: noConda, systemCondaRoots }))?.python,
    ).toBe(python3);
  });

  it('returns null when there is no interpreter at all', async () => {
    expect(
      await findPython({ env: { PATH: bin }, home, listCondaEnvs: noConda, systemCondaRoots }),
    ).toBeNull();
  });

  it('resolves a bare command name given as TWINFORGE_PYTHON on PATH', async () => {
    const python = await fakeExecutable(join(bin, 'python3.11'));
    expect(
      await findPython({
        env: { PATH: bin, TWINFORGE_PYTHON: 'python3.11' },
        home,
        listCondaEnvs: noConda,
        systemCondaRoots,
      }),
    ).toEqual({ python, source: 'TWINFORGE_PYTHON' });
  });
});
