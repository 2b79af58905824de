// The runtime card's data: installed runtimes and the selected one (runtimes.list, kept up
// to date by runtimes.changed), what can be installed (runtimes.offers), a host-side folder
// listing for picking a pack file, and the one install this window runs, with its progress
// (runtimes.progress events for its installId).
import { create } from 'zustand';
import type {
  BrowseListing,
  InstallOutcome,
  InstallProgress,
  RuntimeOffers,
  RuntimesState,
} from '../../../../electron/common/contract/runtimes';
import type { PlatformHost } from '../../platform/types';

export interface InstallRun {
  installId: string;
  /** What is being installed, in words. */
  label: string;
  phase: 'installing' | 'done' | 'failed';
  progress: InstallProgress | null;
  outcome: InstallOutcome | null;
  error: string | null;
}

export interface RuntimeSetupState {
  state: RuntimesState | null;
  offers: RuntimeOffers | null;
  loading: boolean;
  error: string | null;
  /** The packs at a path typed or picked, once checked. */
  given: RuntimeOffers['given'];
  checking: boolean;
  listing: BrowseListing | null;
  install: InstallRun | null;
  /** The folder chosen to install into, or null for the host's default. */
  root: string | null;
  setRoot(root: string | null): void;
  refresh(): Promise<void>;
  inspect(from: string): Promise<void>;
  browse(dir?: string): Promise<void>;
  closeListing(): void;
  installPack(from: string, name: string | undefined, label: string): Promise<void>;
  cancel(): Promise<void>;
  use(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** Clears the Python interpreter setting, so that the installed runtime is used. */
  clearPythonSetting(): Promise<void>;
  dismiss(): void;
}

let platform: PlatformHost | null = null;
/** Told when runs may now use another Python (the app probes again). */
let runtimeChanged: () => void = () => undefined;
let installCount = 0;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function requireHost(): PlatformHost {
  if (!platform) throw new Error('Not connected to the TwinForge host');
  return platform;
}

export const useRuntimeSetup = create<RuntimeSetupState>((set, get) => ({
  state: null,
  offers: null,
  loading: false,
  error: null,
  given: null,
  checking: false,
  listing: null,
  install: null,
  root: null,

  setRoot(root) {
    set({ root: root?.trim() ? root.trim() : null });
  },

  async refresh() {
    if (!platform) return;
    set({ loading: true });
    try {
      const [state, offers] = await Promise.all([
        platform.invoke('runtimes.list', {}),
        platform.invoke('runtimes.offers', {}),
      ]);
      set({ state, offers, error: null, loading: false });
    } catch (e) {
      set({ error: message(e), loading: false });
    }
  },

  async inspect(from) {
    const host = requireHost();
    set({ checking: true, given: null });
    try {
      const offers = await host.invoke('runtimes.offers', { from });
      set({ given: offers.given, checking: false, offers });
    } catch (e) {
      set({ given: { from, offers: [], problem: message(e) }, checking: false });
    }
  },

  async browse(dir) {
    const host = requireHost();
    try {
      set({ listing: await host.invoke('runtimes.browse', dir ? { dir } : {}) });
    } catch (e) {
      set({ listing: { dir: dir ?? '', parent: null, entries: [], problem: message(e) } });
    }
  },

  closeListing() {
    set({ listing: null });
  },

  async installPack(from, name, label) {
    const host = requireHost();
    if (get().install?.phase === 'installing') return;
    installCount += 1;
    const installId = `setup-${Date.now().toString(36)}-${installCount}`;
    set({
      install: {
        installId,
        label,
        phase: 'installing',
        progress: null,
        outcome: null,
        error: null,
      },
    });
    try {
      const root = get().root ?? undefined;
      const outcome = await host.invoke('runtimes.install', { installId, from, name, root });
      set((s) => ({
        state: outcome.state,
        install:
          s.install?.installId === installId ? { ...s.install, phase: 'done', outcome } : s.install,
      }));
    } catch (e) {
      set((s) => ({
        install:
          s.install?.installId === installId
            ? { ...s.install, phase: 'failed', error: message(e) }
            : s.install,
      }));
    }
    void get().refresh();
  },

  async cancel() {
    const install = get().install;
    if (!platform || install?.phase !== 'installing') return;
    await platform
      .invoke('runtimes.cancel', { installId: install.installId })
      .catch(() => undefined);
  },

  async use(id) {
    const host = requireHost();
    try {
      const { state } = await host.invoke('runtimes.use', { id });
      set({ state, error: null });
    } catch (e) {
      set({ error: message(e) });
    }
  },

  async remove(id) {
    const host = requireHost();
    try {
      set({ state: await host.invoke('runtimes.remove', { id }), error: null });
      void get().refresh();
    } catch (e) {
      set({ error: message(e) });
    }
  },

  async clearPythonSetting() {
    const host = requireHost();
    // The app probes again when the setting changes.
    await host.invoke('settings.update', { pythonPath: '' });
    await get().refresh();
  },

  dismiss() {
    if (get().install?.phase !== 'installing') set({ install: null });
  },
}));

/** `onRuntimeChanged`: the selected runtime changed (the status bar and the Getting
 *  Started checks follow the runtime in use). */
export function connectRuntimeSetup(host: PlatformHost, onRuntimeChanged: () => void): () => void {
  platform = host;
  runtimeChanged = onRuntimeChanged;
  const offProgress = host.on('runtimes.progress', (progress) => {
    useRuntimeSetup.setState((s) =>
      s.install?.installId === progress.installId && s.install.phase === 'installing'
        ? { install: { ...s.install, progress } }
        : {},
    );
  });
  // This window or another one installed, selected or removed a runtime: runs may now use
  // another Python.
  const offChanged = host.on('runtimes.changed', (state) => {
    useRuntimeSetup.setState({ state });
    runtimeChanged();
  });
  return () => {
    offProgress();
    offChanged();
    if (platform === host) {
      platform = null;
      runtimeChanged = () => undefined;
    }
  };
}
