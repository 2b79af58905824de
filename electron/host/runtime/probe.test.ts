import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeEnv } from './child-env';
import { probePython } from './probe';

const ROOT = resolve(__dirname, '../../..');
const RUNTIME = join(ROOT, 'python-runtime');
const DOUBLE = join(ROOT, 'test/fixtures/pychrono-double');
const python =
  process.env.TWINFORGE_TEST_PYTHON ??
  execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

let build: string;

beforeAll(async () => {
  // The double as a build from source presents it (PYTHONPATH=<build>/bin): the package
  // and its data, no dist-info and no conda-meta.
  build = await realpath(await mkdtemp(join(tmpdir(), 'tf-pychrono-build-')));
  await cp(join(DOUBLE, 'pychrono'), join(build, 'pychrono'), { recursive: true });
  await cp(join(DOUBLE, 'data'), join(build, 'data'), { recursive: true });
});

afterAll(async () => {
  await rm(build, { recursive: true, force: true });
});

const probeWith = (pythonPath: string) =>
  probePython(
    { python, source: 'PATH' },
    bridgeEnv({ ...process.env, PYTHONPATH: pythonPath }, RUNTIME),
  );

describe('probePython', () => {
  it('reports an installed pychrono with its version', async () => {
    const probe = await probeWith(DOUBLE);
    expect(probe).toMatchObject({ pychrono: '9.0.1', pychronoFound: true, problem: null });
    expect(probe.pychronoPath).toBe(join(DOUBLE, 'pychrono'));
    expect(probe.modules.core).toBe(true);
  });

  it('finds a pychrono built from source, with an unknown version, never as missing', async () => {
    const probe = await probeWith(build);
    expect(probe).toMatchObject({ pychrono: null, pychronoFound: true, problem: null });
    expect(probe.pychronoPath).toBe(join(build, 'pychrono'));
    expect(probe.modules.vehicle).toBe(true);
    expect(probe.dataPath).toBe(join(build, 'data') + '/');
  });

  it('reports a Python without pychrono as such', async () => {
    const probe = await probeWith('');
    expect(probe).toMatchObject({ pychrono: null, pychronoFound: false, pychronoPath: null });
    expect(probe.problem).toContain('pychrono is not installed');
  });
});
