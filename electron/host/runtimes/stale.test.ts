import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INCOMPLETE_MARKER, cleanStale, downloadFile, partialDir } from './stale';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-stale-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The id of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid as number;
}

describe('cleanStale', () => {
  it('removes what a dead install left and says so', async () => {
    const pid = deadPid();
    await mkdir(join(dir, `.partial-pychrono-full-9.0.1-${pid}-0123abcd`, 'bin'), {
      recursive: true,
    });
    await writeFile(join(dir, `.download-pychrono-full-9.0.1-${pid}-0123abcd.tar.gz`), 'x');
    await writeFile(join(dir, `runtimes.json.${pid}-0123abcd.tmp`), '{');
    const notices = await cleanStale(dir);
    expect(await readdir(dir)).toEqual([]);
    expect(notices).toEqual([
      'An install of pychrono-full-9.0.1 was interrupted; its partial files were removed.',
    ]);
  });

  it('leaves the files of an install that is still running', async () => {
    const target = join(dir, 'pychrono-full-9.0.1');
    const partial = partialDir(target);
    await mkdir(partial);
    await writeFile(downloadFile(target), 'x');
    expect(await cleanStale(dir)).toEqual([]);
    expect((await readdir(dir)).sort()).toHaveLength(2);
    expect(basename(partial)).toMatch(
      new RegExp(`^\\.partial-pychrono-full-9\\.0\\.1-${process.pid}-`),
    );
  });

  it('removes a runtime folder still marked incomplete by a dead process', async () => {
    const runtime = join(dir, 'pychrono-full-9.0.1');
    await mkdir(join(runtime, 'bin'), { recursive: true });
    await writeFile(join(runtime, INCOMPLETE_MARKER), JSON.stringify({ pid: deadPid() }));
    const kept = join(dir, 'pychrono-core-9.0.1');
    await mkdir(kept);
    const notices = await cleanStale(dir);
    expect(existsSync(runtime)).toBe(false);
    expect(existsSync(kept)).toBe(true);
    expect(notices[0]).toMatch(
      /install of pychrono-full-9\.0\.1 was interrupted before it was checked/,
    );
  });
});
