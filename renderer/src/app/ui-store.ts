// What the workspace shows besides the panes: dialogs, the palette, the bottom panel's tab.
import { create } from 'zustand';

export type BottomTab = 'console' | 'plots' | 'problems';
export type DialogName =
  | 'settings'
  | 'firstRun'
  | 'shortcuts'
  | 'about'
  | 'openProject'
  | 'saveProjectAs'
  | 'runs'
  | 'eval';

interface UiState {
  paletteOpen: boolean;
  dialog: DialogName | null;
  /** Which settings section to show first when the settings dialog opens. */
  settingsFocus: string | null;
  bottomTab: BottomTab;
  bottomCollapsed: boolean;
  setPaletteOpen(open: boolean): void;
  openDialog(dialog: DialogName, focus?: string): void;
  closeDialog(): void;
  showBottomTab(tab: BottomTab): void;
  setBottomCollapsed(collapsed: boolean): void;
}

export const useUi = create<UiState>((set) => ({
  paletteOpen: false,
  dialog: null,
  settingsFocus: null,
  bottomTab: 'console',
  bottomCollapsed: false,
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  openDialog: (dialog, focus) => set({ dialog, settingsFocus: focus ?? null, paletteOpen: false }),
  closeDialog: () => set({ dialog: null }),
  showBottomTab: (bottomTab) => set({ bottomTab, bottomCollapsed: false }),
  setBottomCollapsed: (bottomCollapsed) => set({ bottomCollapsed }),
}));
