import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InstallCancelledError } from './errors';
import { entryProblem, extractPack, inspectPack } from './extract';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-extract-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

interface Entry {
  path: string;
  type?: string;
  body?: string | Buffer;
  linkpath?: string;
}

/** A .tar.gz written entry by entry, so that tests can hold what no honest tool writes. */
async function tarball(entries: Entry[]): Promise<string> {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const type = entry.type ?? 'File';
    const body = type === 'File' ? Buffer.from(entry.body ?? '') : Buffer.alloc(0);
    const header = new Header({
      path: entry.path,
      type: type as never,
      size: body.length,
      mode: type === 'Directory' ? 0o755 : 0o644,
      mtime: new Date(0),
      linkpath: entry.linkpath,
    });
    header.encode();
    blocks.push(header.block as Buffer, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  const file = join(dir, 'pack.tar.gz');
  await writeFile(file, gzipSync(Buffer.concat(blocks)));
  return file;
}

const options = (unpackedSize = 1_000_000) => ({
  unpackedSize,
  signal: new AbortController().signal,
  onBytes: () => undefined,
});

describe('entryProblem', () => {
  it('accepts files, folders and links that stay inside', () => {
    expect(entryProblem({ path: 'bin/python3.12', type: 'File' })).toBeNull();
    expect(
      entryProblem({ path: 'bin/python', type: 'SymbolicLink', linkpath: 'python3.12' }),
    ).toBeNull();
    expect(
      entryProblem({ path: 'lib/libz.so', type: 'SymbolicLink', linkpath: '../lib/libz.so.1' }),
    ).toBeNull();
    expect(entryProblem({ path: 'bin/a', type: 'Link', linkpath: 'bin/b' })).toBeNull();
  });

  it('names entries that leave the folder or are not files', () => {
    expect(entryProblem({ path: '../evil', type: 'File' })).toMatch(/points outside/);
    expect(entryProblem({ path: '/etc/passwd', type: 'File' })).toMatch(/points outside/);
    expect(entryProblem({ path: 'a/../../b', type: 'File' })).toMatch(/points outside/);
    expect(entryProblem({ path: 'lib/x', type: 'SymbolicLink', linkpath: '/etc' })).toMatch(
      /links to "\/etc", outside/,
    );
    expect(entryProblem({ path: 'lib/x', type: 'SymbolicLink', linkpath: '../../x' })).toMatch(
      /outside the runtime folder/,
    );
    expect(entryProblem({ path: 'bin/a', type: 'Link', linkpath: '../b' })).toMatch(/hard link/);
    expect(entryProblem({ path: 'dev/null', type: 'CharacterDevice' })).toMatch(/CharacterDevice/);
  });
});

describe('extractPack', () => {
  it('extracts files, folders and inside links, reporting the archive bytes read', async () => {
    const pack = await tarball([
      { path: 'bin', type: 'Directory' },
      { path: 'bin/python3.12', body: '#!/bin/sh\n' },
      { path: 'bin/python', type: 'SymbolicLink', linkpath: 'python3.12' },
    ]);
    const seen: number[] = [];
    await extractPack(pack, join(dir, 'env'), { ...options(), onBytes: (n) => seen.push(n) });
    expect(await readFile(join(dir, 'env', 'bin', 'python3.12'), 'utf8')).toBe('#!/bin/sh\n');
    expect(await readlink(join(dir, 'env', 'bin', 'python'))).toBe('python3.12');
    expect(seen.at(-1)).toBe((await readFile(pack)).length);
  });

  it('refuses a path that climbs out, and writes nothing outside', async () => {
    const pack = await tarball([
      { path: 'ok.txt', body: 'fine' },
      { path: '../escaped.txt', body: 'bad' },
    ]);
    await expect(extractPack(pack, join(dir, 'env'), options())).rejects.toThrow(
      'The pack is unsafe: its entry "../escaped.txt" points outside the runtime folder. Nothing was installed.',
    );
    expect(existsSync(join(dir, 'escaped.txt'))).toBe(false);
  });

  it('refuses a symbolic link out of the folder, and anything written through it', async () => {
    const pack = await tarball([
      { path: 'lib/out', type: 'SymbolicLink', linkpath: dir },
      { path: 'lib/out/written.txt', body: 'bad' },
    ]);
    await expect(extractPack(pack, join(dir, 'env'), options())).rejects.toThrow(
      /its entry "lib\/out" links to .*, outside the runtime folder/,
    );
    expect(existsSync(join(dir, 'written.txt'))).toBe(false);
  });

  it('refuses a hard link to a file outside', async () => {
    await writeFile(join(dir, 'secret'), 'x');
    const pack = await tarball([{ path: 'bin/a', type: 'Link', linkpath: '../secret' }]);
    await expect(extractPack(pack, join(dir, 'env'), options())).rejects.toThrow(/hard link/);
  });

  it('refuses device files', async () => {
    const pack = await tarball([{ path: 'dev/tty', type: 'CharacterDevice' }]);
    await expect(extractPack(pack, join(dir, 'env'), options())).rejects.toThrow(/CharacterDevice/);
  });

  it('stops when the pack unpacks to more than its manifest says', async () => {
    const pack = await tarball([{ path: 'big.bin', body: randomBytes(3_000_000) }]);
    await expect(extractPack(pack, join(dir, 'env'), options(1000))).rejects.toThrow(
      /unpacks to more than the 1.0 KB its manifest says/,
    );
  });

  it('stops an archive that inflates beyond reason', async () => {
    const pack = await tarball([{ path: 'zeros.bin', body: Buffer.alloc(20_000_000) }]);
    await expect(extractPack(pack, join(dir, 'env'), options(1e12))).rejects.toThrow(
      /unpacks to more than .* its manifest says/,
    );
  });

  it('says when the file is not a .tar.gz', async () => {
    const file = join(dir, 'not.tar.gz');
    await writeFile(file, 'this is text, not gzip');
    await expect(extractPack(file, join(dir, 'env'), options())).rejects.toThrow(
      /not a readable \.tar\.gz/,
    );
  });

  it('stops when cancelled', async () => {
    const pack = await tarball([{ path: 'a.bin', body: Buffer.alloc(100) }]);
    const controller = new AbortController();
    controller.abort();
    await expect(
      extractPack(pack, join(dir, 'env'), { ...options(), signal: controller.signal }),
    ).rejects.toThrow(InstallCancelledError);
  });
});

describe('inspectPack', () => {
  const inspect = (file: string, unpackedSize = 1_000_000) =>
    inspectPack(file, {
      unpackedSize,
      signal: new AbortController().signal,
      onBytes: () => undefined,
    });

  it('gives the checksum and unpacked size of a clean pack, writing nothing', async () => {
    const pack = await tarball([
      { path: 'bin', type: 'Directory' },
      { path: 'bin/python3.12', body: 'x'.repeat(700) },
    ]);
    const result = await inspect(pack);
    expect(result.problem).toBeNull();
    expect(result.unpackedBytes).toBe(700);
    expect(result.sha256).toBe(
      createHash('sha256')
        .update(await readFile(pack))
        .digest('hex'),
    );
    expect(await readdir(dir)).toEqual(['pack.tar.gz']);
  });

  it('finds an unsafe entry anywhere in the pack before anything is extracted', async () => {
    const pack = await tarball([
      { path: 'ok.txt', body: 'fine' },
      { path: 'lib/out', type: 'SymbolicLink', linkpath: '/etc' },
    ]);
    expect((await inspect(pack)).problem?.message).toBe(
      'The pack is unsafe: its entry "lib/out" links to "/etc", outside the runtime folder. Nothing was installed.',
    );
  });

  it('finds a pack that unpacks to more than its manifest says', async () => {
    const pack = await tarball([{ path: 'big.bin', body: randomBytes(2_000_000) }]);
    expect((await inspect(pack, 1000)).problem?.message).toMatch(
      /unpacks to more than the 1\.0 KB/,
    );
  });

  it('finds a file that is not a .tar.gz', async () => {
    const file = join(dir, 'not.tar.gz');
    await writeFile(file, 'plain text');
    expect((await inspect(file)).problem?.message).toMatch(/not a readable \.tar\.gz/);
  });
});
