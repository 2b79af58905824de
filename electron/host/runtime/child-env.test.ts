import { describe, expect, it } from 'vitest';
import { bridgeEnv } from './child-env';

describe('bridgeEnv', () => {
  it('drops Electron and Node switches and keeps everything else', () => {
    const env = bridgeEnv(
      {
        HOME: '/home/ada',
        ELECTRON_RUN_AS_NODE: '1',
        ELECTRON_NO_ATTACH_CONSOLE: '1',
        NODE_OPTIONS: '--inspect',
        NODE_PATH: '/x',
        CONDA_PREFIX: '/opt/conda/envs/twinforge',
      },
      '/app/python-runtime',
      ':',
    );
    expect(env.HOME).toBe('/home/ada');
    expect(env.CONDA_PREFIX).toBe('/opt/conda/envs/twinforge');
    expect(
      Object.keys(env).filter((k) => k.startsWith('ELECTRON') || k.startsWith('NODE')),
    ).toEqual([]);
  });

  it("never passes serve's access token to a run", () => {
    const env = bridgeEnv({ TWINFORGE_TOKEN: 'secret-token-123', HOME: '/h' }, '/r', ':');
    expect(env.TWINFORGE_TOKEN).toBeUndefined();
    expect(Object.values(env)).not.toContain('secret-token-123');
  });

  it('keeps the user PYTHONPATH first and appends the bridge package', () => {
    const env = bridgeEnv({ PYTHONPATH: '/a:/b' }, '/app/python-runtime', ':');
    expect(env.PYTHONPATH).toBe('/a:/b:/app/python-runtime');
  });

  it('sets PYTHONPATH to the bridge package alone when the user has none', () => {
    expect(bridgeEnv({}, '/app/python-runtime', ':').PYTHONPATH).toBe('/app/python-runtime');
  });

  it('asks for unbuffered output so prints stream live', () => {
    expect(bridgeEnv({}, '/r', ':').PYTHONUNBUFFERED).toBe('1');
  });
});
