import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronBinary, missingDisplay } from './electron-binary.mjs';

let dir: string;
let pkg: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tf-electron-bin-'));
  pkg = join(dir, 'node_modules', 'electron');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ version: '45.5.0' }));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function installBinary(version: string) {
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  writeFileSync(join(pkg, 'dist', 'electron'), '');
  writeFileSync(join(pkg, 'dist', 'version'), version);
}

describe('finding the Electron binary', () => {
  it('says why when the package was installed without its download', () => {
    expect(findElectronBinary({ env: {}, platform: 'linux', electronDir: pkg })).toEqual({
      why: 'the electron package has no binary (its download did not run)',
    });
    expect(findElectronBinary({ env: {}, platform: 'linux', electronDir: null })).toEqual({
      why: 'the electron package is not installed',
    });
  });

  it("uses the package's own download when its version matches", () => {
    installBinary('v45.5.0');
    expect(findElectronBinary({ env: {}, platform: 'linux', electronDir: pkg })).toEqual({
      path: join(pkg, 'dist', 'electron'),
    });
  });

  it('refuses a binary of another version', () => {
    installBinary('44.0.0');
    expect(findElectronBinary({ env: {}, platform: 'linux', electronDir: pkg })).toEqual({
      why: 'the Electron binary is version 44.0.0, the package wants 45.5.0',
    });
  });

  it('prefers ELECTRON_OVERRIDE_DIST_PATH, and says so when it points at nothing', () => {
    const custom = join(dir, 'custom');
    mkdirSync(custom);
    const env = { ELECTRON_OVERRIDE_DIST_PATH: custom };
    expect(findElectronBinary({ env, platform: 'linux', electronDir: pkg })).toEqual({
      why: `ELECTRON_OVERRIDE_DIST_PATH is set but ${join(custom, 'electron')} does not exist`,
    });
    writeFileSync(join(custom, 'electron.exe'), '');
    expect(findElectronBinary({ env, platform: 'win32', electronDir: pkg })).toEqual({
      path: join(custom, 'electron.exe'),
    });
  });

  it('knows Linux needs a display', () => {
    expect(missingDisplay({}, 'linux')).toBe(true);
    expect(missingDisplay({ DISPLAY: ':0' }, 'linux')).toBe(false);
    expect(missingDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(false);
    expect(missingDisplay({}, 'win32')).toBe(false);
  });
});
