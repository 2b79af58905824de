// Recently opened or saved scripts, remembered per kind of host (the desktop app and a
// browser on serve mode see different files). A browser never reveals paths, so there the
// entry keeps the text itself (small scripts only) to be reopened from.
import { create } from 'zustand';

export interface RecentFile {
  name: string;
  path: string | null;
  /** The text at the time, for hosts that cannot read the file again (browsers). */
  text: string | null;
  at: number;
}

export const MAX_RECENT = 8;
const MAX_REMEMBERED_TEXT = 256 * 1024;

interface RecentState {
  storageKey: string;
  files: RecentFile[];
  /** Chooses the storage slot (per host kind) and loads it. */
  useSlot(hostKind: string): void;
  remember(file: { name: string; path: string | null; text: string }): void;
  forget(file: RecentFile): void;
}

function read(key: string): RecentFile[] {
  try {
    const raw = localStorage.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (f): f is RecentFile =>
        typeof f === 'object' && f !== null && typeof (f as RecentFile).name === 'string',
    );
  } catch {
    return [];
  }
}

function write(key: string, files: RecentFile[]): void {
  try {
    localStorage.setItem(key, JSON.stringify(files));
  } catch {
    // Storage full or disabled: the list still works for this session.
  }
}

const sameFile = (
  a: { name: string; path: string | null },
  b: { name: string; path: string | null },
) => (a.path !== null || b.path !== null ? a.path === b.path : a.name === b.name);

export const useRecentFiles = create<RecentState>((set, get) => ({
  storageKey: 'twinforge.recent.browser',
  files: [],
  useSlot(hostKind) {
    const storageKey = `twinforge.recent.${hostKind}`;
    set({ storageKey, files: read(storageKey) });
  },
  remember(file) {
    const entry: RecentFile = {
      name: file.name,
      path: file.path,
      text: file.path === null && file.text.length <= MAX_REMEMBERED_TEXT ? file.text : null,
      at: Date.now(),
    };
    const files = [entry, ...get().files.filter((f) => !sameFile(f, entry))].slice(0, MAX_RECENT);
    write(get().storageKey, files);
    set({ files });
  },
  forget(file) {
    const files = get().files.filter((f) => f !== file);
    write(get().storageKey, files);
    set({ files });
  },
}));
