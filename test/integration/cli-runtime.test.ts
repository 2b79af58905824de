// `twinforge runtime` as an admin runs it: the built CLI, packs built here, a loopback
// mirror, and the installed runtime running a script through `twinforge run`.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePack, type BuiltPack } from '../fixtures/runtime-pack/make-pack';
import { servePacks, type PackServer } from '../fixtures/runtime-pack/pack-server';
import { ROOT, SCRIPTS, until } from './runtime-helpers';

const TWINFORGE = join(ROOT, 'bin', 'twinforge.js');
let dir: string;
let good: BuiltPack;
let server: PackServer;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** A user whose only pychrono is what `twinforge runtime` installs. */
function userEnv(userData: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TWINFORGE_USER_DATA: userData,
    PYTHONDONTWRITEBYTECODE: '1',
  };
  delete env.TWINFORGE_PYTHON;
  delete env.PYTHONPATH;
  delete env.TWINFORGE_RUNTIME_MIRROR;
  return env;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: dir, env, timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const twinforge = (args: string[], userData: string) =>
  run(process.execPath, [TWINFORGE, ...args], userEnv(userData));

/** The one JSON object --json prints. */
function json(r: Result): Record<string, unknown> & { ok: boolean } {
  const lines = r.stdout.trim().split('\n');
  expect(lines, `stdout: ${r.stdout}\nstderr: ${r.stderr}`).toHaveLength(1);
  return JSON.parse(lines[0]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-cli-runtime-'));
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, [join(ROOT, 'scripts', 'build-node.mjs')], { cwd: ROOT }, (err) =>
      err ? reject(err) : resolve(),
    ),
  );
  good = await makePack({ dir: join(dir, 'packs', 'good') });
  server = await servePacks(join(dir, 'packs'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('twinforge runtime', () => {
  it('installs, lists, runs a script with, selects and removes runtimes', async () => {
    const userData = join(dir, 'user-a');
    const installed = await twinforge(
      ['runtime', 'install', '--from', good.packPath, '--json'],
      userData,
    );
    expect(installed.code).toBe(0);
    const outcome = json(installed);
    expect(outcome).toMatchObject({
      ok: true,
      installed: true,
      selected: 'pychrono-test-9.0.1-test',
      runtime: {
        id: 'pychrono-test-9.0.1-test',
        path: join(userData, 'runtimes', 'pychrono-test-9.0.1-test'),
      },
      probe: { pychrono: '9.0.1', source: 'runtime' },
      missingModules: [],
    });
    // Progress went to stderr, stage by stage.
    for (const stage of ['check:', 'verify:', 'extract:', 'fix-prefix:', 'probe:', 'done:']) {
      expect(installed.stderr).toContain(stage);
    }

    const ran = await run(
      process.execPath,
      [TWINFORGE, 'run', join(SCRIPTS, 'pendulum.py'), '--sim-time', '0.2', '--json'],
      userEnv(userData),
    );
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({
      status: 'limit',
      bodies: 2,
      pychrono: { version: '9.0.1', modules: { core: true, vehicle: true } },
    });

    const second = await makePack({ dir: join(dir, 'packs', 'second'), version: '9.0.1-test2' });
    expect(
      (await twinforge(['runtime', 'install', '--from', second.packPath], userData)).code,
    ).toBe(0);
    const list = await twinforge(['runtime', 'list'], userData);
    expect(list.stdout).toMatch(/^\* pychrono-test-9\.0\.1-test2 {2}pychrono 9\.0\.1/m);
    expect(list.stdout).toMatch(/^ {2}pychrono-test-9\.0\.1-test /m);

    const used = await twinforge(['runtime', 'use', 'pychrono-test-9.0.1-test'], userData);
    expect(used.code).toBe(0);
    expect(used.stderr).toContain('Selected pychrono-test-9.0.1-test: pychrono 9.0.1');

    const removed = await twinforge(
      ['runtime', 'remove', 'pychrono-test-9.0.1-test', '--json'],
      userData,
    );
    expect(removed.code).toBe(0);
    expect(json(removed)).toMatchObject({ ok: true, selected: null });
    const after = json(await twinforge(['runtime', 'list', '--json'], userData));
    expect((after.runtimes as Array<{ id: string }>).map((r) => r.id)).toEqual([
      'pychrono-test-9.0.1-test2',
    ]);
  });

  it('downloads from a URL; a truncated download exits 1 with the reason in one JSON object', async () => {
    const userData = join(dir, 'user-b');
    const url = `${server.url}good/${good.manifest.file}`;
    const ok = await twinforge(['runtime', 'install', '--from', url, '--json'], userData);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('download: Downloading');

    const at = join(dir, 'packs', 'cut');
    await mkdir(at, { recursive: true });
    await copyFile(good.packPath, join(at, good.manifest.file));
    await writeFile(
      join(at, 'runtime-pack.json'),
      JSON.stringify({ ...good.manifest, version: '9.0.1-cut' }),
    );
    const cut = await servePacks(join(dir, 'packs'), {
      cutAfterBytes: Math.floor(good.manifest.size / 2),
    });
    try {
      const r = await twinforge(
        ['runtime', 'install', '--from', `${cut.url}cut/`, '--json'],
        userData,
      );
      expect(r.code).toBe(1);
      expect(json(r)).toMatchObject({ ok: false, stage: 'download', cancelled: false });
      expect(json(r).error).toMatch(/stopped at .* of .*Nothing was installed; try again/);
    } finally {
      await cut.close();
    }
    expect(json(await twinforge(['runtime', 'list', '--json'], userData)).selected).toBe(
      'pychrono-test-9.0.1-test',
    );
  });

  it('says why a bad pack is refused (exit 1) and what bad usage is (exit 2)', async () => {
    const userData = join(dir, 'user-c');
    const at = join(dir, 'packs', 'bad-sum');
    await mkdir(at, { recursive: true });
    await copyFile(good.packPath, join(at, good.manifest.file));
    await writeFile(
      join(at, 'runtime-pack.json'),
      JSON.stringify({ ...good.manifest, sha256: 'f'.repeat(64) }),
    );
    const bad = await twinforge(
      ['runtime', 'install', '--from', join(at, good.manifest.file)],
      userData,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /twinforge runtime install: .* does not match its manifest's SHA-256/,
    );

    const usage = await twinforge(['runtime', 'remove'], userData);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('runtime remove needs one NAME');
    const noSource = await twinforge(['runtime', 'install'], userData);
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toMatch(/needs --from FILE\|URL: no runtime mirror is set/);
  });

  it('cleans up an install killed during extraction at the next start, and installs again', async () => {
    const userData = join(dir, 'user-d');
    const big = await makePack({
      dir: join(dir, 'packs', 'big'),
      name: 'pychrono-big',
      filler: { files: 3000, bytes: 8 * 1024 },
    });
    const root = join(userData, 'runtimes');
    const child = spawn(
      process.execPath,
      [TWINFORGE, 'runtime', 'install', '--from', big.packPath],
      {
        env: userEnv(userData),
        stdio: 'ignore',
      },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Killed once files are being written into the half-extracted folder.
    const partialFiles = async () => {
      const partial = (await readdir(root).catch(() => [] as string[])).find((n) =>
        n.startsWith('.partial-'),
      );
      if (!partial) return 0;
      return (await readdir(join(root, partial, 'share', 'filler')).catch(() => [])).length;
    };
    let seen = 0;
    const watch = setInterval(() => void partialFiles().then((n) => (seen = n)), 10);
    try {
      await until(() => seen >= 20, 'the extraction to start', 60_000);
    } finally {
      clearInterval(watch);
    }
    child.kill('SIGKILL');
    await exited;
    expect((await readdir(root)).some((n) => n.startsWith('.partial-'))).toBe(true);

    const list = json(await twinforge(['runtime', 'list', '--json'], userData));
    expect(list.runtimes).toEqual([]);
    expect(list.selected).toBeNull();
    expect(list.notices).toEqual([
      'An install of pychrono-big-9.0.1-test was interrupted; its partial files were removed.',
    ]);
    expect((await readdir(root)).filter((n) => n.startsWith('.'))).toEqual([]);

    const again = await twinforge(
      ['runtime', 'install', '--from', big.packPath, '--json'],
      userData,
    );
    expect(again.code).toBe(0);
    expect(json(again)).toMatchObject({ ok: true, selected: 'pychrono-big-9.0.1-test' });
  });

  const canMountTmpfs =
    process.platform === 'linux' &&
    spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=1m none /tmp && umount /tmp'])
      .status === 0;

  it.skipIf(!canMountTmpfs)(
    'reports a disk that fills up during extraction, and leaves nothing',
    async () => {
      const userData = join(dir, 'user-e');
      const disk = join(dir, 'small-disk');
      await mkdir(disk, { recursive: true });
      const big = await makePack({
        dir: join(dir, 'packs', 'fill'),
        name: 'pychrono-fill',
        filler: { files: 60, bytes: 1024 * 1024 },
      });
      // A 140 MB disk of its own: room for the pack at the check, then, while the pack is
      // being verified, another process takes all of it.
      const log = join(dir, 'fill.log');
      const script = `
      mount -t tmpfs -o size=140m none "$1" || exit 99
      ( until grep -q '^verify:' "$5" 2>/dev/null; do sleep 0.01; done; head -c 140m /dev/zero > "$1/hog" 2>/dev/null ) &
      "$2" "$3" runtime install --from "$4" --prefix "$1/env" --json 2>"$5"
      code=$?
      wait
      rm -f "$1/hog"
      cat "$5" >&2
      echo "left on the disk: [$(ls -A "$1" | tr '\\n' ' ')]" >&2
      exit $code`;
      const r = await run(
        'unshare',
        ['-m', 'sh', '-c', script, 'sh', disk, process.execPath, TWINFORGE, big.packPath, log],
        userEnv(userData),
      );
      expect(r.code, r.stderr).toBe(1);
      expect(json(r)).toMatchObject({ ok: false, stage: 'extract' });
      expect(json(r).error).toMatch(
        /^The disk filled up while extracting the pack .* Nothing was installed and the partial files were removed/,
      );
      // What the disk held afterwards (listed inside its namespace): nothing.
      expect(r.stderr).toContain('left on the disk: []');
    },
  );
});
