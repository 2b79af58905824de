// A bridge that speaks another protocol than this host: usually an old copy of the
// `twinforge_bridge` package that the user's PYTHONPATH puts before TwinForge's own (the
// host appends its bridge after the user's entries, see child-env.ts). It is not used:
// the run ends with an error that names the copy Python found.
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { PROTOCOL_VERSION, type HelloMessage } from '../../common/stream';

/** Null when the bridge speaks this host's protocol, else the problem in one message. */
export function staleBridgeProblem(
  hello: HelloMessage,
  env: NodeJS.ProcessEnv,
  ownBridgeDir: string | undefined,
  pathDelimiter: string = delimiter,
): string | null {
  if (hello.protocol === PROTOCOL_VERSION) return null;
  const found = hello.bridge ?? firstBridgeOnPath(env.PYTHONPATH, ownBridgeDir, pathDelimiter);
  const where = found
    ? `: ${found}`
    : ' somewhere on Python’s path (not on PYTHONPATH: look in site-packages)';
  return (
    `Python ran a stale TwinForge bridge (protocol ${hello.protocol}; this TwinForge speaks ` +
    `protocol ${PROTOCOL_VERSION})${where}. It comes before TwinForge’s own bridge` +
    `${ownBridgeDir ? ` (${join(ownBridgeDir, 'twinforge_bridge')})` : ''}; remove it from ` +
    'PYTHONPATH, or delete it, and run again.'
  );
}

/** The first `twinforge_bridge` package on PYTHONPATH that is not TwinForge's own. */
function firstBridgeOnPath(
  pythonPath: string | undefined,
  ownBridgeDir: string | undefined,
  pathDelimiter: string,
): string | null {
  const own = ownBridgeDir ? resolve(ownBridgeDir) : null;
  for (const entry of (pythonPath ?? '').split(pathDelimiter).filter(Boolean)) {
    if (own && resolve(entry) === own) continue;
    const candidate = join(entry, 'twinforge_bridge');
    if (existsSync(join(candidate, '__init__.py')) || existsSync(join(candidate, '__main__.py'))) {
      return candidate;
    }
  }
  return null;
}
