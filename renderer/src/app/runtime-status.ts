// What the status bar says about the Python runtime: Python and PyChrono versions when
// pychrono imports (a build from source has no version to show), else what is missing.
import type { RuntimeProbe } from '../../../electron/common/contract';

export interface RuntimeStatus {
  text: string;
  state: 'ok' | 'bad' | 'unknown';
  title: string;
}

const pythonLabel = (version: string | null) => (version ? `Python ${version}` : 'Python');

export function runtimeStatus(
  probe: RuntimeProbe | null,
  probing: boolean,
  probeError: string | null,
): RuntimeStatus {
  if (probe?.pychronoFound) {
    const where = probe.pychronoPath ? `; pychrono in ${probe.pychronoPath}` : '';
    return {
      text: `${pythonLabel(probe.pythonVersion)} · PyChrono ${probe.pychrono ?? '(version unknown)'}`,
      state: 'ok',
      title: `${probe.python} (from ${probe.source ?? '?'})${where}`,
    };
  }
  if (probe) {
    return {
      text: probe.python
        ? `${pythonLabel(probe.pythonVersion)} · PyChrono not found`
        : 'Python not found',
      state: 'bad',
      title: probe.problem ?? 'Open Getting Started for the steps',
    };
  }
  return {
    text: probing ? 'Python: checking…' : 'Python: unknown',
    state: 'unknown',
    title: probeError ?? '',
  };
}
