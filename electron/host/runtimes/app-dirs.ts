// Where an installed app keeps its files; where packs shipped with it or copied next to it
// are looked for: runtime-packs/ in the app's resources (an offline installer puts them
// there), next to the app (an AppImage, the Windows install folder, the folder holding
// TwinForge.app), and in a development checkout; and where runtimes are installed.
import { dirname, join, win32 } from 'node:path';
import { pathProblem } from './target-checks';

export const PACKS_FOLDER = 'runtime-packs';
/** electron-builder's names of the OSes, as in runtime-packs/<os>-<arch>. */
const BUILDER_OS: Partial<Record<NodeJS.Platform, string>> = { darwin: 'mac', win32: 'win' };

interface AppPaths {
  resourcesPath?: string;
  execPath: string;
  platform: NodeJS.Platform;
  arch: string;
  env: NodeJS.ProcessEnv;
  /** The folder holding python-runtime/ (the checkout in development). */
  pythonRuntimeDir: string;
}

function currentPaths(pythonRuntimeDir: string, env: NodeJS.ProcessEnv): AppPaths {
  return {
    resourcesPath: (process as { resourcesPath?: string }).resourcesPath,
    execPath: process.execPath,
    platform: process.platform,
    arch: process.arch,
    env,
    pythonRuntimeDir,
  };
}

/** The application's own folder (replaced by an update), or the checkout in development. */
export function appDirOf(paths: AppPaths): string {
  if (paths.resourcesPath) {
    // TwinForge.app/Contents/Resources on macOS; <install dir>/resources elsewhere.
    const contents = dirname(paths.resourcesPath);
    return paths.platform === 'darwin' ? dirname(contents) : contents;
  }
  return dirname(paths.pythonRuntimeDir);
}

export function packDirsOf(paths: AppPaths): string[] {
  const dirs: string[] = [];
  if (paths.resourcesPath) {
    dirs.push(join(paths.resourcesPath, PACKS_FOLDER));
    const app = appDirOf(paths);
    // Next to the app: beside TwinForge.app, or in the install folder.
    dirs.push(join(paths.platform === 'darwin' ? dirname(app) : app, PACKS_FOLDER));
  }
  // An AppImage runs from a mount; the file itself sits where the user put it.
  if (paths.env.APPIMAGE) dirs.push(join(dirname(paths.env.APPIMAGE), PACKS_FOLDER));
  // Beside python-runtime/: the resources of an installed app, or a checkout, where
  // scripts/build-runtime-pack.mjs puts this machine's pack.
  const packs = join(dirname(paths.pythonRuntimeDir), PACKS_FOLDER);
  dirs.push(packs, join(packs, `${BUILDER_OS[paths.platform] ?? paths.platform}-${paths.arch}`));
  return [...new Set(dirs)];
}

export function defaultAppDir(pythonRuntimeDir: string, env: NodeJS.ProcessEnv): string {
  return appDirOf(currentPaths(pythonRuntimeDir, env));
}

export function defaultPackDirs(pythonRuntimeDir: string, env: NodeJS.ProcessEnv): string[] {
  return packDirsOf(currentPaths(pythonRuntimeDir, env));
}

/**
 * Where runtimes go: <userData>/runtimes, unless that path is one conda cannot live under
 * (macOS's "Application Support" has a space; so do many Windows user folders), then
 * ~/Library/TwinForge/runtimes on macOS and C:\TwinForge\runtimes on Windows. On Linux the
 * user data path is kept, and the install says how to choose another folder.
 */
export function defaultRuntimesRoot(
  userDataDir: string,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  home: string,
): string {
  const preferred = join(userDataDir, 'runtimes');
  if (pathProblem(preferred, platform) === null) return preferred;
  const fallback =
    platform === 'darwin'
      ? join(home, 'Library', 'TwinForge', 'runtimes')
      : platform === 'win32'
        ? win32.join(`${env.SystemDrive || 'C:'}\\`, 'TwinForge', 'runtimes')
        : null;
  return fallback && pathProblem(fallback, platform) === null ? fallback : preferred;
}
