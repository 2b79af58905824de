import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiIndexService, loadApiIndex } from './api-index-service';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-api-index-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const installed = {
  format: 1,
  pychrono_version: '10.0.0',
  source: 'installed',
  modules: {
    'pychrono.core': {
      ChBody: {
        kind: 'class',
        bases: [],
        members: ['SetPos'],
        signatures: { SetPos: ['(self, p)'] },
      },
      GetChronoDataFile: { kind: 'function', signatures: ['(name: str) -> str'] },
      CH_PI: { kind: 'constant', value: 3.14159 },
      VNULL: { kind: 'constant', type: 'ChVector3d' },
      // As the probe's introspection writes instances: by their type.
      QUNIT: { kind: 'ChQuaterniond' },
      cvar: { kind: 'unknown' },
      weakref: { kind: 'module' },
    },
  },
};

describe('the API index', () => {
  it('the bundled index is the 9.0.1 one, validated', async () => {
    const index = await new ApiIndexService().current();
    expect(index).toMatchObject({ format: 1, pychrono_version: '9.0.1', source: 'bundled' });
    expect(Object.keys(index.modules)).toEqual(
      expect.arrayContaining([
        'pychrono.core',
        'pychrono.fea',
        'pychrono.vehicle',
        'pychrono.irrlicht',
        'pychrono.robot',
      ]),
    );
    expect(index.modules['pychrono.core'].ChBodyEasyBox).toMatchObject({
      kind: 'class',
      bases: ['ChBody'],
    });
    expect(index.modules['pychrono.core'].VNULL).toEqual({ kind: 'constant', type: 'ChVector3d' });
  });

  it('uses an installed index when the probe has one, and caches it until it changes', async () => {
    const path = join(dir, 'installed.json');
    await writeFile(path, JSON.stringify(installed));
    const service = new ApiIndexService({ installedIndexPath: () => path });
    const first = await service.current();
    expect(first.pychrono_version).toBe('10.0.0');
    expect(first.modules['pychrono.core'].QUNIT).toEqual({
      kind: 'constant',
      type: 'ChQuaterniond',
    });
    expect(first.modules['pychrono.core'].cvar).toEqual({ kind: 'constant' });
    expect(await service.current()).toBe(first);
    await writeFile(path, JSON.stringify({ ...installed, pychrono_version: '10.0.1' }));
    expect((await service.current()).pychrono_version).toBe('10.0.1');
  });

  it('falls back to the bundled index, once warned, when the installed one is broken', async () => {
    const path = join(dir, 'broken.json');
    await writeFile(path, JSON.stringify({ ...installed, format: 2 }));
    const warnings: string[] = [];
    const service = new ApiIndexService({
      installedIndexPath: () => path,
      warn: (m) => warnings.push(m),
    });
    expect((await service.current()).source).toBe('bundled');
    await service.current();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/broken.json is not valid at format/);
  });

  it('says what is wrong with a file', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{ not json');
    await expect(loadApiIndex(bad)).rejects.toThrow(/bad.json is not JSON/);
    await writeFile(
      bad,
      JSON.stringify({ ...installed, modules: { 'pychrono.core': { X: { kind: 'class' } } } }),
    );
    await expect(loadApiIndex(bad)).rejects.toThrow(/not valid at modules.pychrono.core.X.bases/);
    await expect(loadApiIndex(join(dir, 'missing.json'))).rejects.toThrow(/cannot be read/);
  });

  it('answers api.index for the host', async () => {
    const service = new ApiIndexService();
    const index = await service.handlers()['api.index']({}, { owner: 'test' });
    expect(index.source).toBe('bundled');
  });
});
