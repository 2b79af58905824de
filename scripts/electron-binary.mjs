// Finds the Electron binary without triggering the electron package's download (its
// `require('electron')` fetches the binary when missing, which needs the network).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const EXECUTABLES = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
};

/**
 * @param {{ env: NodeJS.ProcessEnv, platform: NodeJS.Platform, electronDir: string | null }} where
 * @returns {{ path: string } | { why: string }}
 */
export function findElectronBinary({ env, platform, electronDir }) {
  const pathFile = electronDir ? join(electronDir, 'path.txt') : null;
  const executable =
    pathFile && existsSync(pathFile)
      ? readFileSync(pathFile, 'utf8').trim()
      : (EXECUTABLES[platform] ?? 'electron');

  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(env.ELECTRON_OVERRIDE_DIST_PATH, executable);
    return existsSync(path)
      ? { path }
      : { why: `ELECTRON_OVERRIDE_DIST_PATH is set but ${path} does not exist` };
  }
  if (!electronDir) return { why: 'the electron package is not installed' };

  const dist = join(electronDir, 'dist');
  const path = join(dist, executable);
  if (!existsSync(path))
    return { why: 'the electron package has no binary (its download did not run)' };
  const wanted = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  const versionFile = join(dist, 'version');
  const found = existsSync(versionFile)
    ? readFileSync(versionFile, 'utf8').trim().replace(/^v/, '')
    : null;
  if (found !== wanted) {
    return {
      why: `the Electron binary is version ${found ?? 'unknown'}, the package wants ${wanted}`,
    };
  }
  return { path };
}

/** Linux needs a display server for a window; elsewhere there always is one. */
export function missingDisplay(env, platform) {
  return platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY;
}
