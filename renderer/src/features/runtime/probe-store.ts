// What the host's Python runtime is: the interpreter, the pychrono version and modules
// (`runtime.probe`), for the status bar, the first-run checks and the settings. One per
// host, refreshed when the interpreter setting changes or serve reconnects.
import { create } from 'zustand';
import type { RuntimeProbe } from '../../../../electron/common/contract';
import type { PlatformHost } from '../../platform/types';

interface ProbeState {
  probe: RuntimeProbe | null;
  probing: boolean;
  /** Why the probe itself failed (the host did not answer), or null. */
  probeError: string | null;
  refresh(): Promise<RuntimeProbe | null>;
}

let platform: PlatformHost | null = null;

export const useProbeStore = create<ProbeState>((set) => ({
  probe: null,
  probing: false,
  probeError: null,
  async refresh() {
    if (!platform) return null;
    set({ probing: true });
    try {
      const probe = await platform.invoke('runtime.probe', { refresh: true });
      set({ probe, probeError: null, probing: false });
      return probe;
    } catch (error) {
      set({ probeError: error instanceof Error ? error.message : String(error), probing: false });
      return null;
    }
  },
}));

/** Probes through `host` now and from then on; returns the disconnect. */
export function connectProbe(host: PlatformHost): () => void {
  platform = host;
  void useProbeStore.getState().refresh();
  return () => {
    if (platform === host) platform = null;
  };
}
