import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Configuration, FileSet } from 'app-builder-lib';

const root = resolve(__dirname, '..');
let config: Configuration;

function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function targets(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map((t) =>
    typeof t === 'string' ? t : (t as { target: string }).target,
  );
}

beforeAll(async () => {
  // electron-builder's own loader and schema: what `npm run dist` would read and check.
  config = await getConfig(root, join(root, 'electron-builder.yml'), null);
});

describe('electron-builder.yml', () => {
  // The first validation compiles electron-builder's large schema: seconds on a busy machine.
  it("passes electron-builder's schema validation", { timeout: 30_000 }, async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('the schema check is live: a misspelt key fails it', async () => {
    const broken = { ...config, lunix: { target: ['AppImage'] } } as Configuration;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/lunix/);
  });

  it('names the app', () => {
    expect(config.appId).toBe('org.twinforge.app');
    expect(config.productName).toBe('TwinForge');
  });

  it('packs the built main, preload and renderer, whose entry package.json points at', () => {
    // The loader normalises `files` into file sets; gather their patterns.
    const files = (config.files as Array<string | FileSet>).flatMap((f) =>
      typeof f === 'string' ? [f] : ([] as string[]).concat(f.filter ?? []),
    );
    for (const part of ['dist/main/**', 'dist/preload/**', 'dist/renderer/**']) {
      expect(files).toContain(part);
    }
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/main/main.js');
  });

  it('sets the Electron fuses that close the packaged app to outside code', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // The schema knows every one of them (the validation above passes); a misspelt fuse
    // fails it.
    const misspelt = { ...config, electronFuses: { runAsNodee: false } } as Configuration;
    return expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(
      /configuration\.electronFuses/,
    );
  });

  it('ships a runtime pack for an offline installer when one was built for the target', () => {
    const extra = config.extraResources as FileSet[];
    // ${os} and ${arch} are the target's (linux|mac|win, x64|arm64), where
    // scripts/build-runtime-pack.mjs writes its pack and manifest.
    expect(extra).toContainEqual({
      from: 'runtime-packs/${os}-${arch}',
      to: 'runtime-packs',
      filter: ['*.tar.gz', 'runtime-pack.json'],
    });
  });

  it('ships python-runtime/ as extra resources', () => {
    const extra = config.extraResources as FileSet[];
    expect(extra).toContainEqual(
      expect.objectContaining({ from: 'python-runtime', to: 'python-runtime' }),
    );
    expect(existsSync(join(root, 'python-runtime'))).toBe(true);
  });

  it('builds AppImage and deb for Linux, NSIS for Windows and dmg for macOS', () => {
    expect(targets(config.linux?.target).sort()).toEqual(['AppImage', 'deb']);
    expect(targets(config.win?.target)).toEqual(['nsis']);
    expect(targets(config.mac?.target)).toEqual(['dmg']);
  });

  it('points every platform at icons that exist, at the sizes the packagers need', () => {
    const linuxDir = join(root, String(config.linux?.icon));
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(join(linuxDir, `${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
    // Windows needs at least 256x256, macOS at least 512x512.
    expect(pngSize(join(root, String(config.win?.icon))).width).toBeGreaterThanOrEqual(256);
    expect(pngSize(join(root, String(config.mac?.icon))).width).toBeGreaterThanOrEqual(512);
  });
});
