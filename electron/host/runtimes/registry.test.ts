import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstalledRuntime } from '../../common/contract/runtimes';
import { readRegistry, readStamp, writeRegistry, writeStamp } from './registry';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-registry-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const runtime: InstalledRuntime = {
  id: 'pychrono-full-9.0.1-1',
  name: 'pychrono-full',
  version: '9.0.1-1',
  flavour: 'full',
  path: '/x/runtimes/pychrono-full-9.0.1-1',
  python: '/x/runtimes/pychrono-full-9.0.1-1/bin/python',
  pythonVersion: '3.12.7',
  pychrono: '9.0.1',
  modules: {
    core: true,
    fea: true,
    vehicle: true,
    robot: true,
    sensor: false,
    irrlicht: true,
    pardisomkl: true,
    ros: false,
  },
  os: 'linux',
  arch: 'x64',
  sha256: 'a'.repeat(64),
  size: 1,
  unpackedSize: 2,
  source: '/media/usb/pychrono-full.tar.gz',
  installedAt: '2026-01-01T00:00:00.000Z',
};

describe('runtimes.json', () => {
  it('reads back what was written, leaving no temporary file', async () => {
    const file = join(dir, 'runtimes.json');
    await writeRegistry(file, { selected: runtime.id, runtimes: [runtime] });
    expect((await readRegistry(file)).registry).toEqual({
      selected: runtime.id,
      runtimes: [runtime],
    });
    expect(await readdir(dir)).toEqual(['runtimes.json']);
    expect(JSON.parse(await readFile(file, 'utf8')).format).toBe(1);
  });

  it('is empty when missing', async () => {
    expect(await readRegistry(join(dir, 'runtimes.json'))).toEqual({
      registry: { selected: null, runtimes: [] },
      problem: null,
    });
  });

  it('keeps an unreadable file aside and says so', async () => {
    const file = join(dir, 'runtimes.json');
    await writeFile(file, '{"format": 1, "selec');
    const { registry, problem } = await readRegistry(file);
    expect(registry.runtimes).toEqual([]);
    expect(problem).toMatch(/was unreadable; it was kept as .*runtimes\.json\.corrupt/);
    expect(existsSync(`${file}.corrupt`)).toBe(true);
  });

  it('keeps a record inside the runtime folder too', async () => {
    await writeStamp(dir, runtime);
    expect(await readStamp(dir)).toEqual(runtime);
    expect(await readStamp(join(dir, 'nothing'))).toBeNull();
  });
});
