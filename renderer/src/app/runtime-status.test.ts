import { describe, expect, it } from 'vitest';
import type { RuntimeProbe } from '../../../electron/common/contract';
import { runtimeStatus } from './runtime-status';

const modules = {
  core: true,
  fea: true,
  vehicle: false,
  robot: false,
  sensor: false,
  irrlicht: false,
  pardisomkl: false,
  ros: false,
};
const installed: RuntimeProbe = {
  python: '/opt/conda/envs/twinforge/bin/python',
  pythonVersion: '3.12.4',
  source: 'conda',
  pychrono: '9.0.1',
  pychronoFound: true,
  pychronoPath: '/opt/conda/envs/twinforge/lib/python3.12/site-packages/pychrono',
  modules,
  dataPath: '/opt/conda/envs/twinforge/share/chrono/data/',
  problem: null,
  confinement: {
    active: false,
    method: null,
    memory: null,
    processes: 'process-group',
    note: 'Runs are not confined here.',
  },
};

describe('the status bar runtime item', () => {
  it('names the Python and PyChrono versions of an install', () => {
    const status = runtimeStatus(installed, false, null);
    expect(status).toMatchObject({ text: 'Python 3.12.4 · PyChrono 9.0.1', state: 'ok' });
  });

  it('shows a pychrono built from source as found, with an unknown version', () => {
    const built = { ...installed, pychrono: null, pychronoPath: '/home/dev/build/bin/pychrono' };
    const status = runtimeStatus(built, false, null);
    expect(status.text).toBe('Python 3.12.4 · PyChrono (version unknown)');
    expect(status.state).toBe('ok');
    expect(status.title).toContain('/home/dev/build/bin/pychrono');
  });

  it('says what is missing otherwise', () => {
    const without = {
      ...installed,
      pychrono: null,
      pychronoFound: false,
      pychronoPath: null,
      problem: 'pychrono is not installed in this Python',
    };
    expect(runtimeStatus(without, false, null)).toMatchObject({
      text: 'Python 3.12.4 · PyChrono not found',
      state: 'bad',
      title: 'pychrono is not installed in this Python',
    });
    expect(runtimeStatus({ ...without, python: null }, false, null).text).toBe('Python not found');
    expect(runtimeStatus(null, true, null).text).toBe('Python: checking…');
  });
});
