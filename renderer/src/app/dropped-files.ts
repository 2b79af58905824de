// Files dropped on the window: a script opens in the editor, a recording in the twin's view.
import { openRecordingFile } from '../features/viewer/recording';
import type { ViewerSession } from '../features/viewer/viewer-session';
import { useNotifications } from '../ui/notifications';
import { openDroppedScript } from './file-actions';

export const RECORDING_EXTENSION = '.tfrec';

export async function openDroppedFiles(
  files: FileList | File[],
  viewer: ViewerSession,
): Promise<void> {
  const list = Array.from(files);
  const script = list.find((f) => f.name.toLowerCase().endsWith('.py'));
  const recording = list.find((f) => f.name.toLowerCase().endsWith(RECORDING_EXTENSION));
  const notify = useNotifications.getState().notify;
  if (!script && !recording) {
    const names = list.map((f) => f.name).join(', ') || 'that';
    notify(
      'warning',
      `TwinForge opens Python scripts (.py) and recordings (.tfrec), not ${names}.`,
    );
    return;
  }
  if (recording) {
    try {
      await openRecordingFile(viewer, recording);
      notify('info', `Opened the recording ${recording.name}`);
    } catch (error) {
      notify('error', error instanceof Error ? error.message : String(error));
    }
  }
  if (script) await openDroppedScript(script);
}
