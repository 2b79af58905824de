import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AtomicWriter,
  cleanStrayTempFiles,
  keepCopyAside,
  parseTempName,
  setAside,
  tempNameFor,
  type AtomicFs,
} from './atomic-write';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tf-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The real file system, with every call written down (and optional faults). */
function watchedFs(
  fault: { rename?: (attempt: number) => Error | null; slowWriteMs?: number } = {},
) {
  const calls: string[] = [];
  let renames = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const fs: AtomicFs = {
    async open(path, flags, mode) {
      const handle = await fsp.open(path, flags, mode);
      const name = path === dir ? 'dir' : 'file';
      calls.push(`open ${name} ${flags}`);
      if (name === 'file') maxInFlight = Math.max(maxInFlight, ++inFlight);
      return {
        async writeFile(data) {
          if (fault.slowWriteMs) await new Promise((r) => setTimeout(r, fault.slowWriteMs));
          calls.push('write');
          await handle.writeFile(data);
        },
        async sync() {
          calls.push(`sync ${name}`);
          await handle.sync();
        },
        async close() {
          if (name === 'file') inFlight -= 1;
          await handle.close();
        },
      };
    },
    async rename(from, to) {
      const error = fault.rename?.(renames++) ?? null;
      calls.push(error ? `rename failed ${(error as NodeJS.ErrnoException).code}` : 'rename');
      if (error) throw error;
      await fsp.rename(from, to);
    },
    unlink: (path) => fsp.unlink(path),
    stat: (path) => fsp.stat(path),
  };
  return { fs, calls, maxInFlight: () => maxInFlight };
}

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('atomic write', () => {
  it('gives every write its own hidden temporary name beside the target, naming the pid', () => {
    const target = join(dir, 'settings.json');
    const names = new Set(Array.from({ length: 500 }, () => tempNameFor(target)));
    expect(names.size).toBe(500);
    const one = [...names][0];
    expect(one.startsWith(join(dir, '.settings.json.tf-'))).toBe(true);
    expect(parseTempName(one.slice(dir.length + 1))).toEqual({
      target: 'settings.json',
      pid: process.pid,
    });
    expect(parseTempName('settings.json.tmp')).toBeNull();
  });

  it('fsyncs the file before the rename and the folder after it', async () => {
    const { fs, calls } = watchedFs();
    const target = join(dir, 'a.json');
    await new AtomicWriter({ fs, platform: 'linux' }).write(target, '{"a":1}');
    expect(calls).toEqual([
      'open file wx',
      'write',
      'sync file',
      'rename',
      'open dir r',
      'sync dir',
    ]);
    expect(readFileSync(target, 'utf8')).toBe('{"a":1}');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('on Windows, retries a rename the system refuses for a moment, and skips the folder sync', async () => {
    const { fs, calls } = watchedFs({ rename: (n) => (n < 2 ? errno('EPERM') : null) });
    const target = join(dir, 'a.json');
    await new AtomicWriter({ fs, platform: 'win32' }).write(target, 'x');
    expect(calls.filter((c) => c.startsWith('rename'))).toEqual([
      'rename failed EPERM',
      'rename failed EPERM',
      'rename',
    ]);
    expect(calls).not.toContain('sync dir');
    expect(readFileSync(target, 'utf8')).toBe('x');
  });

  it('a failed write rejects, keeps the old file and leaves no temporary file', async () => {
    const target = join(dir, 'a.json');
    writeFileSync(target, 'old');
    const { fs } = watchedFs({ rename: () => errno('EIO') });
    await expect(new AtomicWriter({ fs, platform: 'linux' }).write(target, 'new')).rejects.toThrow(
      'EIO',
    );
    expect(readdirSync(dir)).toEqual(['a.json']);
    expect(readFileSync(target, 'utf8')).toBe('old');
  });

  it('serializes writes to one file and lets a newer queued write replace an older one', async () => {
    const { fs, calls, maxInFlight } = watchedFs({ slowWriteMs: 5 });
    const writer = new AtomicWriter({ fs, platform: 'linux' });
    const target = join(dir, 'a.json');
    const writes = Array.from({ length: 20 }, (_, i) =>
      writer.write(target, JSON.stringify({ i })),
    );
    await Promise.all(writes);
    expect(maxInFlight()).toBe(1);
    // The first goes at once; the 19 that queued behind it become one write of the newest.
    expect(calls.filter((c) => c === 'rename')).toHaveLength(2);
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual({ i: 19 });
  });

  it('two writers (two processes) racing on one file always leave one whole version', async () => {
    const a = new AtomicWriter();
    const b = new AtomicWriter();
    const target = join(dir, 'settings.json');
    const big = (who: string, n: number) => JSON.stringify({ who, n, pad: 'x'.repeat(50_000) });
    for (let round = 0; round < 20; round++) {
      await Promise.all([a.write(target, big('a', round)), b.write(target, big('b', round))]);
      const value = JSON.parse(readFileSync(target, 'utf8'));
      expect(value.n).toBe(round);
      expect(readdirSync(dir)).toEqual(['settings.json']);
    }
  });

  it('removes a file only after the writes queued before', async () => {
    const writer = new AtomicWriter();
    const target = join(dir, 'a.json');
    const written = writer.write(target, 'x');
    await writer.remove(target);
    await written;
    expect(readdirSync(dir)).toEqual([]);
    await writer.remove(target); // already gone: fine
  });
});

describe('corrupt files kept aside', () => {
  it('sets a file aside under a new name each time, never over an earlier copy', async () => {
    const target = join(dir, 'settings.json');
    const now = new Date('2026-11-25T10:22:33.123Z');
    writeFileSync(target, 'first bad');
    const one = await setAside(target, now);
    writeFileSync(target, 'second bad');
    const two = await setAside(target, now);
    expect(one).toBe(`${target}.corrupt-2026-11-25T10-22-33.123Z-1`);
    expect(two).toBe(`${target}.corrupt-2026-11-25T10-22-33.123Z-2`);
    expect(readFileSync(one as string, 'utf8')).toBe('first bad');
    expect(readFileSync(two as string, 'utf8')).toBe('second bad');
    expect(readdirSync(dir)).not.toContain('settings.json');
    expect(await setAside(target, now)).toBeNull();
  });

  it('keeps a copy aside and leaves the file in place', async () => {
    const target = join(dir, 'project.json');
    writeFileSync(target, 'partly bad');
    const kept = await keepCopyAside(target);
    expect(readFileSync(kept as string, 'utf8')).toBe('partly bad');
    expect(readFileSync(target, 'utf8')).toBe('partly bad');
    expect(await keepCopyAside(join(dir, 'missing.json'))).toBeNull();
  });
});

describe('stray temporary files', () => {
  it('cleans those of a gone process or older than a minute, and nothing else', async () => {
    const dead = `.a.json.tf-99999999-0123abcd-1.tmp`;
    const liveYoung = `.b.json.tf-${process.pid}-0123abcd-2.tmp`;
    const liveOld = `.c.json.tf-${process.pid}-0123abcd-3.tmp`;
    const other = `.d.json.tmp`;
    for (const name of [dead, liveYoung, liveOld, other, 'settings.json']) {
      writeFileSync(join(dir, name), 'x');
    }
    const twoMinutesAgo = (Date.now() - 120_000) / 1000;
    utimesSync(join(dir, liveOld), twoMinutesAgo, twoMinutesAgo);
    const removed = await cleanStrayTempFiles(dir, { isAlive: (pid) => pid === process.pid });
    expect(removed.sort()).toEqual([dead, liveOld].sort());
    expect(readdirSync(dir).sort()).toEqual([liveYoung, other, 'settings.json'].sort());
    expect(await cleanStrayTempFiles(join(dir, 'missing'))).toEqual([]);
  });
});
