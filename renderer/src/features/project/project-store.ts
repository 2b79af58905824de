// The twin's project as this window holds it: which project is open (a NAME.twinforge
// folder, a plain script, or an untitled one in the user-data folder), the revision the
// next save is based on, and what the user must hear about it (another window has it open,
// a save was refused because someone else saved, what could not be read). The editor holds
// its script, the versions store its versions, the chat its conversation: the project
// gathers them into snapshots for the host's `projects.*` service and puts an opened
// project's state back into them.
import { create } from 'zustand';
import type {
  ConversationMessage,
  OpenedProject,
  OpenElsewhere,
  ProjectInfo,
  ProjectSettings,
  ProjectSnapshot,
  ReferenceSource,
  RunEntry,
  SaveConflict,
  SavedBy,
} from '../../../../electron/common/contract/projects';
import type { PlatformHost } from '../../platform/types';
import { NEW_SCRIPT, useEditorStore } from '../editor/editor-store';
import { useVersionsStore } from './versions-store';

export interface ProjectStoreState {
  info: ProjectInfo | null;
  revision: string | null;
  /** What could not be read when it opened, shown until dismissed. */
  problems: string[];
  openElsewhere: OpenElsewhere[];
  /** A plain script or an untitled project: offer "Save as a project". */
  offerSaveAsProject: boolean;
  /** A save refused because someone else saved since; the user chooses what to do. */
  conflict: SaveConflict | null;
  /** Someone else saved the project while this window has it open. */
  changedElsewhere: { savedAt: string; savedBy: SavedBy } | null;
  saving: boolean;
  /** Why the last save failed (the host did not answer, a full disk...), or null. */
  saveError: string | null;
  settings: ProjectSettings;
  referenceSource: ReferenceSource | null;
  reference: string | null;
  runs: RunEntry[];
  dismissProblems(): void;
}

/** Where the conversation lives (the chat's store): read for a snapshot, set on open. */
export interface ConversationAccess {
  get(): ConversationMessage[];
  set(messages: ConversationMessage[]): void;
}

const initial = {
  info: null,
  revision: null,
  problems: [],
  openElsewhere: [],
  offerSaveAsProject: false,
  conflict: null,
  changedElsewhere: null,
  saving: false,
  saveError: null,
  settings: {},
  referenceSource: null,
  reference: null,
  runs: [],
};

export const useProjectStore = create<ProjectStoreState>((set) => ({
  ...initial,
  dismissProblems: () => set({ problems: [], openElsewhere: [] }),
}));

let platform: PlatformHost | null = null;
let conversation: ConversationAccess = { get: () => [], set: () => undefined };
/** Saves run one after the other, each based on the revision the previous one returned. */
let chain: Promise<unknown> = Promise.resolve();

function requireHost(): PlatformHost {
  if (!platform) throw new Error('Not connected to the TwinForge host');
  return platform;
}

/** The editor's file name and path for a project's script. */
function documentOf(info: ProjectInfo): { fileName: string; filePath: string | null } {
  if (info.kind === 'script' && info.scriptPath) {
    return {
      fileName: info.scriptPath.split(/[\\/]/).pop() ?? info.name,
      filePath: info.scriptPath,
    };
  }
  if (info.kind === 'project' && info.path) {
    return { fileName: 'twin.py', filePath: `${info.path}/twin.py` };
  }
  return { fileName: `${info.name}.py`, filePath: null };
}

/** Puts an opened project in this window, closing the one it held. */
function adopt(opened: OpenedProject): void {
  const previous = useProjectStore.getState().info;
  if (previous && previous.projectId !== opened.project.projectId) {
    void platform
      ?.invoke('projects.close', { projectId: previous.projectId })
      .catch(() => undefined);
  }
  const { state, project } = opened;
  // A twin never saved starts from the starter script, not from an empty page.
  const fresh = project.kind === 'untitled' && project.savedAt === null && state.script === '';
  useEditorStore
    .getState()
    .loadDocument({ code: fresh ? NEW_SCRIPT : state.script, ...documentOf(project) });
  useVersionsStore.setState({
    versions: state.versions,
    currentVersionId: state.currentVersionId,
  });
  conversation.set(state.conversation);
  useProjectStore.setState({
    ...initial,
    info: project,
    revision: opened.revision,
    problems: opened.problems,
    openElsewhere: opened.openElsewhere,
    offerSaveAsProject: opened.offerSaveAsProject,
    settings: state.settings,
    referenceSource: state.referenceSource,
    reference: state.reference,
    runs: state.runs,
  });
}

/** What the project holds now; the script only when it is to be written. */
function snapshot(withScript: boolean): ProjectSnapshot {
  const versions = useVersionsStore.getState();
  const project = useProjectStore.getState();
  return {
    ...(withScript ? { script: useEditorStore.getState().getCode() } : {}),
    versions: versions.versions,
    currentVersionId: versions.currentVersionId,
    conversation: conversation.get(),
    settings: project.settings,
    referenceSource: project.referenceSource,
  };
}

export async function newProject(script?: string, name?: string): Promise<void> {
  adopt(await requireHost().invoke('projects.new', { script, name }));
  rememberUntitled();
}

/** Opens a NAME.twinforge folder, its project.json, or a plain .py on the host. */
export async function openProject(path: string): Promise<void> {
  adopt(await requireHost().invoke('projects.open', { path }));
}

/** Reads the project again from disk, dropping what this window had not saved. */
export async function reloadProject(): Promise<void> {
  const info = useProjectStore.getState().info;
  if (!info) return;
  adopt(await requireHost().invoke('projects.load', { projectId: info.projectId }));
}

/**
 * Saves the project: the conversation, the versions and the twin's settings always; the
 * script when `withScript` (File > Save; an untitled project keeps its script in the
 * user-data folder, so it always goes along). Resolves with false when nothing was written
 * (a conflict, which the store then holds, or an error).
 */
export function saveProject(
  options: { withScript?: boolean; overwrite?: boolean } = {},
): Promise<boolean> {
  const run = async (): Promise<boolean> => {
    const state = useProjectStore.getState();
    const info = state.info;
    if (!platform || !info || !state.revision) return false;
    if (state.conflict && !options.overwrite) return false;
    const withScript = options.withScript === true || info.kind === 'untitled';
    const snap = snapshot(withScript);
    useProjectStore.setState({ saving: true });
    try {
      const result = await platform.invoke('projects.save', {
        projectId: info.projectId,
        snapshot: snap,
        baseRevision: state.revision,
        overwrite: options.overwrite ?? false,
      });
      if (result.status === 'conflict') {
        useProjectStore.setState({ conflict: result.conflict, saving: false });
        return false;
      }
      useProjectStore.setState({
        info: result.project,
        revision: result.revision,
        conflict: null,
        changedElsewhere: null,
        saving: false,
        saveError: null,
      });
      if (snap.script !== undefined) markScriptSaved(snap.script, result.project);
      rememberUntitled();
      return true;
    } catch (error) {
      useProjectStore.setState({
        saving: false,
        saveError: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  };
  const next = chain.then(run, run);
  chain = next.catch(() => undefined);
  return next;
}

export type SaveAsOutcome = 'saved' | 'exists' | 'failed';

/** Writes the project to a new NAME.twinforge folder on the host; this window then holds it. */
export function saveProjectAs(path: string, overwrite = false): Promise<SaveAsOutcome> {
  const run = async (): Promise<SaveAsOutcome> => {
    const info = useProjectStore.getState().info;
    if (!platform || !info) return 'failed';
    const snap = snapshot(true);
    useProjectStore.setState({ saving: true });
    try {
      const result = await platform.invoke('projects.saveAs', {
        projectId: info.projectId,
        path,
        snapshot: snap,
        overwrite,
      });
      if (result.status === 'exists') {
        useProjectStore.setState({ saving: false });
        return 'exists';
      }
      useProjectStore.setState({
        info: result.project,
        revision: result.revision,
        conflict: null,
        changedElsewhere: null,
        offerSaveAsProject: false,
        saving: false,
        saveError: null,
      });
      markScriptSaved(snap.script ?? '', result.project);
      return 'saved';
    } catch (error) {
      useProjectStore.setState({
        saving: false,
        saveError: error instanceof Error ? error.message : String(error),
      });
      return 'failed';
    }
  };
  const next = chain.then(run, run);
  chain = next.catch(() => undefined);
  return next;
}

/** The editor's text is now on disk (only if it did not change meanwhile). */
function markScriptSaved(text: string, info: ProjectInfo): void {
  const editor = useEditorStore.getState();
  if (editor.getCode() !== text) return;
  const { fileName, filePath } = documentOf(info);
  editor.markSaved(filePath, fileName, null);
}

/** Sets the twin's own run settings (saved with the project). */
export function setProjectSettings(settings: ProjectSettings): void {
  useProjectStore.setState({ settings });
}

/** Where this browser (or app) remembers its untitled project, to find it after a reload. */
const UNTITLED_KEY = 'twinforge.project.untitled';

function rememberUntitled(): void {
  const info = useProjectStore.getState().info;
  if (info?.kind !== 'untitled' || !info.path) return;
  try {
    localStorage.setItem(UNTITLED_KEY, info.path);
  } catch {
    // Without storage the project is still saved, just not found again after a reload.
  }
}

/**
 * The project a window starts with: this browser's untitled project when nobody else has
 * it open (a reload finds its chat and versions again; a second tab gets one of its own),
 * else a new one.
 */
export async function openStartProject(): Promise<void> {
  const host = requireHost();
  let path: string | null = null;
  try {
    path = localStorage.getItem(UNTITLED_KEY);
  } catch {
    path = null;
  }
  if (path) {
    const reopened = await host.invoke('projects.open', { path }).catch(() => null);
    if (reopened && reopened.openElsewhere.length === 0) {
      adopt(reopened);
      return;
    }
    if (reopened) {
      void host
        .invoke('projects.close', { projectId: reopened.project.projectId })
        .catch(() => undefined);
    }
  }
  await newProject();
}

/** Connects the project to the host; `chat` is where the conversation lives. */
export function connectProject(host: PlatformHost, chat: ConversationAccess): () => void {
  platform = host;
  conversation = chat;
  const off = host.on('projects.changed', ({ projectId, savedAt, savedBy }) => {
    if (useProjectStore.getState().info?.projectId !== projectId) return;
    useProjectStore.setState({ changedElsewhere: { savedAt, savedBy } });
  });
  return () => {
    off();
    const info = useProjectStore.getState().info;
    if (info)
      void host.invoke('projects.close', { projectId: info.projectId }).catch(() => undefined);
    if (platform === host) platform = null;
  };
}

/** Clears the store between tests. */
export function resetProjectStore(): void {
  chain = Promise.resolve();
  useProjectStore.setState({ ...initial });
}

/** Folders, projects and scripts under the host's projects root (for the in-app dialog). */
export function browseProjects(dir?: string) {
  return requireHost().invoke('projects.browse', { dir });
}

export function recentProjects() {
  return requireHost().invoke('projects.recent', {});
}
