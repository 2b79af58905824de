import { describe, expect, it } from 'vitest';
import { guardedCommand, type BridgeSpawn } from './bridge-process';
import type { RunHolding } from './isolation';

const BRIDGE = ['-m', 'twinforge_bridge', 'run'];

const spec = (platform: NodeJS.Platform, holding: Partial<RunHolding> = {}): BridgeSpawn => ({
  python: '/envs/tf/bin/python',
  args: BRIDGE,
  guardScript: '/app/python-runtime/twinforge_bridge/guard.py',
  env: {},
  cwd: '/tmp/twinforge-run-1-abc',
  holding: { cgroup: null, bubblewrap: null, memory: 'rlimit-as', memoryMiB: 1024, ...holding },
  nonce: 'n',
  graceMs: 3000,
  platform,
});

/** The guard's own options, and the command after `--`. */
function split(args: string[]): { guard: string[]; command: string[] } {
  const dash = args.indexOf('--');
  return { guard: args.slice(0, dash), command: args.slice(dash + 1) };
}

describe('guardedCommand', () => {
  it('runs the bridge under the guard, with the stream fd passed on and a per-process limit', () => {
    const { command, args } = guardedCommand(spec('linux'));
    expect(command).toBe('/envs/tf/bin/python');
    const { guard, command: bridge } = split(args);
    expect(guard.slice(0, 3)).toEqual([
      '-I',
      '-S',
      '/app/python-runtime/twinforge_bridge/guard.py',
    ]);
    expect(guard.join(' ')).toContain('--grace 3');
    expect(guard.join(' ')).toContain('--pass-fd 3');
    expect(guard.join(' ')).toContain(`--rlimit-as ${1024 * 1024 * 1024}`);
    // The bridge's own command line, unchanged.
    expect(bridge).toEqual(['/envs/tf/bin/python', ...BRIDGE]);
  });

  it('joins the cgroups and keeps the rlimit only as a fallback when the cgroup holds memory', () => {
    const cgroup = { dirs: ['/sys/fs/cgroup/a', '/sys/fs/cgroup/memory/b'] } as never;
    const { guard } = split(guardedCommand(spec('linux', { cgroup, memory: 'cgroup' })).args);
    expect(guard.join(' ')).toContain('--cgroup /sys/fs/cgroup/a --cgroup /sys/fs/cgroup/memory/b');
    expect(guard).not.toContain('--rlimit-as');
    expect(guard.join(' ')).toContain(`--fallback-rlimit-as ${1024 * 1024 * 1024}`);
  });

  it('wraps the bridge in bubblewrap when confined, binding only the scratch folder writable', () => {
    const { args } = guardedCommand(spec('linux', { bubblewrap: '/usr/bin/bwrap' }));
    const { guard, command } = split(args);
    expect(guard).toContain('--signal-exit-codes');
    expect(command[0]).toBe('/usr/bin/bwrap');
    const line = command.join(' ');
    expect(line).toContain('--unshare-net');
    expect(line).toContain('--unshare-pid');
    expect(line).toContain('--die-with-parent');
    expect(line).toContain('--ro-bind / /');
    expect(line).toContain('--bind /tmp/twinforge-run-1-abc /tmp/twinforge-run-1-abc');
    expect(command.slice(command.indexOf('--') + 1)).toEqual(['/envs/tf/bin/python', ...BRIDGE]);
  });

  it('sets no limit when there is none, and starts Python directly on Windows', () => {
    const { guard } = split(guardedCommand(spec('darwin', { memory: null, memoryMiB: 0 })).args);
    expect(guard.join(' ')).not.toContain('rlimit');
    expect(guardedCommand(spec('win32'))).toEqual({ command: '/envs/tf/bin/python', args: BRIDGE });
  });
});
