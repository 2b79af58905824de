// The user's settings as the host keeps them (settings.get / settings.update), mirrored
// for the UI and kept current through the host's settings.changed event.
import { create } from 'zustand';
import type { Settings } from '../../../../electron/common/contract';
import type { PlatformHost } from '../../platform/types';

export interface SettingsState {
  settings: Settings | null;
  /** Why the settings could not be read or written, or null. */
  error: string | null;
  load(): Promise<Settings | null>;
  /** Sends a change to the host; resolves with the settings it stored. */
  update(patch: Partial<Settings>): Promise<Settings>;
}

let platform: PlatformHost | null = null;

export const useSettingsStore = create<SettingsState>((set) => ({
  settings: null,
  error: null,
  async load() {
    if (!platform) return null;
    try {
      const settings = await platform.invoke('settings.get', {});
      set({ settings, error: null });
      return settings;
    } catch (error) {
      set({ error: `Settings could not be read: ${messageOf(error)}` });
      return null;
    }
  },
  async update(patch) {
    if (!platform) throw new Error('Not connected to the TwinForge host');
    try {
      const settings = await platform.invoke('settings.update', patch);
      set({ settings, error: null });
      return settings;
    } catch (error) {
      const message = `Settings could not be saved: ${messageOf(error)}`;
      set({ error: message });
      throw new Error(message, { cause: error });
    }
  },
}));

/** Connects the store to the host: loads the settings and follows their changes. */
export function connectSettings(host: PlatformHost): () => void {
  platform = host;
  const off = host.on('settings.changed', (settings) => useSettingsStore.setState({ settings }));
  void useSettingsStore.getState().load();
  return () => {
    off();
    if (platform === host) platform = null;
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
