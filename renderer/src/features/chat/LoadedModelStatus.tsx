// The status bar's view of the models loaded on the server (/api/ps): their memory in VRAM
// and the GPU/CPU split. Refreshed every few seconds and after each answer; nothing shows
// when no model is loaded or the server cannot say.
import { useEffect } from 'react';
import { formatBytes, formatSplit } from './format';
import { useModelStore } from './model-store';
import { useChatStore } from './chat-store';

const REFRESH_MS = 15_000;

export function LoadedModelStatus() {
  const loaded = useModelStore((s) => s.loaded);
  const answering = useChatStore((s) => s.streaming !== null);

  useEffect(() => {
    if (answering) return;
    void useModelStore.getState().refreshLoaded();
    const timer = setInterval(() => void useModelStore.getState().refreshLoaded(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [answering]);

  if (loaded.length === 0) return null;
  const vram = loaded.reduce((n, m) => n + m.vramBytes, 0);
  const size = loaded.reduce((n, m) => n + m.sizeBytes, 0);
  const title = loaded
    .map(
      (m) =>
        `${m.name}: ${formatBytes(m.sizeBytes)}, ${formatBytes(m.vramBytes)} in VRAM (${formatSplit(m.gpuPercent)})`,
    )
    .join('\n');
  return (
    <span className="status-item" title={title} data-testid="status-loaded-models">
      {loaded.length === 1 ? loaded[0].name : `${loaded.length} models`} · {formatBytes(vram)} VRAM
      · {formatSplit(size > 0 ? (vram / size) * 100 : 0)}
    </span>
  );
}
