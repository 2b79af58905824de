import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browse } from './browse';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-browse-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('browse', () => {
  it('lists folders, manifests and packs, nothing else', async () => {
    await mkdir(join(dir, 'usb'));
    await mkdir(join(dir, '.hidden'));
    await writeFile(join(dir, 'runtime-pack.json'), '{}');
    await writeFile(join(dir, 'pychrono-full.tar.gz'), 'abc');
    await writeFile(join(dir, 'notes.txt'), '');
    const listing = await browse(dir);
    expect(listing.parent).toBe(dirname(dir));
    expect(listing.problem).toBeNull();
    expect(listing.entries).toEqual([
      { name: 'usb', path: join(dir, 'usb'), kind: 'folder', size: null },
      {
        name: 'runtime-pack.json',
        path: join(dir, 'runtime-pack.json'),
        kind: 'manifest',
        size: null,
      },
      {
        name: 'pychrono-full.tar.gz',
        path: join(dir, 'pychrono-full.tar.gz'),
        kind: 'pack',
        size: 3,
      },
    ]);
  });

  it('starts at home and says why a folder cannot be listed', async () => {
    expect((await browse(undefined, dir)).dir).toBe(dir);
    await writeFile(join(dir, 'pack.tar.gz'), '');
    expect((await browse(join(dir, 'pack.tar.gz'))).dir).toBe(dir);
    const missing = await browse(join(dir, 'absent'));
    expect(missing.problem).toBe(`${join(dir, 'absent')} does not exist.`);
  });
});
