// Where a user's settings, projects and recordings live when no Electron is there to say.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const APP_NAME = 'TwinForge';

/** The OS's usual per-user application folder, as Electron's `userData` would pick it. */
export function defaultUserDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_NAME);
}

/** `--user-data DIR` wins, then TWINFORGE_USER_DATA, then the OS default. */
export function resolveUserDataDir(flag: string | undefined, env = process.env): string {
  if (flag) return resolve(flag);
  if (env.TWINFORGE_USER_DATA) return resolve(env.TWINFORGE_USER_DATA);
  return defaultUserDataDir(process.platform, env);
}
