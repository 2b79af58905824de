import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cgroupDir,
  parseMountInfo,
  parseProcCgroup,
  removeStaleCgroups,
  RunCgroup,
  type CgroupParents,
} from './run-cgroup';

const MOUNTINFO = `25 30 0:22 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs ro,mode=755
26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw
27 25 0:24 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory
28 25 0:25 /docker/abc /sys/fs/cgroup/pids rw,nosuid - cgroup cgroup rw,pids
29 30 0:26 / /mnt/with\\040space rw - ext4 /dev/sda1 rw`;

describe('where cgroups are', () => {
  it('reads the mounted hierarchies, with escaped spaces decoded', () => {
    const mounts = parseMountInfo(MOUNTINFO);
    expect(mounts.find((m) => m.type === 'cgroup2')?.point).toBe('/sys/fs/cgroup/unified');
    expect(mounts.find((m) => m.superOptions.includes('memory'))?.point).toBe(
      '/sys/fs/cgroup/memory',
    );
    expect(mounts.at(-1)?.point).toBe('/mnt/with space');
  });

  it("reads this process's v2 path and v1 memory path", () => {
    expect(
      parseProcCgroup('4:memory:/process_api/abc\n1:cpu,cpuacct:/\n0::/user.slice/x.scope\n'),
    ).toEqual({ v2: '/user.slice/x.scope', v1Memory: '/process_api/abc' });
    expect(parseProcCgroup('0::/\n')).toEqual({ v2: '/', v1Memory: null });
  });

  it('maps a cgroup path into its mount, also when the mount shows only part of the tree', () => {
    const [, unified, , pids] = parseMountInfo(MOUNTINFO);
    expect(cgroupDir(unified, '/a/b')).toBe('/sys/fs/cgroup/unified/a/b');
    expect(cgroupDir(pids, '/docker/abc/run')).toBe('/sys/fs/cgroup/pids/run');
    expect(cgroupDir(pids, '/elsewhere')).toBeNull();
  });
});

describe('a run cgroup (on a stand-in tree of plain folders)', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function parents(v2Memory: boolean): CgroupParents {
    root = mkdtempSync(join(tmpdir(), 'tf-cgroup-'));
    mkdirSync(join(root, 'v2'));
    mkdirSync(join(root, 'v1'));
    return {
      v2: { dir: join(root, 'v2'), memory: v2Memory, kill: true },
      v1Memory: v2Memory ? null : join(root, 'v1'),
      problem: '',
    };
  }

  it('with v2 memory: sets memory.max, no swap, and the whole run as the OOM unit', () => {
    const p = parents(true);
    const cgroup = RunCgroup.create(p, 'abc', 1 << 30)!;
    const dir = join(p.v2!.dir, `twinforge-run-${process.pid}-abc`);
    expect(cgroup.dirs).toEqual([dir]);
    expect(cgroup.limitsMemory).toBe(true);
    expect(readFileSync(join(dir, 'memory.max'), 'utf8')).toBe(String(1 << 30));
    expect(readFileSync(join(dir, 'memory.swap.max'), 'utf8')).toBe('0');
    expect(readFileSync(join(dir, 'memory.oom.group'), 'utf8')).toBe('1');
    writeFileSync(join(dir, 'memory.events'), 'low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n');
    expect(cgroup.oomKills()).toBe(1);
    cgroup.killAll();
    expect(readFileSync(join(dir, 'cgroup.kill'), 'utf8')).toBe('1');
  });

  it('without v2 memory: tracks in v2 and limits memory and swap in the v1 memory cgroup', () => {
    const p = parents(false);
    const cgroup = RunCgroup.create(p, 'abc', 1 << 30)!;
    const v1 = join(p.v1Memory!, `twinforge-run-${process.pid}-abc`);
    expect(cgroup.dirs).toEqual([join(p.v2!.dir, `twinforge-run-${process.pid}-abc`), v1]);
    expect(readFileSync(join(v1, 'memory.limit_in_bytes'), 'utf8')).toBe(String(1 << 30));
    expect(readFileSync(join(v1, 'memory.memsw.limit_in_bytes'), 'utf8')).toBe(String(1 << 30));
    writeFileSync(join(v1, 'memory.oom_control'), 'oom_kill_disable 0\nunder_oom 0\noom_kill 2\n');
    expect(cgroup.oomKills()).toBe(2);
  });

  it('without a memory limit asked for, only tracks', () => {
    const cgroup = RunCgroup.create(parents(true), 'abc', 0)!;
    expect(cgroup.limitsMemory).toBe(false);
    expect(cgroup.oomKills()).toBe(0);
  });

  it('is not made where the parent is not writable, and leaves nothing half made', () => {
    const p = parents(false);
    const broken = { ...p, v1Memory: join(root, 'missing') };
    expect(RunCgroup.create(broken, 'abc', 1 << 30)).toBeNull();
    expect(existsSync(join(p.v2!.dir, `twinforge-run-${process.pid}-abc`))).toBe(false);
  });

  it("of a host that is gone is removed; a live host's is left alone", async () => {
    const p = parents(true);
    mkdirSync(join(p.v2!.dir, 'twinforge-run-999999-dead'));
    mkdirSync(join(p.v2!.dir, `twinforge-run-${process.pid}-live`));
    mkdirSync(join(p.v2!.dir, 'someone-else'));
    const removed = await removeStaleCgroups(p, (pid) => pid === process.pid);
    expect(removed).toEqual([join(p.v2!.dir, 'twinforge-run-999999-dead')]);
    expect(existsSync(join(p.v2!.dir, `twinforge-run-${process.pid}-live`))).toBe(true);
    expect(existsSync(join(p.v2!.dir, 'someone-else'))).toBe(true);
  });
});
