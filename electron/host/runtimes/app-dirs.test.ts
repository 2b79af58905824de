import { describe, expect, it } from 'vitest';
import { appDirOf, defaultRuntimesRoot, packDirsOf } from './app-dirs';

describe('where packs shipped with the app are looked for', () => {
  it('in development: runtime-packs/ in the checkout', () => {
    const paths = {
      execPath: '/usr/bin/node',
      platform: 'linux' as const,
      arch: 'x64',
      env: {},
      pythonRuntimeDir: '/src/twinforge/python-runtime',
    };
    expect(appDirOf(paths)).toBe('/src/twinforge');
    // scripts/build-runtime-pack.mjs writes into runtime-packs/<os>-<arch>.
    expect(packDirsOf(paths)).toEqual([
      '/src/twinforge/runtime-packs',
      '/src/twinforge/runtime-packs/linux-x64',
    ]);
  });

  it('installed on Linux: the resources, the install folder, beside the AppImage', () => {
    const paths = {
      resourcesPath: '/tmp/.mount_TwinF/resources',
      execPath: '/tmp/.mount_TwinF/twinforge',
      platform: 'linux' as const,
      arch: 'x64',
      env: { APPIMAGE: '/home/ada/Apps/TwinForge.AppImage' },
      pythonRuntimeDir: '/tmp/.mount_TwinF/resources/python-runtime',
    };
    expect(appDirOf(paths)).toBe('/tmp/.mount_TwinF');
    expect(packDirsOf(paths)).toEqual([
      '/tmp/.mount_TwinF/resources/runtime-packs',
      '/tmp/.mount_TwinF/runtime-packs',
      '/home/ada/Apps/runtime-packs',
      '/tmp/.mount_TwinF/resources/runtime-packs/linux-x64',
    ]);
  });

  it('Electron started from a checkout: the checkout’s packs too', () => {
    const paths = {
      resourcesPath: '/src/twinforge/node_modules/electron/dist/resources',
      execPath: '/src/twinforge/node_modules/electron/dist/electron',
      platform: 'linux' as const,
      arch: 'x64',
      env: {},
      pythonRuntimeDir: '/src/twinforge/python-runtime',
    };
    expect(packDirsOf(paths)).toContain('/src/twinforge/runtime-packs/linux-x64');
  });

  it('installed on macOS: the app bundle is the app folder; packs sit beside it', () => {
    const paths = {
      resourcesPath: '/Applications/TwinForge.app/Contents/Resources',
      execPath: '/Applications/TwinForge.app/Contents/MacOS/TwinForge',
      platform: 'darwin' as const,
      arch: 'arm64',
      env: {},
      pythonRuntimeDir: '/Applications/TwinForge.app/Contents/Resources/python-runtime',
    };
    expect(appDirOf(paths)).toBe('/Applications/TwinForge.app');
    expect(packDirsOf(paths)).toEqual([
      '/Applications/TwinForge.app/Contents/Resources/runtime-packs',
      '/Applications/runtime-packs',
      '/Applications/TwinForge.app/Contents/Resources/runtime-packs/mac-arm64',
    ]);
  });
});

describe('where runtimes go', () => {
  it('in the user data folder when conda can live there', () => {
    expect(defaultRuntimesRoot('/home/ada/.config/TwinForge', 'linux', {}, '/home/ada')).toBe(
      '/home/ada/.config/TwinForge/runtimes',
    );
  });

  it('out of macOS’s “Application Support”, whose space conda cannot live under', () => {
    expect(
      defaultRuntimesRoot(
        '/Users/ada/Library/Application Support/TwinForge',
        'darwin',
        {},
        '/Users/ada',
      ),
    ).toBe('/Users/ada/Library/TwinForge/runtimes');
  });

  it('at the root of the system drive for a Windows user folder with a space', () => {
    expect(
      defaultRuntimesRoot(
        'C:\\Users\\Ada Lovelace\\AppData\\Roaming\\TwinForge',
        'win32',
        { SystemDrive: 'D:' },
        'C:\\Users\\Ada Lovelace',
      ),
    ).toBe('D:\\TwinForge\\runtimes');
  });
});
