import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectOutputs, matcher } from './collect-outputs';

let dir: string;
let work: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-collect-'));
  work = join(dir, 'work');
  await mkdir(join(work, 'deep', 'er'), { recursive: true });
  await writeFile(join(work, 'out.csv'), 't,x\n');
  await writeFile(join(work, 'script.py'), 'print(1)');
  await writeFile(join(work, '.twinforge-fault.log'), '');
  await writeFile(join(work, 'deep', 'er', 'frame.png'), 'png');
  await writeFile(join(dir, 'secret.txt'), 'not the run’s');
  await symlink(join(dir, 'secret.txt'), join(work, 'link.txt'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('collectOutputs', () => {
  it('copies the named files and mirrors their folders', async () => {
    const into = join(dir, 'into');
    const r = await collectOutputs(work, { files: ['out.csv', 'deep/*/*.png'], into });
    expect(r).toEqual({ copied: ['deep/er/frame.png', 'out.csv'], notice: null });
    expect(await readFile(join(into, 'deep', 'er', 'frame.png'), 'utf8')).toBe('png');
  });

  it("copies everything but the script, the bridge's log and links with 'all'", async () => {
    const into = join(dir, 'all');
    const r = await collectOutputs(work, { files: 'all', into }, [join(work, 'script.py')]);
    expect(r.copied).toEqual(['deep/er/frame.png', 'out.csv']);
    expect((await readdir(into)).sort()).toEqual(['deep', 'out.csv']);
  });

  it('makes no folder when nothing matches', async () => {
    const into = join(dir, 'none');
    expect((await collectOutputs(work, { files: ['*.json'], into })).copied).toEqual([]);
    await expect(readdir(into)).rejects.toThrow();
  });
});

describe('matcher', () => {
  it('matches * and ? within one name only', () => {
    const m = matcher(['*.csv', 'a?c.txt', './res/out.json']);
    expect(m('out.csv')).toBe(true);
    expect(m('sub/out.csv')).toBe(false);
    expect(m('abc.txt')).toBe(true);
    expect(m('res/out.json')).toBe(true);
    expect(m('out.csv.bak')).toBe(false);
  });
});
