// The UI state of one viewer session: the items of the scene (names, kinds, shapes) for
// the info panel and plots, the selection, the view toggles and follow mode. Per-frame
// values (poses, the time cursor) are not here: see timeline-store.ts.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SceneItem } from '../../../../electron/common/stream';
import { DEFAULT_TOGGLES, type ViewToggles } from '../../scene/scene-renderer';

export interface ViewerState {
  /** Items of the current scene by key. Replaced (not mutated) when the scene changes. */
  items: ReadonlyMap<number, SceneItem>;
  upAxis: 'Y' | 'Z';
  /** Selected item keys, most recent last. */
  selection: number[];
  toggles: ViewToggles;
  follow: boolean;
  /** Shape kinds the view could not draw, with counts (shown in the info panel). */
  skipped: Record<string, number>;
  /** The script line the editor's cursor is on, when it is the line of this run's script:
   *  the items made there are highlighted. */
  sourceLine: number | null;

  select(key: number | null, additive?: boolean): void;
  setToggle<K extends keyof ViewToggles>(name: K, value: ViewToggles[K]): void;
  setFollow(on: boolean): void;
  showSourceLine(line: number | null): void;
}

export type ViewerStore = StoreApi<ViewerState>;

export function createViewerStore(): ViewerStore {
  return createStore<ViewerState>((set, get) => ({
    items: new Map(),
    upAxis: 'Y',
    selection: [],
    toggles: { ...DEFAULT_TOGGLES },
    follow: false,
    skipped: {},
    sourceLine: null,

    select(key, additive = false) {
      if (key === null) {
        set({ selection: [], follow: false });
        return;
      }
      const current = get().selection;
      if (additive) {
        set({
          selection: current.includes(key) ? current.filter((k) => k !== key) : [...current, key],
        });
      } else {
        set({ selection: [key] });
      }
    },
    setToggle(name, value) {
      set({ toggles: { ...get().toggles, [name]: value } });
    },
    setFollow(on) {
      set({ follow: on && get().selection.length > 0 });
    },
    showSourceLine(line) {
      if (line !== get().sourceLine) set({ sourceLine: line });
    },
  }));
}

/** The shape kinds of an item, without repeats, for display. */
export function shapeKinds(item: SceneItem): string[] {
  return [...new Set(item.shapes.map((s) => s.type))];
}
