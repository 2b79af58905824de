import { delimiter } from 'node:path';

/**
 * Variables that would change how a Node or Electron process behaves. The run's Python
 * process does not need them, and a script that starts Node (or a helper that re-uses
 * the environment) must not inherit the app's own switches, such as ELECTRON_RUN_AS_NODE.
 */
export function isNodeOrElectronVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return upper.startsWith('ELECTRON_') || upper.startsWith('NODE_') || upper === 'NODE_OPTIONS';
}

/** Secrets of the host that a run's script must never see (serve's access token). */
const HOST_SECRETS = new Set(['TWINFORGE_TOKEN']);

/**
 * The environment of a bridge process: the user's environment without Node/Electron
 * switches and without the host's secrets, with the bridge package appended to PYTHONPATH (the user's own PYTHONPATH
 * keeps its entries and their order), and unbuffered output so prints reach the console
 * as they happen.
 */
export function bridgeEnv(
  env: NodeJS.ProcessEnv,
  pythonRuntimeDir: string,
  pathDelimiter: string = delimiter,
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || isNodeOrElectronVariable(name)) continue;
    if (HOST_SECRETS.has(name.toUpperCase())) continue;
    out[name] = value;
  }
  const userPath = (env.PYTHONPATH ?? '').split(pathDelimiter).filter(Boolean);
  out.PYTHONPATH = [...userPath.filter((p) => p !== pythonRuntimeDir), pythonRuntimeDir].join(
    pathDelimiter,
  );
  out.PYTHONUNBUFFERED = '1';
  return out;
}
