import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPythonRuntimeDir } from './python-runtime-dir';

describe('defaultPythonRuntimeDir', () => {
  it('finds the checkout’s python-runtime from the sources', () => {
    const dir = defaultPythonRuntimeDir();
    expect(dir).toBe(join(__dirname, '..', '..', '..', 'python-runtime'));
    expect(existsSync(join(dir, 'PROTOCOL.md'))).toBe(true);
  });

  it('prefers the packaged app’s resources folder when it holds the bridge', () => {
    const proc = process as { resourcesPath?: string };
    proc.resourcesPath = join(__dirname, '..', '..', '..');
    try {
      expect(defaultPythonRuntimeDir()).toBe(join(proc.resourcesPath, 'python-runtime'));
    } finally {
      delete proc.resourcesPath;
    }
  });
});
