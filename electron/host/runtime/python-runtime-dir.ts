import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Where the bridge package (`python-runtime/`) is: in a packaged app electron-builder puts
 * it in `process.resourcesPath`; in development and from the bundled CLI it is found by
 * walking up from this module (dist/cli, dist/main or electron/host/runtime) to the
 * checkout's root.
 */
export function defaultPythonRuntimeDir(): string {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  const candidates: string[] = [];
  if (resourcesPath) candidates.push(join(resourcesPath, 'python-runtime'));
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let dir = resolve(here); ; dir = dirname(dir)) {
    candidates.push(join(dir, 'python-runtime'));
    if (dirname(dir) === dir) break;
  }
  candidates.push(join(process.cwd(), 'python-runtime'));
  return candidates.find((dir) => existsSync(join(dir, 'PROTOCOL.md'))) ?? candidates[0];
}
