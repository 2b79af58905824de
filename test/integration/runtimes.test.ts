// The host's runtime manager with real packs (built here, conda-pack's layout around the
// pychrono double), real extraction, conda-unpack and the bridge's probe: installs from a
// file and from a loopback mirror, every bad pack, cancellation, and a script run by the
// installed runtime.
import { existsSync } from 'node:fs';
import {
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/contract';
import type { InstallProgress, RuntimesState } from '../../electron/common/contract/runtimes';
import { createHost, type Host } from '../../electron/host/index';
import {
  SYSTEM_PYTHON_VERSION,
  makePack,
  type BuiltPack,
} from '../fixtures/runtime-pack/make-pack';
import { servePacks, type PackServer } from '../fixtures/runtime-pack/pack-server';
import { ROOT, SCRIPTS } from './runtime-helpers';

let dir: string;
let good: BuiltPack;
let server: PackServer;
const hosts: Host[] = [];

/** An environment where nothing but an installed runtime has pychrono. */
function bareEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
  delete env.TWINFORGE_PYTHON;
  delete env.PYTHONPATH;
  delete env.TWINFORGE_RUNTIME_MIRROR;
  return env;
}

async function newHost(
  env = bareEnv(),
): Promise<{ host: Host; client: HostClient; events: Array<[string, unknown]> }> {
  const userDataDir = await mkdtemp(join(dir, 'user-'));
  const host = createHost({
    userDataDir,
    env,
    pythonRuntimeDir: join(ROOT, 'python-runtime'),
    runtimePackDirs: [],
  });
  hosts.push(host);
  const client = host.connect('window:1');
  const events: Array<[string, unknown]> = [];
  client.subscribe((name, payload) => events.push([name, payload]));
  return { host, client, events };
}

function progressOf(events: Array<[string, unknown]>): InstallProgress[] {
  return events.filter(([n]) => n === 'runtimes.progress').map(([, p]) => p as InstallProgress);
}

/** What is left beside the runtimes: nothing but runtimes.json and finished runtimes. */
async function leftovers(host: Host): Promise<string[]> {
  return (await readdir(host.runtimes.root)).filter((n) => n !== 'runtimes.json');
}

/** A pack folder holding the good pack with a manifest changed as given. */
async function variant(name: string, manifest: Record<string, unknown>): Promise<string> {
  const at = join(dir, 'packs', name);
  await mkdir(at, { recursive: true });
  await copyFile(good.packPath, join(at, good.manifest.file));
  // A version of its own, so that it is not taken for the good pack already installed.
  const changed = { ...good.manifest, version: `9.0.1-${name}`, ...manifest };
  await writeFile(join(at, 'runtime-pack.json'), JSON.stringify(changed));
  return join(at, good.manifest.file);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-runtimes-int-'));
  good = await makePack({ dir: join(dir, 'packs', 'good') });
  server = await servePacks(join(dir, 'packs'));
});
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.dispose()));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('runtime manager', () => {
  it('installs a pack from a file, selects it only once probed, and runs a script with it', async () => {
    const { host, client, events } = await newHost();
    const before = await client.invoke('runtime.probe', { refresh: true });
    expect(before.pychrono).toBeNull();

    const outcome = await client.invoke('runtimes.install', {
      installId: 'i1',
      from: good.packPath,
    });
    expect(outcome.installed).toBe(true);
    expect(outcome.probe).toMatchObject({
      pychrono: '9.0.1',
      pythonVersion: SYSTEM_PYTHON_VERSION,
      source: 'runtime',
    });
    expect(outcome.runtime.path).toBe(join(host.runtimes.root, 'pychrono-test-9.0.1-test'));
    expect(outcome.runtime.modules).toMatchObject({
      core: true,
      fea: true,
      vehicle: true,
      irrlicht: false,
    });
    expect(outcome.state.selected).toBe('pychrono-test-9.0.1-test');

    const stages = progressOf(events).map((p) => p.stage);
    expect([...new Set(stages)]).toEqual([
      'check',
      'verify',
      'extract',
      'fix-prefix',
      'probe',
      'done',
    ]);
    const extract = progressOf(events).filter((p) => p.stage === 'extract');
    expect(extract.at(-1)).toMatchObject({
      bytes: good.manifest.size,
      totalBytes: good.manifest.size,
    });
    // The selection changed only after the probe: the first runtimes.changed follows it.
    const names = events.map(([n, p]) =>
      n === 'runtimes.progress' ? (p as InstallProgress).stage : n,
    );
    expect(names.indexOf('runtimes.changed')).toBeGreaterThan(names.indexOf('probe'));
    // conda-unpack ran in place: the wrapper now names the runtime's own folder.
    expect(await readFile(outcome.runtime.python, 'utf8')).toContain(
      `${outcome.runtime.path}/lib/pychrono-double`,
    );
    expect(await leftovers(host)).toEqual(['pychrono-test-9.0.1-test']);

    const probe = await client.invoke('runtime.probe', { refresh: true });
    expect(probe).toMatchObject({
      python: outcome.runtime.python,
      source: 'runtime',
      pychrono: '9.0.1',
    });
    const script = await readFile(join(SCRIPTS, 'falls_and_ends.py'), 'utf8');
    const { runId } = await client.invoke('runtime.start', { script, lane: 'twin' });
    const summary = await host.runtime.waitForRun(runId, client);
    expect(summary.status).toBe('finished');
    expect(summary.bodies).toBe(1);
  });

  it('downloads a pack from the mirror, showing its size first, with byte progress', async () => {
    const { client, events } = await newHost();
    await client.invoke('settings.update', { runtimeMirrorUrl: `${server.url}good/` });
    const offers = await client.invoke('runtimes.offers', {});
    expect(offers.mirror?.problem).toBeNull();
    expect(offers.mirror?.offers).toHaveLength(1);
    const offer = offers.mirror!.offers[0];
    expect(offer).toMatchObject({ problem: null, installed: false, where: 'mirror' });
    expect(offer.manifest).toMatchObject({
      size: good.manifest.size,
      unpackedSize: good.manifest.unpackedSize,
    });
    expect(offers.target.freeBytes).toBeGreaterThan(0);

    const outcome = await client.invoke('runtimes.install', {
      installId: 'd1',
      from: offer.from,
      name: offer.manifest.name,
    });
    expect(outcome.probe.pychrono).toBe('9.0.1');
    const download = progressOf(events).filter((p) => p.stage === 'download');
    expect(download[0].message).toContain(good.manifest.file);
    expect(download.at(-1)).toMatchObject({
      bytes: good.manifest.size,
      totalBytes: good.manifest.size,
    });
    expect(outcome.runtime.source).toBe(`${server.url}good/${good.manifest.file}`);
  });

  it('offers the packs shipped beside the app', async () => {
    const userDataDir = await mkdtemp(join(dir, 'user-'));
    const host = createHost({
      userDataDir,
      env: bareEnv(),
      pythonRuntimeDir: join(ROOT, 'python-runtime'),
      runtimePackDirs: [join(dir, 'packs', 'good'), join(dir, 'packs', 'absent')],
    });
    hosts.push(host);
    const offers = await host.connect('window:1').invoke('runtimes.offers', {});
    expect(offers.mirror).toBeNull();
    expect(offers.local).toHaveLength(1);
    expect(offers.local[0]).toMatchObject({
      where: 'beside the app',
      from: join(dir, 'packs', 'good', 'runtime-pack.json'),
      problem: null,
      manifest: { name: 'pychrono-test', file: good.manifest.file },
    });
  });

  describe('bad packs leave nothing installed and the previous runtime selected', () => {
    let host: Host;
    let client: HostClient;
    let selectedBefore: string | null;

    async function expectUnchanged(): Promise<void> {
      const state: RuntimesState = await client.invoke('runtimes.list', {});
      expect(state.selected).toBe(selectedBefore);
      expect(state.runtimes.map((r) => r.id)).toEqual(['pychrono-test-9.0.1-test']);
      expect(await leftovers(host), 'files left beside the runtimes').toEqual([
        'pychrono-test-9.0.1-test',
      ]);
    }

    beforeAll(async () => {
      ({ host, client } = await newHost());
      hosts.splice(hosts.indexOf(host), 1); // kept for the whole group
      await client.invoke('runtimes.install', { installId: 'base', from: good.packPath });
      selectedBefore = (await client.invoke('runtimes.list', {})).selected;
    });
    afterAll(() => host.dispose());

    const install = (from: string) =>
      client.invoke('runtimes.install', { installId: `bad-${Math.random()}`, from });

    it('a truncated download', async () => {
      await variant('cut', {});
      const cut = await servePacks(join(dir, 'packs'), {
        cutAfterBytes: Math.floor(good.manifest.size / 2),
      });
      try {
        await expect(install(`${cut.url}cut/${good.manifest.file}`)).rejects.toThrow(
          /The download of http:\/\/127\.0\.0\.1:\d+\/cut\/pychrono-test-.*\.tar\.gz stopped at .* of .* Nothing was installed; try again, or copy the pack to this machine and install it from the file\./,
        );
      } finally {
        await cut.close();
      }
      await expectUnchanged();
    });

    it('a truncated copy of a pack file', async () => {
      const pack = await variant('truncated', {});
      await truncate(pack, Math.floor(good.manifest.size / 3));
      await expect(install(pack)).rejects.toThrow(
        /but its manifest says .*: the file is incomplete \(an interrupted copy or download\)\. Copy it again and retry\./,
      );
      await expectUnchanged();
    });

    it('a wrong checksum', async () => {
      const pack = await variant('bad-checksum', { sha256: '0'.repeat(64) });
      await expect(install(pack)).rejects.toThrow(
        /does not match its manifest's SHA-256 \(expected 000000000000…, got [0-9a-f]{12}…\): the file is damaged/,
      );
      await expectUnchanged();
    });

    it('a full disk (less room than the pack unpacks to)', async () => {
      const pack = await variant('huge', { unpackedSize: 1e16 });
      await expect(install(pack)).rejects.toThrow(
        /Not enough free space in .*: the runtime needs 10\.0 PB/,
      );
      await expectUnchanged();
    });

    it('a pack for another OS', async () => {
      const other = process.platform === 'linux' ? 'win32' : 'linux';
      const pack = await variant('other-os', { os: other });
      await expect(install(pack)).rejects.toThrow(
        /^This pack is for (Windows|Linux) x64; this machine is/,
      );
      await expectUnchanged();
    });

    it('a pack whose Python is not the one its manifest says', async () => {
      const [major, minor] = SYSTEM_PYTHON_VERSION.split('.').map(Number);
      const pack = await variant('other-python', { python: `${major}.${minor + 1}.0` });
      await expect(install(pack)).rejects.toThrow(
        `The pack's manifest says Python ${major}.${minor + 1}.0 but its interpreter is Python ${SYSTEM_PYTHON_VERSION}`,
      );
      await expectUnchanged();
    });

    it('a pack with a link out of its folder', async () => {
      const unsafe = await makePack({
        dir: join(dir, 'packs', 'unsafe'),
        version: '9.0.1-unsafe',
        symlinks: [['lib/escape', '/etc']],
      });
      await expect(install(unsafe.packPath)).rejects.toThrow(
        'The pack is unsafe: its entry "lib/escape" links to "/etc", outside the runtime folder. Nothing was installed.',
      );
      await expectUnchanged();
    });

    it('a pack not made by conda-pack', async () => {
      const plain = await makePack({
        dir: join(dir, 'packs', 'plain'),
        version: '9.0.1-plain',
        withoutCondaUnpack: true,
      });
      await expect(install(plain.packPath)).rejects.toThrow(/The pack has no conda-unpack/);
      await expectUnchanged();
    });

    it('a folder with spaces in its name', async () => {
      const pack = await variant('spaces', {});
      await expect(
        client.invoke('runtimes.install', {
          installId: 'sp',
          from: pack,
          prefix: join(dir, 'My Runtimes', 'env'),
        }),
      ).rejects.toThrow(/has a space, which conda environments cannot live under/);
      await expectUnchanged();
    });
  });

  it('cancels an install during extraction and removes what it wrote', async () => {
    const big = await makePack({
      dir: join(dir, 'packs', 'big'),
      name: 'pychrono-big',
      filler: { files: 400, bytes: 64 * 1024 },
    });
    const { host, client, events } = await newHost();
    const done = client.invoke('runtimes.install', { installId: 'c1', from: big.packPath });
    while (!progressOf(events).some((p) => p.stage === 'extract'))
      await new Promise((r) => setTimeout(r, 5));
    expect(await client.invoke('runtimes.cancel', { installId: 'c1' })).toEqual({ ok: true });
    await expect(done).rejects.toThrow('The install was cancelled; nothing was installed.');
    expect(await leftovers(host)).toEqual([]);
    expect((await client.invoke('runtimes.list', {})).selected).toBeNull();
  });

  it('another owner cannot cancel an install, and an owner that leaves cancels its own', async () => {
    const big = await makePack({
      dir: join(dir, 'packs', 'big2'),
      name: 'pychrono-big',
      filler: { files: 400, bytes: 64 * 1024 },
    });
    const { host, client, events } = await newHost();
    const other = host.connect('window:2');
    const done = client.invoke('runtimes.install', { installId: 'o1', from: big.packPath });
    while (progressOf(events).length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(await other.invoke('runtimes.cancel', { installId: 'o1' })).toEqual({ ok: false });
    await expect(
      other.invoke('runtimes.install', { installId: 'o2', from: good.packPath }),
    ).rejects.toThrow(/Another runtime install is running/);
    await client.close();
    await expect(done).rejects.toThrow(/cancelled/);
    expect(await leftovers(host)).toEqual([]);
  });

  it('selects, reports overrides, and removes runtimes', async () => {
    const env = bareEnv();
    const { host, client, events } = await newHost(env);
    await client.invoke('runtimes.install', { installId: 'u1', from: good.packPath });
    const second = await makePack({ dir: join(dir, 'packs', 'second'), version: '9.0.1-test2' });
    await client.invoke('runtimes.install', { installId: 'u2', from: second.packPath });
    expect((await client.invoke('runtimes.list', {})).selected).toBe('pychrono-test-9.0.1-test2');

    // Installing what is installed only selects it again.
    const again = await client.invoke('runtimes.install', { installId: 'u3', from: good.packPath });
    expect(again.installed).toBe(false);
    expect(again.state.selected).toBe('pychrono-test-9.0.1-test');
    // A root of the user's choosing holds <name>-<version>.
    const third = await makePack({ dir: join(dir, 'packs', 'third'), version: '9.0.1-test3' });
    const rooted = await client.invoke('runtimes.install', {
      installId: 'u5',
      from: third.packPath,
      root: join(dir, 'chosen-root'),
    });
    expect(rooted.runtime.path).toBe(join(dir, 'chosen-root', 'pychrono-test-9.0.1-test3'));
    await client.invoke('runtimes.use', { id: 'pychrono-test-9.0.1-test' });
    // ...and not a second time elsewhere.
    await expect(
      client.invoke('runtimes.install', {
        installId: 'u4',
        from: good.packPath,
        prefix: join(dir, 'elsewhere', 'env'),
      }),
    ).rejects.toThrow(/pychrono-test-9\.0\.1-test is installed already, in .*: use it/);

    const used = await client.invoke('runtimes.use', { id: 'pychrono-test-9.0.1-test2' });
    expect(used.state.selected).toBe('pychrono-test-9.0.1-test2');
    await expect(client.invoke('runtimes.use', { id: 'pychrono-test' })).rejects.toThrow(
      /Several runtimes are named pychrono-test/,
    );

    await client.invoke('settings.update', { pythonPath: '/usr/bin/python3' });
    expect((await client.invoke('runtimes.list', {})).overriddenBy).toEqual({
      source: 'setting',
      python: '/usr/bin/python3',
    });
    await client.invoke('settings.update', { pythonPath: '' });

    const removed = await client.invoke('runtimes.remove', { id: 'pychrono-test-9.0.1-test2' });
    expect(removed.selected).toBeNull();
    expect(removed.runtimes.map((r) => r.id)).toEqual([
      'pychrono-test-9.0.1-test',
      'pychrono-test-9.0.1-test3',
    ]);
    expect(existsSync(join(host.runtimes.root, 'pychrono-test-9.0.1-test2'))).toBe(false);
    expect(events.filter(([n]) => n === 'runtimes.changed').length).toBeGreaterThanOrEqual(4);
    await expect(client.invoke('runtimes.remove', { id: 'nope' })).rejects.toThrow(
      'No runtime nope is installed (installed: pychrono-test-9.0.1-test, pychrono-test-9.0.1-test3).',
    );
    // Without a selection, runs fall back to discovery (here: no pychrono).
    expect((await client.invoke('runtime.probe', { refresh: true })).source).not.toBe('runtime');
  });

  it('says so when the selected runtime’s folder is deleted behind its back', async () => {
    const { host, client } = await newHost();
    const outcome = await client.invoke('runtimes.install', {
      installId: 'g1',
      from: good.packPath,
    });
    await rm(outcome.runtime.path, { recursive: true, force: true });
    const probe = await client.invoke('runtime.probe', { refresh: true });
    expect(probe.problem).toMatch(
      /The selected runtime pychrono-test-9\.0\.1-test has no interpreter/,
    );
    // The next host start takes it off the list.
    const next = createHost({
      userDataDir: join(host.runtimes.root, '..'),
      env: bareEnv(),
      runtimePackDirs: [],
    });
    hosts.push(next);
    const state = await next.connect('cli:t').invoke('runtimes.list', {});
    expect(state.runtimes).toEqual([]);
    expect(state.notices.join(' ')).toMatch(/which is gone; it was taken off the list/);
  });
});
