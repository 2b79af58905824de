// The model server's state for the status bar and the first-run panel, from the chat
// service's `llm.status` method. Until a host offers that method the state says so
// ("unknown") instead of failing.
import { create } from 'zustand';
import type { PlatformHost } from '../../platform/types';

export interface LlmStatus {
  provider: string;
  url: string;
  reachable: boolean;
  version: string | null;
  error: string | null;
  model: string | null;
}

interface LlmStatusState {
  status: LlmStatus | null;
  /** Why the status is unknown (method missing, host unreachable), or null. */
  unknownReason: string | null;
  checking: boolean;
  refresh(): Promise<void>;
}

let platform: PlatformHost | null = null;

/** Reads a result defensively: the method belongs to another feature and may change. */
export function parseLlmStatus(value: unknown): LlmStatus | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.reachable !== 'boolean') return null;
  const str = (x: unknown) => (typeof x === 'string' && x ? x : null);
  return {
    provider: str(v.provider) ?? 'ollama',
    url: str(v.url) ?? '',
    reachable: v.reachable,
    version: str(v.version),
    error: str(v.error),
    model: str(v.model),
  };
}

export const useLlmStatus = create<LlmStatusState>((set) => ({
  status: null,
  unknownReason: null,
  checking: false,
  async refresh() {
    if (!platform) return;
    set({ checking: true });
    try {
      // Called by name: the method is declared by the chat feature's part of the contract.
      const invoke = platform.invoke as (name: string, params: object) => Promise<unknown>;
      const status = parseLlmStatus(await invoke('llm.status', {}));
      set(
        status
          ? { status, unknownReason: null, checking: false }
          : { status: null, unknownReason: 'the host gave an unexpected answer', checking: false },
      );
    } catch (error) {
      set({
        status: null,
        unknownReason: error instanceof Error ? error.message : String(error),
        checking: false,
      });
    }
  },
}));

export function connectLlmStatus(host: PlatformHost): void {
  platform = host;
  void useLlmStatus.getState().refresh();
}
