// The model menu's data: installed models, the chosen model's details, loaded models, and
// pulls in progress (from llm.pullProgress events).
import { create } from 'zustand';
import type {
  LoadedModel,
  ModelDetails,
  ModelInfo,
  PullProgress,
} from '../../../../electron/common/contract/llm';
import { pullStarting } from '../../../../electron/common/contract/llm';
import type { PlatformHost } from '../../platform/types';

export interface ModelState {
  models: ModelInfo[];
  loaded: LoadedModel[];
  details: Record<string, ModelDetails>;
  pulls: Record<string, PullProgress>;
  error: string | null;
  loading: boolean;
  refresh(): Promise<void>;
  /** Only the loaded models (for the status bar); quiet when the server cannot say. */
  refreshLoaded(): Promise<void>;
  showDetails(model: string): Promise<void>;
  pull(model: string): Promise<void>;
  cancelPull(pullId: string): Promise<void>;
  unload(model: string): Promise<void>;
}

let platform: PlatformHost | null = null;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const useModelStore = create<ModelState>((set, get) => ({
  models: [],
  loaded: [],
  details: {},
  pulls: {},
  error: null,
  loading: false,
  async refresh() {
    if (!platform) return;
    set({ loading: true });
    try {
      const [{ models }, { models: loaded }] = await Promise.all([
        platform.invoke('llm.models', {}),
        platform.invoke('llm.ps', {}),
      ]);
      set({ models, loaded, error: null, loading: false });
    } catch (e) {
      set({ error: message(e), loading: false });
    }
  },
  async refreshLoaded() {
    if (!platform) return;
    try {
      const { models: loaded } = await platform.invoke('llm.ps', {});
      set({ loaded });
    } catch {
      set({ loaded: [] });
    }
  },
  async showDetails(model) {
    if (!platform || get().details[model]) return;
    try {
      const d = await platform.invoke('llm.show', { model });
      set((s) => ({ details: { ...s.details, [model]: d } }));
    } catch (e) {
      set({ error: message(e) });
    }
  },
  async pull(model) {
    if (!platform) return;
    const pullId = `${model}-${Date.now().toString(36)}`;
    // The bar shows at once; the host's progress events take over from here.
    set((s) => ({
      pulls: {
        ...s.pulls,
        [pullId]: pullStarting(pullId, model),
      },
    }));
    try {
      await platform.invoke('llm.pull', { pullId, model });
    } catch (e) {
      const failed = { ...get().pulls[pullId], done: true, error: message(e), status: 'failed' };
      set((s) => ({ error: message(e), pulls: { ...s.pulls, [pullId]: failed } }));
    }
  },
  async cancelPull(pullId) {
    await platform?.invoke('llm.pullCancel', { pullId }).catch(() => undefined);
  },
  async unload(model) {
    if (!platform) return;
    try {
      await platform.invoke('llm.unload', { model });
      await get().refresh();
    } catch (e) {
      set({ error: message(e) });
    }
  },
}));

export function connectModels(host: PlatformHost): () => void {
  platform = host;
  const off = host.on('llm.pullProgress', (p) => {
    useModelStore.setState((s) => ({ pulls: { ...s.pulls, [p.pullId]: p } }));
    if (p.done && !p.error && !p.cancelled) void useModelStore.getState().refresh();
  });
  return () => {
    off();
    if (platform === host) platform = null;
  };
}
