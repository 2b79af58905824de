// Per-run cgroups (Linux): what this system lets the host do, and one run's cgroup. A run
// in its own cgroup is counted and killed whole: every process it starts stays in it
// (setsid does not leave a cgroup), its memory limit covers all of them together, and
// the kernel says when that limit was hit. cgroup v2 where it is writable; where v2 has
// no memory controller (hybrid systems), the v1 memory hierarchy for the limit.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

export interface CgroupParents {
  /** The cgroup v2 directory under which runs get their own, or null where none works. */
  v2: { dir: string; memory: boolean; kill: boolean } | null;
  /** The cgroup v1 memory directory for runs' limits, where v2 cannot limit memory. */
  v1Memory: string | null;
  /** Why cgroups cannot be used (or only in part), for the probe's note; '' when all works. */
  problem: string;
}

export const RUN_CGROUP_PREFIX = 'twinforge-run-';
const PROBE_PREFIX = 'twinforge-probe-';

interface Mount {
  root: string;
  point: string;
  type: string;
  superOptions: string[];
}

/** /proc/self/mountinfo, as far as cgroups need it (octal escapes such as \040 decoded). */
export function parseMountInfo(text: string): Mount[] {
  const unescape = (s: string) =>
    s.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const [before, after] = line.split(' - ');
    if (!after) continue;
    const fields = before.split(' ');
    const [type, , options = ''] = after.split(' ');
    mounts.push({
      root: unescape(fields[3] ?? ''),
      point: unescape(fields[4] ?? ''),
      type,
      superOptions: options.split(','),
    });
  }
  return mounts;
}

/** This process's cgroups: the v2 path and the v1 memory path (either may be absent). */
export function parseProcCgroup(text: string): { v2: string | null; v1Memory: string | null } {
  let v2: string | null = null;
  let v1Memory: string | null = null;
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    if (m[1] === '0' && m[2] === '') v2 = m[3];
    else if (m[2].split(',').includes('memory')) v1Memory = m[3];
  }
  return { v2, v1Memory };
}

/** The directory of a cgroup path in a mounted hierarchy, or null when it is not visible. */
export function cgroupDir(mount: Mount, path: string): string | null {
  const root = mount.root === '/' ? '' : mount.root;
  if (root && path !== root && !path.startsWith(`${root}/`)) return null;
  return join(mount.point, path.slice(root.length));
}

/** Runs `sh` in a fresh cgroup under `parent` to see that a process can join it there. */
function canJoin(parent: string): Promise<{ dir: string } | { problem: string }> {
  const dir = join(parent, `${PROBE_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(dir);
  } catch (err) {
    return Promise.resolve({ problem: `cannot create a cgroup in ${parent} (${errText(err)})` });
  }
  return new Promise((resolve) => {
    execFile(
      '/bin/sh',
      ['-c', 'echo $$ > "$1/cgroup.procs"', 'sh', dir],
      { timeout: 5000 },
      (err, _out, stderr) =>
        resolve(
          err
            ? {
                problem: `cannot move a process into ${parent}/… (${String(stderr).trim() || err.message})`,
              }
            : { dir },
        ),
    );
  });
}

/** Removes a cgroup directory, waiting briefly for exited processes to leave it. */
async function removeDir(dir: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    try {
      rmdirSync(dir);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY') throw err;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Finds where this host may make run cgroups. Slow-ish (spawns /bin/sh): call once. */
export async function detectCgroups(): Promise<CgroupParents> {
  if (process.platform !== 'linux') {
    return { v2: null, v1Memory: null, problem: 'cgroups exist only on Linux' };
  }
  let mounts: Mount[];
  let own: ReturnType<typeof parseProcCgroup>;
  try {
    mounts = parseMountInfo(readFileSync('/proc/self/mountinfo', 'utf8'));
    own = parseProcCgroup(readFileSync('/proc/self/cgroup', 'utf8'));
  } catch (err) {
    return { v2: null, v1Memory: null, problem: `cannot read /proc (${errText(err)})` };
  }
  const problems: string[] = [];
  let v2: CgroupParents['v2'] = null;
  const unified = mounts.find((m) => m.type === 'cgroup2');
  const v2Parent = unified && own.v2 !== null ? cgroupDir(unified, own.v2) : null;
  if (v2Parent) {
    enableMemoryController(v2Parent);
    const joined = await canJoin(v2Parent);
    if ('dir' in joined) {
      v2 = {
        dir: v2Parent,
        memory: existsSync(join(joined.dir, 'memory.max')),
        kill: existsSync(join(joined.dir, 'cgroup.kill')),
      };
      await removeDir(joined.dir).catch(() => undefined);
    } else problems.push(joined.problem);
  } else problems.push('no cgroup v2 hierarchy is mounted');

  let v1Memory: string | null = null;
  if (!v2?.memory) {
    const memoryMount = mounts.find(
      (m) => m.type === 'cgroup' && m.superOptions.includes('memory'),
    );
    const v1Parent =
      memoryMount && own.v1Memory !== null ? cgroupDir(memoryMount, own.v1Memory) : null;
    if (v1Parent) {
      const joined = await canJoin(v1Parent);
      if ('dir' in joined) {
        if (existsSync(join(joined.dir, 'memory.limit_in_bytes'))) v1Memory = v1Parent;
        await removeDir(joined.dir).catch(() => undefined);
      } else problems.push(joined.problem);
    } else if (v2) problems.push('the cgroup v2 hierarchy has no memory controller here');
  }
  return { v2, v1Memory, problem: problems.join('; ') };
}

/** Asks for the memory controller in children of `dir` (works where the system allows it:
 *  a delegated cgroup without processes of its own, or the root). */
function enableMemoryController(dir: string): void {
  try {
    const available = readFileSync(join(dir, 'cgroup.controllers'), 'utf8').split(/\s+/);
    const enabled = readFileSync(join(dir, 'cgroup.subtree_control'), 'utf8').split(/\s+/);
    if (available.includes('memory') && !enabled.includes('memory')) {
      writeFileSync(join(dir, 'cgroup.subtree_control'), '+memory');
    }
  } catch {
    // not allowed here: runs get a per-process limit instead
  }
}

/** One run's cgroups: the directories its guard joins, its memory limit, its kill switch. */
export class RunCgroup {
  private constructor(
    /** Every directory the run's processes join (a v2 one, a v1 memory one, or both). */
    readonly dirs: string[],
    private readonly memory: { dir: string; version: 1 | 2 } | null,
    private readonly killFile: string | null,
  ) {}

  /**
   * Makes the run's cgroups, named after the host's pid so that a later host knows whose
   * they were. Null when none could be made (the caller falls back to rlimits).
   */
  static create(parents: CgroupParents, name: string, memoryBytes: number): RunCgroup | null {
    const dirName = `${RUN_CGROUP_PREFIX}${process.pid}-${name}`;
    const made: string[] = [];
    try {
      let memory: RunCgroup['memory'] = null;
      let killFile: string | null = null;
      if (parents.v2) {
        const dir = join(parents.v2.dir, dirName);
        mkdirSync(dir);
        made.push(dir);
        if (parents.v2.kill) killFile = join(dir, 'cgroup.kill');
        if (parents.v2.memory && memoryBytes > 0) {
          writeFileSync(join(dir, 'memory.max'), String(memoryBytes));
          writeOptional(join(dir, 'memory.swap.max'), '0');
          // The kernel kills the whole run at once rather than one process of it.
          writeOptional(join(dir, 'memory.oom.group'), '1');
          memory = { dir, version: 2 };
        }
      }
      if (!memory && parents.v1Memory && memoryBytes > 0) {
        const dir = join(parents.v1Memory, dirName);
        mkdirSync(dir);
        made.push(dir);
        writeFileSync(join(dir, 'memory.limit_in_bytes'), String(memoryBytes));
        // Memory plus swap, where swap accounting is on: the run cannot spill into swap.
        writeOptional(join(dir, 'memory.memsw.limit_in_bytes'), String(memoryBytes));
        writeOptional(join(dir, 'memory.swappiness'), '0');
        memory = { dir, version: 1 };
      }
      if (!made.length) return null;
      return new RunCgroup(made, memory, killFile);
    } catch {
      for (const dir of made.reverse()) rmdirQuietly(dir);
      return null;
    }
  }

  /** True when the run's memory limit is one limit for all of its processes. */
  get limitsMemory(): boolean {
    return this.memory !== null;
  }

  /** How many times the kernel killed a process of the run for its memory limit. */
  oomKills(): number {
    if (!this.memory) return 0;
    const file = this.memory.version === 2 ? 'memory.events' : 'memory.oom_control';
    try {
      const m = /^oom_kill (\d+)$/m.exec(readFileSync(join(this.memory.dir, file), 'utf8'));
      return m ? Number(m[1]) : 0;
    } catch {
      return 0;
    }
  }

  /** The pids in the run's cgroup now. */
  pids(): number[] {
    return readPids(this.dirs[0]);
  }

  /** SIGKILL to every process of the run, at once where the kernel has cgroup.kill. */
  killAll(): void {
    if (this.killFile) {
      try {
        writeFileSync(this.killFile, '1');
        return;
      } catch {
        // an older kernel after all: kill the listed processes
      }
    }
    for (const pid of this.pids()) killQuietly(pid);
  }

  /** Kills whatever is left and removes the cgroups. */
  async remove(): Promise<void> {
    for (let round = 0; round < 100 && this.pids().length; round++) {
      this.killAll();
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const dir of [...this.dirs].reverse()) await removeDir(dir).catch(() => undefined);
  }
}

/**
 * Kills and removes run cgroups left by hosts that are gone (killed before they could
 * clean up), in the parents this host uses.
 */
export async function removeStaleCgroups(
  parents: CgroupParents,
  isAlive: (pid: number) => boolean,
): Promise<string[]> {
  const removed: string[] = [];
  const roots = [parents.v2?.dir, parents.v1Memory].filter((d): d is string => Boolean(d));
  for (const root of roots) {
    let entries: string[];
    try {
      entries = readdirSync(root);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const m = new RegExp(`^(?:${RUN_CGROUP_PREFIX}|${PROBE_PREFIX})(\\d+)-`).exec(entry);
      if (!m || isAlive(Number(m[1]))) continue;
      const dir = join(root, entry);
      const kill = join(dir, 'cgroup.kill');
      for (let round = 0; round < 100; round++) {
        const pids = readPids(dir);
        if (!pids.length) break;
        if (existsSync(kill)) writeOptional(kill, '1');
        else for (const pid of pids) killQuietly(pid);
        await new Promise((r) => setTimeout(r, 10));
      }
      await removeDir(dir).then(
        () => removed.push(dir),
        () => undefined,
      );
    }
  }
  return removed;
}

function readPids(dir: string): number[] {
  try {
    return readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

function writeOptional(file: string, value: string): void {
  try {
    writeFileSync(file, value);
  } catch {
    // not offered by this kernel or configuration
  }
}

function rmdirQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // already gone, or still busy: a later host's stale sweep removes it
  }
}

function errText(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}
