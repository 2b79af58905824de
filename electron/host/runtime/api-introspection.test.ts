import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiIntrospection } from './api-introspection';
import { bridgeEnv } from './child-env';
import { probePython } from './probe';

const ROOT = resolve(__dirname, '../../..');
const RUNTIME = join(ROOT, 'python-runtime');
const DOUBLE = join(ROOT, 'test/fixtures/pychrono-double');
const python =
  process.env.TWINFORGE_TEST_PYTHON ??
  execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

let dir: string;
let build: string;
let cacheDir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-api-index-'));
  cacheDir = join(dir, 'user-data', 'api-index');
  // A pychrono built from source: no metadata, so only its files tell one build from another.
  build = join(dir, 'build');
  await cp(join(DOUBLE, 'pychrono'), join(build, 'pychrono'), { recursive: true });
  await cp(join(DOUBLE, 'data'), join(build, 'data'), { recursive: true });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function introspection(pythonPath: string) {
  const env = bridgeEnv(
    { ...process.env, PYTHONPATH: pythonPath, PYTHONDONTWRITEBYTECODE: '1' },
    RUNTIME,
  );
  return {
    api: new ApiIntrospection({ cacheDir, env, pythonRuntimeDir: RUNTIME }),
    probe: () => probePython({ python, source: 'PATH' }, env),
  };
}

describe('ApiIntrospection.installedIndexPath', () => {
  it("builds the index of the user's pychrono once, in the user-data folder", async () => {
    const { api, probe } = introspection(DOUBLE);
    const probed = await probe();
    const path = await api.installedIndexPath(probed);
    expect(path?.startsWith(cacheDir)).toBe(true);
    const index = JSON.parse(await readFile(path as string, 'utf8')) as {
      format: number;
      source: string;
      pychrono_version: string | null;
      modules: Record<string, Record<string, { kind: string }>>;
    };
    expect(index).toMatchObject({ format: 1, source: 'installed', pychrono_version: '9.0.1' });
    expect(index.modules['pychrono.core'].ChSystemNSC.kind).toBe('class');
    const built = (await stat(path as string)).mtimeMs;
    // A second host (a new session) finds the cached file and does not rebuild it.
    const again = await introspection(DOUBLE).api.installedIndexPath(probed);
    expect(again).toBe(path);
    expect((await stat(path as string)).mtimeMs).toBe(built);
  });

  it('rebuilds when a build from source changes, keeping one index per interpreter', async () => {
    const { api, probe } = introspection(build);
    const probed = await probe();
    expect(probed.pychrono).toBeNull();
    const first = await api.installedIndexPath(probed);
    expect(first).not.toBeNull();
    const later = new Date(Date.now() + 60_000);
    await utimes(join(build, 'pychrono', 'core.py'), later, later);
    const second = await api.installedIndexPath(probed);
    expect(second).not.toBe(first);
    expect(await readdir(cacheDir)).toEqual([second?.slice(cacheDir.length + 1)]);
  });

  it('gives null without pychrono, and says why when the index cannot be built', async () => {
    const { api, probe } = introspection('');
    expect(await api.installedIndexPath(await probe())).toBeNull();
    // A probe that found pychrono where the interpreter now has none.
    const stale = { ...(await introspection(DOUBLE).probe()) };
    expect(await api.installedIndexPath(stale)).toBeNull();
    expect(api.lastProblem).toContain('pychrono cannot be imported');
  });
});
