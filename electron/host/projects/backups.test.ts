import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtomicWriter, type AtomicFs } from '../files/atomic-write';
import { BackupService, previewOf } from './backups';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tf-backups-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const alice = { owner: 'window:1' };
const bob = { owner: 'window:2' };
const pendulum = {
  name: 'pendulum',
  kind: 'project' as const,
  path: '/home/me/pendulum.twinforge',
};

function service(extra: Partial<ConstructorParameters<typeof BackupService>[0]> = {}) {
  return new BackupService({
    dir,
    describeProject: (id) => (id === 'p1' ? pendulum : null),
    hostname: 'lab-ws1',
    ...extra,
  });
}

const files = () => readdirSync(dir).filter((n) => n.endsWith('.json'));

describe('crash backups', () => {
  it('keeps a put on disk at once, and offers it back once its session has ended', async () => {
    const first = service();
    const { id } = await first.put(alice, {
      key: 'editor:p1',
      projectId: 'p1',
      data: { script: 'import pychrono as chrono\n\nsys = chrono.ChSystemNSC()\n' },
    });
    expect(files()).toEqual([`${id}.json`]);
    // Its own live backup is not "left over".
    expect(await first.list()).toEqual([]);

    // The host is killed; the next one finds it.
    const next = service();
    const [offered] = await next.list();
    expect(offered).toMatchObject({
      id,
      key: 'editor:p1',
      project: pendulum,
      preview: 'import pychrono as chrono sys = chrono.ChSystemNSC()',
      savedAt: expect.any(String),
    });
    const taken = await next.take(bob, id);
    expect(taken.data).toEqual({
      script: 'import pychrono as chrono\n\nsys = chrono.ChSystemNSC()\n',
    });
    // Taken: now bob's, not offered again, and gone once bob discards it.
    expect(await next.list()).toEqual([]);
    expect(files()).toEqual([`${taken.backup.id}.json`]);
    await expect(next.take(alice, id)).rejects.toThrow(/no longer there/);
    expect(await next.discard(bob, { key: 'editor:p1' })).toEqual({ ok: true });
    expect(files()).toEqual([]);
  });

  it('an owner that leaves (a closed tab) leaves its backups to be offered', async () => {
    const backups = service();
    await backups.put(alice, { key: 'chat-draft', data: 'a double pendulum with' });
    await backups.put(bob, { key: 'chat-draft', data: 'a rover on' });
    expect(files()).toHaveLength(2); // the same key of two owners: two backups
    backups.release(alice.owner);
    expect((await backups.list()).map((b) => b.preview)).toEqual(['a double pendulum with']);
    const [left] = await backups.list();
    expect(await backups.discard(bob, { id: left.id })).toEqual({ ok: true });
    expect(files()).toHaveLength(1);
  });

  it('does not offer the backups of another TwinForge running on this machine', async () => {
    const backups = service({ isAlive: (pid) => pid === 4242 });
    const other = (pid: number, key: string) => ({
      format: 1,
      key,
      owner: 'window:1',
      session: `s-${pid}`,
      pid,
      hostname: 'lab-ws1',
      savedAt: '2026-11-25T10:00:00.000Z',
      project: null,
      preview: key,
      data: key,
    });
    writeFileSync(join(dir, `${'a'.repeat(32)}.json`), JSON.stringify(other(4242, 'live')));
    writeFileSync(join(dir, `${'b'.repeat(32)}.json`), JSON.stringify(other(4343, 'crashed')));
    writeFileSync(join(dir, `${'c'.repeat(32)}.json`), '{ spoilt');
    expect((await backups.list()).map((b) => b.key)).toEqual(['crashed']);
    expect(readdirSync(dir).some((n) => n.startsWith(`${'c'.repeat(32)}.json.corrupt-`))).toBe(
      true,
    );
  });

  it('coalesces a burst of puts of one key without holding back the newest', async () => {
    let renames = 0;
    const fs: AtomicFs = {
      open: (path, flags, mode) => fsp.open(path, flags, mode),
      rename: async (from, to) => {
        renames += 1;
        await fsp.rename(from, to);
      },
      unlink: (path) => fsp.unlink(path),
      stat: (path) => fsp.stat(path),
    };
    const backups = service({ writer: new AtomicWriter({ fs }) });
    const puts = Array.from({ length: 50 }, (_, i) =>
      backups.put(alice, { key: 'editor', data: `import pychrono\n# keystroke ${i}\n` }),
    );
    const results = await Promise.all(puts);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(renames).toBeLessThanOrEqual(3);
    const [file] = files();
    expect(JSON.parse(readFileSync(join(dir, file), 'utf8')).data).toBe(
      'import pychrono\n# keystroke 49\n',
    );
  });

  it('refuses what is too big or not there, with the reason', async () => {
    const backups = service();
    await expect(
      backups.put(alice, { key: 'editor', data: 'x'.repeat(33_000_000) }),
    ).rejects.toThrow(/at most 32 MB/);
    await expect(backups.put(alice, { key: 'editor' })).rejects.toThrow(/needs data/);
    await expect(backups.take(alice, 'f'.repeat(32))).rejects.toThrow(/no longer there/);
    expect(await backups.discard(alice, { id: 'f'.repeat(32) })).toEqual({ ok: false });
  });

  it('previews the text a backup holds', () => {
    expect(previewOf('  hello\n world ')).toBe('hello world');
    expect(previewOf({ script: 'import x', versions: [] })).toBe('import x');
    expect(previewOf({ a: 1 })).toBe('{"a":1}');
  });
});
