import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bubblewrapArgs, pathsToKeep } from './bubblewrap';

const dir = mkdtempSync('/tmp/tf-bwrap-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('what a confined run still sees of /tmp and /run', () => {
  it('keeps an AppImage mount, a runtime and a virtual environment there, and nothing else', () => {
    // A venv's python is a link to the system's; its packages stay in the venv.
    const venv = join(dir, 'venv');
    mkdirSync(join(venv, 'bin'), { recursive: true });
    symlinkSync('/usr/bin/python3', join(venv, 'bin', 'python'));
    expect(pathsToKeep(join(venv, 'bin', 'python'), [])).toEqual([venv]);

    const runtime = join(dir, 'runtimes', 'pychrono-9.0.1');
    mkdirSync(join(runtime, 'bin'), { recursive: true });
    writeFileSync(join(runtime, 'bin', 'python'), '#!/bin/sh\n');
    const app = '/tmp/.mount_TwinFo1a2b3c/resources/python-runtime';
    expect(
      pathsToKeep(join(runtime, 'bin', 'python'), [app, join(runtime, 'lib', 'extra'), '/opt/x']),
    ).toEqual([app, runtime]);

    // A system interpreter and folders elsewhere need nothing back.
    expect(pathsToKeep('/usr/bin/python3', ['/home/me/bridge', '/tmp', 'relative'])).toEqual([]);
  });

  it('gives the kept folders back read-only, after the empty /tmp, before the scratch folder', () => {
    const args = bubblewrapArgs('/usr/bin/bwrap', '/tmp/tf-run-1', ['python'], ['/tmp/app']);
    const at = (flag: string, path: string) =>
      args.findIndex((a, i) => a === flag && args[i + 1] === path);
    expect(at('--tmpfs', '/tmp')).toBeLessThan(at('--ro-bind-try', '/tmp/app'));
    expect(at('--ro-bind-try', '/tmp/app')).toBeLessThan(at('--bind', '/tmp/tf-run-1'));
    expect(args.slice(-2)).toEqual(['--', 'python']);
  });
});
