// The twin's versions: every accepted change (a model answer, a repair, a restore, a lint
// fix) with its prompt, model and answer. Versions belong to the twin (the project), not to
// the chat: a new chat keeps them. Restoring adds a version, so nothing is ever lost.
import { create } from 'zustand';
import type { TwinVersion } from '../../../../electron/common/contract/llm';
import { NEW_SCRIPT, useEditorStore } from '../editor/editor-store';

export interface VersionsState {
  versions: TwinVersion[];
  /** The version the editor held when it last changed through a version. */
  currentVersionId: string | null;
  /**
   * Records `version` as the editor's new script. The script it replaces is kept as a
   * version too when no version holds it (the script before the chat, the user's edits).
   */
  add(version: Omit<TwinVersion, 'id' | 'createdAt'>, previousCode: string): TwinVersion;
  /** Puts a version's script back in the editor, as a new version. */
  restore(id: string): void;
}

const now = () => new Date().toISOString();
export const newId = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** A script worth keeping: more than the new-file header and imports. */
export function hasRealScript(code: string): boolean {
  if (code.trim() === NEW_SCRIPT.trim()) return false;
  return code
    .split('\n')
    .some((l) => l.trim() !== '' && !l.trim().startsWith('#') && !/^\s*(import|from)\s/.test(l));
}

export const useVersionsStore = create<VersionsState>((set, get) => ({
  versions: [],
  currentVersionId: null,

  add(version, previousCode) {
    const versions = [...get().versions];
    const current = versions.find((v) => v.id === get().currentVersionId);
    if (hasRealScript(previousCode) && current?.code !== previousCode) {
      versions.push({
        id: newId(),
        createdAt: now(),
        origin: versions.length === 0 ? 'initial' : 'manual',
        prompt: '',
        model: null,
        answer: null,
        code: previousCode,
      });
    }
    const created: TwinVersion = { ...version, id: newId(), createdAt: now() };
    versions.push(created);
    set({ versions, currentVersionId: created.id });
    return created;
  },

  restore(id) {
    const { versions } = get();
    const version = versions.find((v) => v.id === id);
    if (!version) return;
    const editor = useEditorStore.getState();
    const before = editor.getCode();
    if (version.code === before) {
      set({ currentVersionId: id });
      return;
    }
    const number = versions.indexOf(version) + 1;
    editor.replaceCode(version.code, `Restore version ${number}`);
    get().add(
      {
        origin: 'restore',
        prompt: `Restored version ${number}`,
        model: null,
        answer: null,
        code: version.code,
      },
      before,
    );
  },
}));
