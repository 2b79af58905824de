// An install's progress events, to its owner alone: a stage change goes out at once, byte
// counts at most every intervalMs (the last count of a stage before the next one starts).
import type { InstallProgress, InstallStage } from '../../common/contract/runtimes';
import type { EventBus } from '../events';

export interface ProgressReporter {
  stage(stage: InstallStage, message: string, totalBytes: number): void;
  bytes(bytes: number): void;
  close(): void;
}

export function progressReporter(
  bus: EventBus,
  installId: string,
  owner: string,
  interval: number,
): ProgressReporter {
  let current: InstallProgress = {
    installId,
    stage: 'check',
    bytes: 0,
    totalBytes: 0,
    message: '',
  };
  let last = 0;
  let timer: NodeJS.Timeout | null = null;
  const send = () => {
    last = Date.now();
    if (timer) clearTimeout(timer);
    timer = null;
    bus.emit('runtimes.progress', { ...current }, owner);
  };
  return {
    stage: (stage: InstallStage, message: string, totalBytes: number) => {
      // The last byte count of the stage ending goes out before the next stage starts.
      if (timer) send();
      current = { installId, stage, bytes: 0, totalBytes, message };
      send();
    },
    bytes: (bytes: number) => {
      current = { ...current, bytes };
      const wait = interval - (Date.now() - last);
      if (wait <= 0) send();
      else timer ??= setTimeout(send, wait);
    },
    close: () => {
      if (timer) clearTimeout(timer);
    },
  };
}
