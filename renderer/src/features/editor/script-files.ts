// Scripts as files on the user's side: picked with the platform's dialog (native in
// Electron, the file picker in a browser), dropped on the window, or exported (saved as a
// copy, or downloaded). A dirty script is never replaced without the user's consent. Which
// project a script opens in is the app's business (app/file-actions.ts).
import type { PickedFile, PlatformHost } from '../../platform/types';
import { useNotifications } from '../../ui/notifications';
import { useEditorStore } from './editor-store';

const PYTHON_FILTER = { name: 'Python scripts', extensions: ['py'] };

let platform: PlatformHost | null = null;

export function connectScriptFiles(host: PlatformHost): () => void {
  platform = host;
  return () => {
    if (platform === host) platform = null;
  };
}

function requireHost(): PlatformHost {
  if (!platform) throw new Error('Not connected to the TwinForge host');
  return platform;
}

/** Asks before discarding unsaved changes; true when it is fine to go on. */
export function confirmDiscard(action: string): boolean {
  const { dirty, fileName } = useEditorStore.getState();
  if (!dirty) return true;
  return window.confirm(`“${fileName}” has unsaved changes. Discard them and ${action}?`);
}

/** Asks the user for a Python script; null when they cancelled. */
export function pickScript(): Promise<PickedFile | null> {
  return requireHost().openFile({ title: 'Open a Python script', filters: [PYTHON_FILTER] });
}

/** Reads a script dropped on the window; says why and gives null when it cannot. */
export async function readDroppedScript(
  script: File,
): Promise<{ name: string; path: string | null; text: string } | null> {
  const notify = useNotifications.getState().notify;
  let bytes: ArrayBuffer;
  try {
    bytes = await script.arrayBuffer();
  } catch (error) {
    notify(
      'error',
      `${script.name} could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    notify('error', `${script.name} is not UTF-8 text; it was not opened.`);
    return null;
  }
  return { name: script.name, path: platform?.pathForFile(script) ?? null, text };
}

/** Writes a copy of the editor's script where the user picks (a browser downloads it). */
export async function exportScript(): Promise<boolean> {
  const editor = useEditorStore.getState();
  const saved = await requireHost().saveFile({
    text: editor.getCode(),
    suggestedName: editor.fileName,
    filters: [PYTHON_FILTER],
  });
  if (!saved) return false;
  useNotifications.getState().notify('info', `Exported the script to ${saved.path ?? saved.name}`);
  return true;
}
