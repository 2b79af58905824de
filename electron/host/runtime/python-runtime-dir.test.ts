import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
    const resources = mkdtempSync(join(tmpdir(), 'tf-resources-'));
    mkdirSync(join(resources, 'python-runtime'));
    writeFileSync(join(resources, 'python-runtime', 'PROTOCOL.md'), '# protocol\n');
    const proc = process as { resourcesPath?: string };
    proc.resourcesPath = resources;
    try {
      expect(defaultPythonRuntimeDir()).toBe(join(resources, 'python-runtime'));
    } finally {
      delete proc.resourcesPath;
      rmSync(resources, { recursive: true, force: true });
    }
  });
});
