import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type HelloMessage } from '../../common/stream';
import { staleBridgeProblem } from './stale-bridge';

const hello = (protocol: number, bridge?: string): HelloMessage => ({
  type: 'hello',
  protocol,
  python: '3.11.7',
  pychrono: '9.0.1',
  modules: {} as HelloMessage['modules'],
  dataPath: null,
  ...(bridge ? { bridge } : {}),
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-stale-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('staleBridgeProblem', () => {
  it('accepts a bridge of this protocol', () => {
    expect(staleBridgeProblem(hello(PROTOCOL_VERSION), {}, '/app/python-runtime')).toBeNull();
  });

  it('names the first other bridge on PYTHONPATH, skipping entries without one and TwinForge’s own', async () => {
    const empty = join(dir, 'site');
    const old = join(dir, 'old-checkout', 'python-runtime');
    await mkdir(empty, { recursive: true });
    await mkdir(join(old, 'twinforge_bridge'), { recursive: true });
    await writeFile(join(old, 'twinforge_bridge', '__main__.py'), '');
    const own = join(dir, 'app', 'python-runtime');
    const problem = staleBridgeProblem(
      hello(1),
      { PYTHONPATH: [empty, old, own].join(':') },
      own,
      ':',
    );
    expect(problem).toBe(
      `Python ran a stale TwinForge bridge (protocol 1; this TwinForge speaks protocol 2): ` +
        `${join(old, 'twinforge_bridge')}. It comes before TwinForge’s own bridge ` +
        `(${join(own, 'twinforge_bridge')}); remove it from PYTHONPATH, or delete it, and run again.`,
    );
  });

  it('believes the path a newer bridge gives, and says where to look when there is none', () => {
    expect(staleBridgeProblem(hello(3, '/opt/tf/twinforge_bridge'), {}, undefined)).toContain(
      'protocol 3; this TwinForge speaks protocol 2): /opt/tf/twinforge_bridge.',
    );
    expect(staleBridgeProblem(hello(1), { PYTHONPATH: dir }, undefined)).toContain(
      'not on PYTHONPATH: look in site-packages',
    );
  });
});
