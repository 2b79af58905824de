import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listPacks, mirrorSource, packProblem, resolvePack } from './pack-source';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-source-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const linux = { os: 'linux', arch: 'x64' };

function manifest(overrides: Record<string, unknown> = {}) {
  const name = String(overrides.name ?? 'pychrono-full');
  const os = String(overrides.os ?? 'linux');
  return {
    format: 1,
    name,
    version: '9.0.1-1',
    os,
    arch: 'x64',
    python: '3.12.7',
    pychrono: '9.0.1',
    modules: { core: true, vehicle: true },
    file: `${name}-9.0.1-1-${os}-x64.tar.gz`,
    sha256: 'a'.repeat(64),
    size: 480_000_000,
    unpackedSize: 1_600_000_000,
    flavour: 'full',
    ...overrides,
  };
}

async function write(path: string, json: unknown) {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, JSON.stringify(json));
}

describe('resolvePack', () => {
  it('finds the manifest beside a pack file and the pack beside the manifest', async () => {
    const m = manifest();
    await write(join(dir, 'runtime-pack.json'), m);
    await writeFile(join(dir, m.file), '');
    const resolved = await resolvePack(join(dir, m.file), { machine: linux });
    expect(resolved.manifest.name).toBe('pychrono-full');
    expect(resolved.pack).toEqual({ kind: 'file', path: join(dir, m.file) });
    expect(resolved.manifestAt).toEqual({ kind: 'file', path: join(dir, 'runtime-pack.json') });
  });

  it('picks this machine’s pack from an index, the full flavour first', async () => {
    await write(join(dir, 'runtime-pack.json'), {
      format: 1,
      packs: [
        manifest({ os: 'win32' }),
        manifest({ name: 'pychrono-core', flavour: 'core', python: '3.11.9' }),
        manifest(),
      ],
    });
    expect((await resolvePack(dir, { machine: linux })).manifest.name).toBe('pychrono-full');
    const core = await resolvePack(join(dir, 'runtime-pack.json'), {
      machine: linux,
      name: 'pychrono-core',
    });
    expect(core.manifest.python).toBe('3.11.9');
  });

  it('says when there is no manifest, naming what to copy', async () => {
    await writeFile(join(dir, 'x.tar.gz'), '');
    await expect(resolvePack(join(dir, 'x.tar.gz'), { machine: linux })).rejects.toThrow(
      `No runtime-pack.json at ${join(dir, 'runtime-pack.json')}: TwinForge checks every pack against its manifest.`,
    );
  });

  it('says when the manifest describes other packs than the one given', async () => {
    await write(join(dir, 'runtime-pack.json'), manifest());
    await writeFile(join(dir, 'other.tar.gz'), '');
    await expect(resolvePack(join(dir, 'other.tar.gz'), { machine: linux })).rejects.toThrow(
      /does not describe other\.tar\.gz \(it lists pychrono-full 9\.0\.1-1 \(Linux x64\)\)/,
    );
  });

  it('refuses a pack for another OS, saying which one to get', async () => {
    await write(join(dir, 'runtime-pack.json'), manifest({ os: 'win32' }));
    await expect(resolvePack(dir, { machine: linux })).rejects.toThrow(
      'This pack is for Windows x64; this machine is Linux x64. Get the linux-x64 pack from the same place',
    );
  });

  it('lists what an index offers when none of it fits this machine', async () => {
    await write(join(dir, 'runtime-pack.json'), {
      format: 1,
      packs: [manifest({ os: 'win32' }), manifest({ os: 'darwin', arch: 'arm64' })],
    });
    await expect(resolvePack(dir, { machine: linux })).rejects.toThrow(
      /lists pychrono-full 9\.0\.1-1 \(Windows x64\), pychrono-full 9\.0\.1-1 \(macOS arm64\): none for this machine \(Linux x64\)/,
    );
  });

  it('reports a malformed manifest by field', async () => {
    await write(join(dir, 'runtime-pack.json'), manifest({ sha256: 'not-hex' }));
    await expect(listPacks(dir)).rejects.toThrow(
      /is not a runtime manifest: sha256 64 lower-case hex digits/,
    );
    await writeFile(join(dir, 'runtime-pack.json'), '{ nope');
    await expect(listPacks(dir)).rejects.toThrow(/is not valid JSON/);
  });

  it('refuses a file that is neither a pack nor a manifest', async () => {
    await writeFile(join(dir, 'notes.txt'), '');
    await expect(resolvePack(join(dir, 'notes.txt'), { machine: linux })).rejects.toThrow(
      /is not a runtime pack/,
    );
    await expect(resolvePack(join(dir, 'absent'), { machine: linux })).rejects.toThrow(
      /does not exist/,
    );
  });
});

describe('packProblem', () => {
  it('accepts this machine and a Python the bridge runs on', () => {
    expect(packProblem(manifest() as never, linux)).toBeNull();
  });

  it('refuses a Python older than the bridge needs', () => {
    expect(packProblem(manifest({ python: '3.7.12' }) as never, linux)).toMatch(
      /Python is 3\.7\.12; TwinForge's bridge needs Python 3\.8 or newer/,
    );
  });
});

describe('mirrorSource', () => {
  it('keeps URLs and absolute paths, and treats an empty setting as none', () => {
    expect(mirrorSource('  ')).toBeNull();
    expect(mirrorSource('https://lab/twinforge/')).toBe('https://lab/twinforge/');
    expect(mirrorSource('/mnt/share/packs')).toBe('/mnt/share/packs');
  });
});
