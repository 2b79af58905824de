// The app: connects the feature stores to the host, applies the theme, registers the
// workspace's actions, and shows the workspace.
import { useEffect } from 'react';
import type { PlatformHost } from '../platform/types';
import { connectScriptFiles } from '../features/editor/script-files';
import { connectRuntime, useRuntimeStore } from '../features/runtime/runtime-store';
import { connectRuntimeSetup } from '../features/runtime-setup/runtime-setup-store';
import { connectSettings, useSettingsStore } from '../features/settings/settings-store';
import { registerCoreActions } from './core-actions';
import { connectLlmStatus, useLlmStatus } from './llm-status';
import { startTheme, useTheme } from './theme';
import { Workspace } from './Workspace';

const LLM_FIELDS = ['llmProvider', 'ollamaUrl', 'openaiUrl', 'model'] as const;

export function App({ host }: { host: PlatformHost }) {
  useEffect(() => {
    const stopTheme = startTheme();
    connectScriptFiles(host);
    const disposers = [
      stopTheme,
      connectSettings(host),
      connectRuntime(host),
      connectRuntimeSetup(host, () => void useRuntimeStore.getState().refreshProbe()),
      registerCoreActions(),
      // The theme follows the stored setting whenever it changes (here or in another window).
      useSettingsStore.subscribe((s, prev) => {
        const next = s.settings;
        const before = prev.settings;
        if (!next) return;
        if (next.theme !== before?.theme) useTheme.getState().setChoice(next.theme);
        // A changed interpreter or model server is checked again for the status bar.
        if (before && next.pythonPath !== before.pythonPath) {
          void useRuntimeStore.getState().refreshProbe();
        }
        if (before && LLM_FIELDS.some((key) => next[key] !== before[key])) {
          void useLlmStatus.getState().refresh();
        }
      }),
      // After serve mode reconnects, what the host knows may have changed.
      host.onConnectionChange((state) => {
        if (state !== 'open') return;
        void useSettingsStore.getState().load();
        void useRuntimeStore.getState().refreshProbe();
        void useLlmStatus.getState().refresh();
      }),
    ];
    connectLlmStatus(host);
    return () => disposers.forEach((dispose) => dispose());
  }, [host]);

  return <Workspace host={host} />;
}
