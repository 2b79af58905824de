// This machine as runtime manifests name it (Node's platform and arch names), and where a
// conda environment keeps its interpreter and conda-pack's prefix fixer on each OS.
import { join } from 'node:path';

export interface Machine {
  os: string;
  arch: string;
}

export function thisMachine(): Machine {
  return { os: process.platform, arch: process.arch };
}

/** A conda environment's interpreter: bin/python, or python.exe at the root on Windows. */
export function envPython(prefix: string, platform: string = process.platform): string {
  return platform === 'win32' ? join(prefix, 'python.exe') : join(prefix, 'bin', 'python');
}

/** conda-pack's script that rewrites the build machine's prefix to the folder it is in
 *  (bin/conda-unpack; Scripts/conda-unpack-script.py on Windows). */
export function condaUnpackScript(prefix: string, platform: string = process.platform): string {
  return platform === 'win32'
    ? join(prefix, 'Scripts', 'conda-unpack-script.py')
    : join(prefix, 'bin', 'conda-unpack');
}
