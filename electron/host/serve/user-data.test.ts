import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultUserDataDir, resolveUserDataDir } from './user-data';

describe('the user-data folder', () => {
  it("is the OS's usual per-user application folder", () => {
    expect(defaultUserDataDir('linux', {}, '/home/ada')).toBe('/home/ada/.config/TwinForge');
    expect(defaultUserDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ada')).toBe(
      '/xdg/TwinForge',
    );
    expect(defaultUserDataDir('darwin', {}, '/Users/ada')).toBe(
      '/Users/ada/Library/Application Support/TwinForge',
    );
    expect(
      defaultUserDataDir(
        'win32',
        { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' },
        'C:\\Users\\ada',
      ),
    ).toBe(join('C:\\Users\\ada\\AppData\\Roaming', 'TwinForge'));
  });

  it('is overridden by --user-data, then by TWINFORGE_USER_DATA', () => {
    const env = { TWINFORGE_USER_DATA: '/from/env' };
    expect(resolveUserDataDir('/from/flag', env)).toBe('/from/flag');
    expect(resolveUserDataDir(undefined, env)).toBe('/from/env');
    expect(resolveUserDataDir('relative/dir', env)).toBe(resolve('relative/dir'));
  });
});
