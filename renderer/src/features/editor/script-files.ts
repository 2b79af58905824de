// File > New / Open / Save / Save As, recent files and dropped files, through the
// platform's dialogs (native in Electron, pickers in a browser). A dirty script is never
// replaced without the user's consent.
import type { PlatformHost } from '../../platform/types';
import { useNotifications } from '../../ui/notifications';
import { NEW_SCRIPT, UNTITLED, useEditorStore } from './editor-store';
import { useRecentFiles, type RecentFile } from './recent-files';

const PYTHON_FILTER = { name: 'Python scripts', extensions: ['py'] };

let platform: PlatformHost | null = null;

export function connectScriptFiles(host: PlatformHost): () => void {
  platform = host;
  useRecentFiles.getState().useSlot(host.kind);
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

export function newScript(): void {
  if (!confirmDiscard('start a new script')) return;
  useEditorStore.getState().loadDocument({ code: NEW_SCRIPT, filePath: null, fileName: UNTITLED });
}

export async function openScript(): Promise<void> {
  if (!confirmDiscard('open another file')) return;
  const picked = await requireHost().openFile({
    title: 'Open a Python script',
    filters: [PYTHON_FILTER],
  });
  if (!picked) return;
  loadScript(picked.name, picked.path, picked.text, picked.ref);
}

/** Puts a script in the editor and remembers it among the recent files. */
export function loadScript(
  name: string,
  path: string | null,
  text: string,
  ref: string | null = null,
): void {
  useEditorStore
    .getState()
    .loadDocument({ code: text, filePath: path, fileName: name, fileRef: ref });
  useRecentFiles.getState().remember({ name, path, text });
}

export async function saveScript(saveAs = false): Promise<boolean> {
  const editor = useEditorStore.getState();
  const text = editor.getCode();
  const saved = await requireHost().saveFile({
    text,
    suggestedName: editor.fileName,
    ref: saveAs ? null : editor.fileRef,
    filters: [PYTHON_FILTER],
  });
  if (!saved) return false;
  // Only what was written counts as saved: edits made while the dialog was open stay dirty.
  if (useEditorStore.getState().getCode() === text) {
    useEditorStore.getState().markSaved(saved.path, saved.name, saved.ref);
  }
  useRecentFiles.getState().remember({ name: saved.name, path: saved.path, text });
  useNotifications.getState().notify('info', `Saved ${saved.path ?? saved.name}`);
  return true;
}

export async function openRecent(file: RecentFile): Promise<void> {
  if (!confirmDiscard('open another file')) return;
  if (file.text !== null) {
    loadScript(file.name, file.path, file.text);
    return;
  }
  // The desktop host knows the path; ask the platform to show it again in its dialog.
  useNotifications
    .getState()
    .notify('info', `Choose ${file.path ?? file.name} in the dialog to open it again.`);
  await openScript();
}

/** Opens a script dropped on the window in the editor (asking first if the editor's is
 *  unsaved). */
export async function openDroppedScript(script: File): Promise<void> {
  if (!confirmDiscard(`open ${script.name}`)) return;
  let bytes: ArrayBuffer;
  try {
    bytes = await script.arrayBuffer();
  } catch (error) {
    useNotifications
      .getState()
      .notify(
        'error',
        `${script.name} could not be read: ${error instanceof Error ? error.message : String(error)}`,
      );
    return;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    useNotifications
      .getState()
      .notify('error', `${script.name} is not UTF-8 text; it was not opened.`);
    return;
  }
  // A dropped file's path (Electron) is offered to Save, which confirms it in a dialog.
  const path = platform?.pathForFile(script) ?? null;
  loadScript(script.name, path, text, path);
}
