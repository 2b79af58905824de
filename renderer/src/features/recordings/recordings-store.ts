// The open project's recordings as this window shows them: the host's runs index (kept up
// to date by `recordings.changed` and project switches), and what one can do with a run:
// open its recording in a view, or export it (MCAP, CSV, .tfrec) as a download.
import { create } from 'zustand';
import type {
  ExportFormat,
  RecordingListing,
} from '../../../../electron/common/contract/recordings';
import type { PlatformHost } from '../../platform/types';
import { useNotifications } from '../../ui/notifications';
import { useProjectStore } from '../project/project-store';
import { downloadBlob } from '../viewer/files';
import { openRecording } from '../viewer/recording';
import type { ViewerSession } from '../viewer/viewer-session';
import { receiveBytes } from './byte-transfer';

export interface RecordingsState {
  projectId: string | null;
  /** Newest first. */
  runs: RecordingListing[];
  loading: boolean;
  error: string | null;
  /** The run being opened or exported, or null. */
  busy: string | null;
}

const initial: RecordingsState = {
  projectId: null,
  runs: [],
  loading: false,
  error: null,
  busy: null,
};

export const useRecordingsStore = create<RecordingsState>(() => ({ ...initial }));

let platform: PlatformHost | null = null;
/** Answers of older refreshes are dropped: a project switch must not show the last one's runs. */
let generation = 0;

function requireHost(): PlatformHost {
  if (!platform) throw new Error('Not connected to the TwinForge host');
  return platform;
}

/** Reads the open project's runs index again. */
export async function refreshRuns(): Promise<void> {
  const projectId = useProjectStore.getState().info?.projectId ?? null;
  const mine = ++generation;
  if (!platform || !projectId) {
    useRecordingsStore.setState({ ...initial, projectId });
    return;
  }
  useRecordingsStore.setState((s) => ({
    projectId,
    loading: true,
    runs: s.projectId === projectId ? s.runs : [],
  }));
  try {
    const { runs } = await platform.invoke('recordings.list', { projectId });
    if (mine === generation) useRecordingsStore.setState({ runs, loading: false, error: null });
  } catch (error) {
    if (mine === generation)
      useRecordingsStore.setState({ loading: false, error: messageOf(error) });
  }
}

/** Opens a run's recording in `viewer` (the twin's view). */
export async function openRun(viewer: ViewerSession, runId: string): Promise<void> {
  const projectId = useRecordingsStore.getState().projectId;
  if (!projectId) return;
  await busyWith(runId, 'opened', async () => {
    const host = requireHost();
    const { result, bytes } = await receiveBytes(host, (transferId) =>
      host.invoke('recordings.read', { projectId, runId, transferId }),
    );
    const opened = openRecording(viewer, bytes, result.name);
    notify(
      'info',
      `Opened ${opened.name}: ${opened.frames} frames, ${opened.duration.toFixed(2)} s`,
    );
  });
}

/** Exports a run and hands it to the browser as a download. */
export async function exportRun(runId: string, format: ExportFormat): Promise<void> {
  const projectId = useRecordingsStore.getState().projectId;
  if (!projectId) return;
  await busyWith(runId, 'exported', async () => {
    const host = requireHost();
    const { result, bytes } = await receiveBytes(host, (transferId) =>
      host.invoke('recordings.export', { projectId, runId, format, transferId }),
    );
    downloadBlob(new Blob([bytes], { type: MEDIA_TYPES[format] }), result.name);
    const notDrawn = result.mcap?.notDrawn.length ?? 0;
    notify(
      'info',
      `Exported ${result.name}` +
        (notDrawn > 0 ? ` (${notDrawn} shapes Foxglove cannot draw are listed in it)` : ''),
    );
  });
}

const MEDIA_TYPES: Record<ExportFormat, string> = {
  mcap: 'application/octet-stream',
  csv: 'text/csv',
  tfrec: 'application/octet-stream',
};

async function busyWith(
  runId: string,
  what: 'opened' | 'exported',
  task: () => Promise<void>,
): Promise<void> {
  useRecordingsStore.setState({ busy: runId });
  try {
    await task();
  } catch (error) {
    notify('error', `The run could not be ${what}: ${messageOf(error)}`);
  } finally {
    useRecordingsStore.setState({ busy: null });
  }
}

function notify(level: 'info' | 'error', message: string): void {
  useNotifications.getState().notify(level, message);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Follows the open project and the host's changes to its runs; returns the disconnect. */
export function connectRecordings(host: PlatformHost): () => void {
  platform = host;
  const offChanged = host.on('recordings.changed', ({ projectId }) => {
    if (projectId === useRecordingsStore.getState().projectId) void refreshRuns();
  });
  const offProject = useProjectStore.subscribe((s, prev) => {
    if (s.info?.projectId !== prev.info?.projectId) void refreshRuns();
  });
  void refreshRuns();
  return () => {
    offChanged();
    offProject();
    if (platform === host) platform = null;
    generation += 1;
    useRecordingsStore.setState({ ...initial });
  };
}
