// Keeps what the user makes safe. The conversation, the versions and the twin's settings
// are saved into the project as soon as they change (one save in flight, the newest next);
// the editor's text and the chat's draft go to crash backups on the host at once, so a kill
// of the app or the host loses nothing: the next start offers them back. The script itself
// is written to the user's file only on Save. Closing, hiding or leaving the page flushes.
import type { BackupInfo } from '../../../electron/common/contract/projects';
import type { PlatformHost } from '../platform/types';
import { changePreview } from './change-preview';
import { useChatStore } from '../features/chat/chat-store';
import { useEditorStore } from '../features/editor/editor-store';
import { LatestOnly } from '../features/project/latest-only';
import {
  connectProject,
  newProject,
  openProject,
  openStartProject,
  saveProject,
  useProjectStore,
} from '../features/project/project-store';
import { useVersionsStore } from '../features/project/versions-store';
import { create } from 'zustand';

/** Backups a session that ended left behind, offered back until restored or discarded. */
export const useLeftBackups = create<{ backups: BackupInfo[] }>(() => ({ backups: [] }));

interface EditorBackup {
  kind: 'editor';
  code: string;
  name: string;
  /** The project or script it belongs to, to open again on restore. */
  path: string | null;
}
interface DraftBackup {
  kind: 'draft';
  draft: string;
}

let platform: PlatformHost | null = null;

export function connectProjectSync(host: PlatformHost): () => void {
  platform = host;
  const offProject = connectProject(host, {
    get: () => useChatStore.getState().messages,
    // The composer's draft stays: it is what the user is typing, whatever project is open.
    set: (messages) => useChatStore.setState({ messages, proposal: null, loadProblem: null }),
  });

  const autosave = new LatestOnly<void>(() => saveProject());
  const projectId = () => useProjectStore.getState().info?.projectId;
  const put = (key: string, data: EditorBackup | DraftBackup, preview: string) => {
    const id = projectId();
    if (!id) return Promise.resolve();
    return host.invoke('backups.put', { key: `${key}:${id}`, projectId: id, data, preview });
  };
  // Every change goes at once, without waiting for the last one's answer: the host writes
  // them in order and coalesces a burst, so the newest keystroke is on disk a write later.
  let lastPut: Promise<unknown> = Promise.resolve();
  const send = (key: string, data: EditorBackup | DraftBackup, preview: string) => {
    lastPut = put(key, data, preview).catch(() => undefined);
  };
  // Nothing typed is nothing to offer back: an emptied draft or editor drops its backup.
  const drop = (key: string) => {
    const id = projectId();
    if (!id) return;
    lastPut = lastPut
      .then(() => host.invoke('backups.discard', { key: `${key}:${id}` }))
      .catch(() => undefined);
  };
  // The editor's text as last opened or saved: a backup's preview shows what changed from it.
  let baseline = useEditorStore.getState().getCode();
  const editorBackup = {
    push: (data: EditorBackup) =>
      data.code.trim() ? send('editor', data, changePreview(baseline, data.code)) : drop('editor'),
  };
  const draftBackup = {
    push: (data: DraftBackup) =>
      data.draft.trim() ? send('draft', data, data.draft) : drop('draft'),
  };
  let ready = false;

  const backupEditor = () => {
    const editor = useEditorStore.getState();
    if (!ready || !editor.dirty) return;
    const info = useProjectStore.getState().info;
    editorBackup.push({
      kind: 'editor',
      code: editor.getCode(),
      name: editor.fileName,
      path: info?.kind === 'untitled' ? null : (info?.path ?? info?.scriptPath ?? null),
    });
  };

  const offs = [
    useChatStore.subscribe((s, prev) => {
      if (ready && s.messages !== prev.messages) autosave.push();
      if (ready && s.draft !== prev.draft) draftBackup.push({ kind: 'draft', draft: s.draft });
    }),
    useVersionsStore.subscribe((s, prev) => {
      if (ready && (s.versions !== prev.versions || s.currentVersionId !== prev.currentVersionId))
        autosave.push();
    }),
    useProjectStore.subscribe((s, prev) => {
      if (ready && (s.settings !== prev.settings || s.referenceSource !== prev.referenceSource))
        autosave.push();
    }),
    useEditorStore.subscribe((s, prev) => {
      if (!s.dirty) baseline = s.getCode();
      // Saved: the backup of the editor is no longer needed.
      const id = projectId();
      if (ready && prev.dirty && !s.dirty && id) {
        void lastPut
          .then(() => host.invoke('backups.discard', { key: `editor:${id}` }))
          .catch(() => undefined);
      }
    }),
  ];
  const subscription = useEditorStore.getState().model.onDidChangeContent(backupEditor);
  offs.push(() => subscription.dispose());

  // Leaving the page or hiding it: whatever waits goes now.
  const flush = () => {
    if (!ready) return;
    autosave.push();
    backupEditor();
  };
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', onVisibility);
  offs.push(() => {
    window.removeEventListener('pagehide', flush);
    document.removeEventListener('visibilitychange', onVisibility);
  });

  void (async () => {
    try {
      await openStartProject();
    } catch (error) {
      useProjectStore.setState({
        problems: [
          `The project could not be opened: ${error instanceof Error ? error.message : String(error)}`,
        ],
      });
    }
    ready = true;
    try {
      const { backups } = await host.invoke('backups.list', {});
      useLeftBackups.setState({ backups });
    } catch {
      // No backups service: nothing to offer.
    }
  })();

  return () => {
    flush();
    offs.forEach((off) => off());
    offProject();
    if (platform === host) platform = null;
  };
}

/** Puts a left backup back: the editor's text (in its project, when it had one) or the draft. */
export async function restoreBackup(id: string): Promise<void> {
  if (!platform) return;
  const { backup: taken, data } = await platform.invoke('backups.take', { id });
  const backup = data as { kind?: string; draft?: unknown; code?: unknown; path?: unknown } | null;
  if (backup?.kind === 'draft' && typeof backup.draft === 'string') {
    useChatStore.getState().setDraft(backup.draft);
  } else if (backup?.kind === 'editor' && typeof backup.code === 'string') {
    if (typeof backup.path === 'string') await openProject(backup.path).catch(() => newProject());
    else await newProject();
    useEditorStore.getState().replaceCode(backup.code, 'Restored from a backup');
  } else {
    throw new Error('The backup holds nothing TwinForge can restore.');
  }
  // Taken, it is this window's under its old key; the restored text has a backup of its own.
  await platform.invoke('backups.discard', { key: taken.key }).catch(() => undefined);
  forget(id);
}

export async function discardBackup(id: string): Promise<void> {
  await platform?.invoke('backups.discard', { id }).catch(() => undefined);
  forget(id);
}

function forget(id: string): void {
  useLeftBackups.setState((s) => ({ backups: s.backups.filter((b) => b.id !== id) }));
}
