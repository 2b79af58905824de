// File > New, Open, Save and Save As for the twin: each goes through the host's projects.
// A script picked or dropped with a path on the host opens as a script project (its
// versions and chat kept by TwinForge, with an offer to save it as a project); one without
// (a browser's picker) becomes a new project holding its text.
import { confirmDiscard, pickScript, readDroppedScript } from '../features/editor/script-files';
import { useEditorStore } from '../features/editor/editor-store';
import {
  newProject,
  openProject,
  saveProject,
  saveProjectAs,
  useProjectStore,
} from '../features/project/project-store';
import { useNotifications } from '../ui/notifications';
import { useUi } from './ui-store';

const notify = (level: 'info' | 'error', text: string) =>
  useNotifications.getState().notify(level, text);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function newTwin(): Promise<void> {
  if (!confirmDiscard('start a new twin')) return;
  await newProject();
}

async function openScriptText(name: string, path: string | null, text: string): Promise<void> {
  try {
    if (path) await openProject(path);
    else await newProject(text, name.replace(/\.py$/i, ''));
  } catch (error) {
    notify('error', `${name} could not be opened: ${messageOf(error)}`);
  }
}

export async function openScriptFile(): Promise<void> {
  if (!confirmDiscard('open another script')) return;
  const picked = await pickScript();
  if (picked) await openScriptText(picked.name, picked.path, picked.text);
}

export async function openDroppedScript(file: File): Promise<void> {
  if (!confirmDiscard(`open ${file.name}`)) return;
  const read = await readDroppedScript(file);
  if (read) await openScriptText(read.name, read.path, read.text);
}

/** Opens a project (or a script) at a host path, as the Open Project dialog does. */
export async function openProjectAt(path: string): Promise<void> {
  if (!confirmDiscard('open another project')) return;
  await openProject(path);
  useUi.getState().closeDialog();
}

/** Save: the project as it is; an untitled one asks where first. */
export async function saveTwin(): Promise<void> {
  const info = useProjectStore.getState().info;
  if (!info || info.kind === 'untitled') {
    useUi.getState().openDialog('saveProjectAs');
    return;
  }
  if (await saveProject({ withScript: true })) {
    notify('info', `Saved ${info.kind === 'script' ? info.scriptPath : info.path}`);
  }
}

/** Save As Project into `path` (a NAME.twinforge folder); asks before replacing one. */
export async function saveTwinAs(path: string): Promise<void> {
  let outcome = await saveProjectAs(path);
  if (outcome === 'exists' && window.confirm(`${path} already holds a project. Replace it?`)) {
    outcome = await saveProjectAs(path, true);
  }
  if (outcome === 'saved') {
    useUi.getState().closeDialog();
    notify('info', `Saved the project to ${path}`);
  } else if (outcome === 'failed') {
    throw new Error(useProjectStore.getState().saveError ?? 'The project could not be saved');
  }
}

/** The name Save As offers: the project's, or the script's without .py. */
export function suggestedProjectName(): string {
  const info = useProjectStore.getState().info;
  if (info && info.kind !== 'untitled') return info.name;
  return useEditorStore.getState().fileName.replace(/\.py$/i, '') || 'twin';
}
