// The static catalogue of the app's actions: one table that feeds the native menu (built by
// electron/main), the in-window menu bar, keyboard shortcuts and the command palette.
// Pure data: the renderer attaches the behaviour (see renderer/src/app).

export const MENUS = ['File', 'Edit', 'View', 'Run', 'Model', 'Help'] as const;
export type MenuName = (typeof MENUS)[number];

/** Menu roles that Electron implements natively; the renderer leaves their keys alone. */
export type NativeRole = 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll';

export interface ActionDescriptor {
  id: string;
  title: string;
  /** The menu that lists it; absent for palette-only actions. */
  menu?: MenuName;
  /** Items of one menu that share a group are drawn together between separators. */
  group?: string;
  /** Electron accelerator syntax: `CmdOrCtrl+Shift+P`, `F5`, `Alt+Enter`. */
  accelerator?: string;
  /** When set, the native menu uses Electron's role and the keys reach the editor. */
  role?: NativeRole;
}

export const ACTIONS = [
  { id: 'file.new', title: 'New Twin', menu: 'File', group: 'doc', accelerator: 'CmdOrCtrl+N' },
  {
    id: 'file.openProject',
    title: 'Open Project…',
    menu: 'File',
    group: 'doc',
    accelerator: 'CmdOrCtrl+Shift+O',
  },
  {
    id: 'file.open',
    title: 'Open Script…',
    menu: 'File',
    group: 'doc',
    accelerator: 'CmdOrCtrl+O',
  },
  {
    id: 'file.openRecording',
    title: 'Open Recording…',
    menu: 'File',
    group: 'doc',
  },
  { id: 'file.save', title: 'Save', menu: 'File', group: 'save', accelerator: 'CmdOrCtrl+S' },
  {
    id: 'file.saveAs',
    title: 'Save As Project…',
    menu: 'File',
    group: 'save',
    accelerator: 'CmdOrCtrl+Shift+S',
  },
  { id: 'file.runs', title: 'Runs…', menu: 'File', group: 'runs' },
  { id: 'file.exportScript', title: 'Export Script…', menu: 'File', group: 'export' },
  { id: 'file.exportRun', title: 'Export Run…', menu: 'File', group: 'export' },
  { id: 'file.exportImage', title: 'Export Image…', menu: 'File', group: 'export' },
  {
    id: 'file.settings',
    title: 'Settings…',
    menu: 'File',
    group: 'prefs',
    accelerator: 'CmdOrCtrl+,',
  },

  {
    id: 'edit.undo',
    title: 'Undo',
    menu: 'Edit',
    group: 'history',
    accelerator: 'CmdOrCtrl+Z',
    role: 'undo',
  },
  {
    id: 'edit.redo',
    title: 'Redo',
    menu: 'Edit',
    group: 'history',
    accelerator: 'CmdOrCtrl+Shift+Z',
    role: 'redo',
  },
  { id: 'edit.find', title: 'Find', menu: 'Edit', group: 'find', accelerator: 'CmdOrCtrl+F' },
  { id: 'edit.replace', title: 'Replace', menu: 'Edit', group: 'find', accelerator: 'CmdOrCtrl+H' },
  {
    id: 'edit.selectAll',
    title: 'Select All',
    menu: 'Edit',
    group: 'select',
    accelerator: 'CmdOrCtrl+A',
    role: 'selectAll',
  },

  {
    id: 'view.commandPalette',
    title: 'Command Palette…',
    menu: 'View',
    group: 'palette',
    accelerator: 'CmdOrCtrl+Shift+P',
  },
  {
    id: 'view.focusChat',
    title: 'Focus Chat',
    menu: 'View',
    group: 'focus',
    accelerator: 'CmdOrCtrl+1',
  },
  {
    id: 'view.focusEditor',
    title: 'Focus Editor',
    menu: 'View',
    group: 'focus',
    accelerator: 'CmdOrCtrl+2',
  },
  {
    id: 'view.focusViewer',
    title: 'Focus 3D View',
    menu: 'View',
    group: 'focus',
    accelerator: 'CmdOrCtrl+3',
  },
  {
    id: 'view.toggleBottomPanel',
    title: 'Toggle Bottom Panel',
    menu: 'View',
    group: 'panels',
    accelerator: 'CmdOrCtrl+J',
  },
  {
    id: 'view.console',
    title: 'Show Console',
    menu: 'View',
    group: 'panels',
    accelerator: 'CmdOrCtrl+Shift+Y',
  },
  {
    id: 'view.problems',
    title: 'Show Problems',
    menu: 'View',
    group: 'panels',
    accelerator: 'CmdOrCtrl+Shift+M',
  },
  { id: 'view.plots', title: 'Show Plots', menu: 'View', group: 'panels' },
  { id: 'view.copyImage', title: 'Copy 3D View Image', menu: 'View', group: 'viewer' },
  { id: 'view.resetCamera', title: 'Reset 3D View', menu: 'View', group: 'viewer' },
  { id: 'view.followSelected', title: 'Follow Selected Body', menu: 'View', group: 'viewer' },
  { id: 'view.toggleGrid', title: 'Toggle Grid', menu: 'View', group: 'viewer-toggles' },
  { id: 'view.toggleAxes', title: 'Toggle World Axes', menu: 'View', group: 'viewer-toggles' },
  {
    id: 'view.toggleBodyFrames',
    title: 'Toggle Body Frames',
    menu: 'View',
    group: 'viewer-toggles',
  },
  { id: 'view.toggleWireframe', title: 'Toggle Wireframe', menu: 'View', group: 'viewer-toggles' },
  { id: 'view.toggleShadows', title: 'Toggle Shadows', menu: 'View', group: 'viewer-toggles' },
  { id: 'timeline.playPause', title: 'Timeline: Play/Pause' },
  { id: 'timeline.stepForward', title: 'Timeline: Step Forward' },
  { id: 'timeline.stepBack', title: 'Timeline: Step Back' },
  { id: 'timeline.live', title: 'Timeline: Jump to Live' },
  { id: 'view.resetLayout', title: 'Reset Layout', menu: 'View', group: 'panels' },
  { id: 'view.themeSystem', title: 'Theme: Follow System', menu: 'View', group: 'theme' },
  { id: 'view.themeLight', title: 'Theme: Light', menu: 'View', group: 'theme' },
  { id: 'view.themeDark', title: 'Theme: Dark', menu: 'View', group: 'theme' },
  { id: 'view.toggleTheme', title: 'Toggle Light/Dark Theme', menu: 'View', group: 'theme' },

  {
    id: 'run.start',
    title: 'Run Script',
    menu: 'Run',
    group: 'run',
    accelerator: 'CmdOrCtrl+Enter',
  },
  { id: 'run.pause', title: 'Pause', menu: 'Run', group: 'control', accelerator: 'F6' },
  { id: 'run.resume', title: 'Resume', menu: 'Run', group: 'control', accelerator: 'F5' },
  { id: 'run.step', title: 'Step One Frame', menu: 'Run', group: 'control', accelerator: 'F10' },
  { id: 'run.stop', title: 'Stop', menu: 'Run', group: 'control', accelerator: 'Shift+F5' },
  {
    id: 'chat.runAndFix',
    title: 'Run & Fix',
    menu: 'Run',
    group: 'run',
    accelerator: 'CmdOrCtrl+Shift+Enter',
  },
  {
    id: 'review.open',
    title: 'Review Against a Reference…',
    menu: 'Run',
    group: 'review',
  },
  { id: 'run.clearConsole', title: 'Clear Console', menu: 'Run', group: 'console' },
  { id: 'run.probe', title: 'Check Python Runtime Again', menu: 'Run', group: 'console' },

  { id: 'chat.new', title: 'New Chat', menu: 'Model', group: 'chat' },
  { id: 'chat.versions', title: 'Versions of the Twin…', menu: 'Model', group: 'chat' },
  { id: 'chat.stop', title: 'Stop the Answer or the Fix Loop', menu: 'Model', group: 'chat' },
  { id: 'chat.models', title: 'Models…', menu: 'Model', group: 'models' },
  { id: 'chat.pull', title: 'Pull a Model…', menu: 'Model', group: 'models' },
  {
    id: 'eval.open',
    title: 'Evaluate Models on a Task Set…',
    menu: 'Model',
    group: 'eval',
  },
  { id: 'model.settings', title: 'Model Server Settings…', menu: 'Model', group: 'server' },
  { id: 'model.refreshStatus', title: 'Check Model Server Again', menu: 'Model', group: 'server' },

  { id: 'help.firstRun', title: 'Getting Started…', menu: 'Help', group: 'help' },
  { id: 'help.runtime', title: 'Simulation Runtime…', menu: 'Help', group: 'help' },
  { id: 'help.shortcuts', title: 'Keyboard Shortcuts', menu: 'Help', group: 'help' },
  { id: 'help.about', title: 'About TwinForge', menu: 'Help', group: 'about' },
] as const satisfies readonly ActionDescriptor[];

export type CatalogueActionId = (typeof ACTIONS)[number]['id'];

const byId = new Map<string, ActionDescriptor>(ACTIONS.map((a) => [a.id, a]));

/** The catalogue entry of an action, or undefined for actions features add at run time. */
export function describeAction(id: string): ActionDescriptor | undefined {
  return byId.get(id);
}
