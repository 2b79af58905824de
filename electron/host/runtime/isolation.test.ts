import { describe, expect, it } from 'vitest';
import { confinedEnv } from './bubblewrap';
import { describeConfinement, holdRun, type IsolationSupport } from './isolation';

const full: IsolationSupport = {
  platform: 'linux',
  cgroups: {
    v2: { dir: '/sys/fs/cgroup/x', memory: true, kill: true },
    v1Memory: null,
    problem: '',
  },
  bubblewrap: { path: '/usr/bin/bwrap' },
};
const bare: IsolationSupport = {
  platform: 'linux',
  cgroups: {
    v2: null,
    v1Memory: null,
    problem: 'cannot create a cgroup in /sys/fs/cgroup (EACCES)',
  },
  bubblewrap: { problem: 'bubblewrap (bwrap) is not installed; install the bubblewrap package' },
};

describe('what holds runs, as the probe says it', () => {
  it('with bubblewrap and a v2 memory controller: confined, one limit, killed by cgroup', () => {
    const c = describeConfinement(full, true, 1024);
    expect(c).toMatchObject({
      active: true,
      method: 'bubblewrap',
      memory: 'cgroup',
      processes: 'cgroup',
    });
    expect(c.note).toContain('Runs are confined with bubblewrap');
    expect(c.note).toContain('one limit of 1 GiB for all processes of a run together (cgroup)');
  });

  it('with neither: not confined, says why, and that children count separately', () => {
    const c = describeConfinement(bare, true, 8192);
    expect(c).toMatchObject({
      active: false,
      method: null,
      memory: 'rlimit-as',
      processes: 'subreaper',
    });
    expect(c.note).toContain('Runs are not confined (bubblewrap (bwrap) is not installed');
    expect(c.note).toContain('each process of a run may use 8 GiB of address space (RLIMIT_AS)');
    expect(c.note).toContain('counted separately');
    expect(c.note).toContain('no cgroup: cannot create a cgroup');
  });

  it('says when confinement is turned off, and that Windows has no memory limit', () => {
    expect(describeConfinement(full, false, 1024).note).toContain('turned off in the settings');
    const windows = describeConfinement({ ...bare, platform: 'win32' }, true, 1024);
    expect(windows).toMatchObject({ memory: null, processes: 'process-group' });
    expect(windows.note).toContain('Memory is not limited on Windows');
  });

  it('holds an unconfined run without bubblewrap, and with the per-process limit where no cgroup is', () => {
    expect(holdRun(bare, 'r', 1024, true)).toEqual({
      cgroup: null,
      bubblewrap: null,
      memory: 'rlimit-as',
      memoryMiB: 1024,
    });
    expect(holdRun({ ...full, platform: 'darwin' }, 'r', 1024, false).bubblewrap).toBeNull();
  });
});

describe('a confined run', () => {
  it('gets no socket addresses, and a matplotlib folder in its scratch folder', () => {
    const env = confinedEnv(
      {
        HOME: '/home/ada',
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
        DISPLAY: ':0',
        SSH_AUTH_SOCK: '/tmp/ssh/agent',
      },
      '/tmp/twinforge-run-1-abc',
    );
    expect(env).toEqual({
      HOME: '/home/ada',
      MPLCONFIGDIR: '/tmp/twinforge-run-1-abc/.matplotlib',
    });
    expect(confinedEnv({ MPLCONFIGDIR: '/mine' }, '/s').MPLCONFIGDIR).toBe('/mine');
  });
});
