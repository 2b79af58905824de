import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectLocks } from './project-locks';

let folder: string;
beforeEach(() => {
  folder = join(mkdtempSync(join(tmpdir(), 'tf-locks-')), 'pendulum.twinforge');
  mkdirSync(folder);
});
afterEach(() => rmSync(join(folder, '..'), { recursive: true, force: true }));

const holder = { label: 'a TwinForge window', since: '2026-11-25T10:00:00.000Z' };

describe('project lock files', () => {
  it('refreshes the heartbeat while held, and goes on release and on dispose', async () => {
    const locks = new ProjectLocks({ hostname: 'lab-ws1', heartbeatMs: 20 });
    await locks.hold(folder, [holder]);
    const file = locks.fileFor(folder);
    const first = JSON.parse(readFileSync(file, 'utf8')).heartbeatAt;
    await new Promise((r) => setTimeout(r, 80));
    expect(Date.parse(JSON.parse(readFileSync(file, 'utf8')).heartbeatAt)).toBeGreaterThan(
      Date.parse(first),
    );
    await locks.hold(folder, []);
    expect(existsSync(join(folder, '.locks'))).toBe(false);
    await locks.hold(folder, [holder]);
    await locks.dispose();
    expect(existsSync(file)).toBe(false);
  });

  it('a live process elsewhere is reported; one gone from this machine, or silent too long, is stale', async () => {
    const now = new Date('2026-11-25T10:00:30.000Z');
    const other = new ProjectLocks({ hostname: 'lab-ws2', pid: 4242, now: () => now });
    const here = new ProjectLocks({ hostname: 'lab-ws1', now: () => now, isAlive: () => false });
    await other.hold(folder, [holder]);
    expect(await here.others(folder)).toEqual([
      { by: 'a TwinForge window (pid 4242 on lab-ws2)', since: holder.since },
    ]);
    const later = new ProjectLocks({
      hostname: 'lab-ws1',
      now: () => new Date(now.getTime() + 31_000),
    });
    expect(await later.others(folder)).toEqual([]);
    expect(existsSync(other.fileFor(folder))).toBe(false);

    const sameMachine = new ProjectLocks({ hostname: 'lab-ws1', pid: 4242, now: () => now });
    await sameMachine.hold(folder, [holder]);
    expect(await here.others(folder)).toEqual([]); // pid 4242 is gone (isAlive: false)
    await Promise.all([other, here, later, sameMachine].map((l) => l.dispose()));
  });
});
