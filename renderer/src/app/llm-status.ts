// The model server's state for the status bar and the first-run panel, from the chat
// service's `llm.status` method. When the host cannot answer, the state says so
// ("unknown", with the reason) instead of failing.
import { create } from 'zustand';
import type { LlmStatus } from '../../../electron/common/contract/llm';
import type { PlatformHost } from '../platform/types';

export type { LlmStatus };

interface LlmStatusState {
  status: LlmStatus | null;
  /** Why the status is unknown (method missing, host unreachable), or null. */
  unknownReason: string | null;
  checking: boolean;
  refresh(): Promise<void>;
}

let platform: PlatformHost | null = null;

export const useLlmStatus = create<LlmStatusState>((set) => ({
  status: null,
  unknownReason: null,
  checking: false,
  async refresh() {
    if (!platform) return;
    set({ checking: true });
    try {
      const status = await platform.invoke('llm.status', {});
      set({ status, unknownReason: null, checking: false });
    } catch (error) {
      set({
        status: null,
        unknownReason: error instanceof Error ? error.message : String(error),
        checking: false,
      });
    }
  },
}));

export function connectLlmStatus(host: PlatformHost): () => void {
  platform = host;
  void useLlmStatus.getState().refresh();
  return () => {
    if (platform === host) platform = null;
  };
}
