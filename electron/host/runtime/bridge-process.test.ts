import { describe, expect, it } from 'vitest';
import { limitedCommand, type BridgeSpawn } from './bridge-process';

const spec = (platform: NodeJS.Platform, memoryMiB: number): BridgeSpawn => ({
  python: '/envs/tf/bin/python',
  args: ['-m', 'twinforge_bridge', 'run'],
  env: {},
  cwd: '/tmp',
  memoryMiB,
  platform,
});

describe('limitedCommand', () => {
  it('on Linux limits the data size and asks the kernel to kill Python with the host', () => {
    const { command, args } = limitedCommand(spec('linux', 8192));
    expect(command).toBe('/bin/sh');
    expect(args[1]).toContain(`ulimit -d ${8192 * 1024}`);
    expect(args[1]).toContain('setpriv --pdeathsig KILL');
    // The shell execs Python with the bridge's own arguments, unchanged.
    expect(args.slice(2)).toEqual(['/envs/tf/bin/python', '-m', 'twinforge_bridge', 'run']);
    expect(args[1].trim().endsWith('exec "$0" "$@"')).toBe(true);
  });

  it('on macOS sets the address-space limit', () => {
    const { args } = limitedCommand(spec('darwin', 1024));
    expect(args[1]).toContain(`ulimit -v ${1024 * 1024}`);
    expect(args[1]).not.toContain('setpriv');
  });

  it('starts Python directly when there is nothing to set', () => {
    expect(limitedCommand(spec('darwin', 0))).toEqual({
      command: '/envs/tf/bin/python',
      args: ['-m', 'twinforge_bridge', 'run'],
    });
    expect(limitedCommand(spec('win32', 8192)).command).toBe('/envs/tf/bin/python');
  });
});
