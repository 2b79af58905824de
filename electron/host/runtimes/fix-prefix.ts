// conda-pack's prefix fix: the pack's own conda-unpack, run in the folder the runtime now
// lives in, with the environment's interpreter.
import { execFile } from 'node:child_process';
import { InstallCancelledError, RuntimeInstallError } from './errors';
import { condaUnpackScript, envPython } from './machine';

/** conda-unpack rewrites every file with a prefix: minutes for a big environment. */
const FIX_PREFIX_TIMEOUT_MS = 15 * 60_000;

export function fixPrefix(
  prefix: string,
  userEnv: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<void> {
  const python = envPython(prefix);
  const script = condaUnpackScript(prefix);
  // conda-unpack is plain Python: keep the user's PYTHONPATH/PYTHONHOME out of it.
  const env = { ...userEnv };
  delete env.PYTHONPATH;
  delete env.PYTHONHOME;
  return new Promise((resolveDone, reject) => {
    execFile(
      python,
      [script],
      { cwd: prefix, env, signal, timeout: FIX_PREFIX_TIMEOUT_MS, maxBuffer: 8 * 1024 * 1024 },
      (err, _stdout, stderr) => {
        if (!err) {
          resolveDone();
          return;
        }
        if (signal.aborted) {
          reject(new InstallCancelledError('fix-prefix'));
          return;
        }
        const why = String(stderr).trim().split(/\r?\n/).slice(-3).join(' ') || err.message;
        reject(
          new RuntimeInstallError(
            `conda-unpack failed in ${prefix}: ${why}. If the pack was built on another OS or CPU, get the pack for this machine; otherwise rebuild it with scripts/build-runtime-pack.mjs.`,
            'fix-prefix',
          ),
        );
      },
    );
  });
}
