// The install's verdicts on a pack: its checksum, its layout, and what its probe found,
// each failing with a message that says what happened and what to do.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { describeMachine, type PackManifest } from '../../common/contract/runtimes';
import type { PythonProbe } from '../../common/contract/runtime';
import { PYCHRONO_MODULES } from '../../common/stream';
import { RuntimeInstallError } from './errors';
import { condaUnpackScript, envPython } from './machine';

async function exists(path: string): Promise<boolean> {
  return access(path, constants.F_OK).then(
    () => true,
    () => false,
  );
}

export function checkSha(actual: string, manifest: PackManifest, where: string): void {
  if (actual === manifest.sha256) return;
  throw new RuntimeInstallError(
    `${where} does not match its manifest's SHA-256 (expected ${manifest.sha256.slice(0, 12)}…, got ${actual.slice(0, 12)}…): ` +
      'the file is damaged or is not the pack the manifest describes. Nothing was installed; download or copy it again.',
    'verify',
  );
}

/** A conda-pack archive has the environment's interpreter and conda-unpack at known places. */
export async function requireCondaPack(dir: string): Promise<void> {
  if (!(await exists(envPython(dir)))) {
    throw new RuntimeInstallError(
      `The pack has no ${process.platform === 'win32' ? 'python.exe' : 'bin/python'} at its root: it is not a conda environment packed with conda-pack. Nothing was installed.`,
      'extract',
    );
  }
  if (!(await exists(condaUnpackScript(dir)))) {
    throw new RuntimeInstallError(
      'The pack has no conda-unpack: it was not made with conda-pack (or was made for a fixed --dest-prefix). Build it with scripts/build-runtime-pack.mjs. Nothing was installed.',
      'extract',
    );
  }
}

function majorMinor(version: string | null): string {
  return (version ?? '').split('.').slice(0, 2).join('.');
}

/** The probe must find the pychrono and Python the manifest promised. */
export function checkProbe(probe: PythonProbe, manifest: PackManifest): void {
  if (!probe.pythonVersion) {
    throw new RuntimeInstallError(
      `The runtime's Python did not start: ${probe.problem ?? 'no answer'}. The pack may be for another OS or CPU (it says ${describeMachine(manifest)}), or damaged. Nothing was installed.`,
      'probe',
    );
  }
  if (majorMinor(probe.pythonVersion) !== majorMinor(manifest.python)) {
    throw new RuntimeInstallError(
      `The pack's manifest says Python ${manifest.python} but its interpreter is Python ${probe.pythonVersion}: the pack and its manifest do not match. Nothing was installed; rebuild the pack with scripts/build-runtime-pack.mjs.`,
      'probe',
    );
  }
  if (!probe.pychrono) {
    throw new RuntimeInstallError(
      `The runtime's Python runs but cannot use pychrono: ${probe.problem ?? 'it does not import'}. Nothing was installed; rebuild the pack.`,
      'probe',
    );
  }
  if (probe.pychrono !== manifest.pychrono) {
    throw new RuntimeInstallError(
      `The pack's manifest says pychrono ${manifest.pychrono} but the runtime has pychrono ${probe.pychrono}: the pack and its manifest do not match. Nothing was installed.`,
      'probe',
    );
  }
}

/** Modules the manifest promised that did not import here. */
export function missingModules(manifest: PackManifest, probe: PythonProbe): string[] {
  return PYCHRONO_MODULES.filter((m) => manifest.modules[m] === true && !probe.modules[m]);
}
