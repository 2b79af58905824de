// The behaviour of the catalogue's actions that belong to the workspace, the editor, the
// runtime and settings. Layout actions are registered by Workspace.tsx, which owns the panes.
import { useEditorStore } from '../features/editor/editor-store';
import { newScript, openRecent, openScript, saveScript } from '../features/editor/script-files';
import { useRecentFiles } from '../features/editor/recent-files';
import { useProbeStore } from '../features/runtime/probe-store';
import { isActive } from '../features/runtime/run-session';
import { useSettingsStore } from '../features/settings/settings-store';
import { invalidateActions, registerAction } from '../commands/action-registry';
import { useLlmStatus } from './llm-status';
import { useTheme, type ThemeChoice } from './theme';
import type { Lanes } from './lanes';
import { useUi } from './ui-store';

function editorCommand(command: string): () => void {
  return () => {
    const view = useEditorStore.getState().view;
    if (!view) return;
    view.focus();
    const action = view.getAction(command);
    if (action) void action.run();
    else view.trigger('menu', command, null);
  };
}

async function chooseTheme(choice: ThemeChoice): Promise<void> {
  useTheme.getState().setChoice(choice);
  // Remembered in the settings; the theme is already applied if the host cannot store it.
  if (useSettingsStore.getState().settings)
    await useSettingsStore.getState().update({ theme: choice });
}

/** Runs the editor's script in the twin's lane. */
export async function runTwin(lanes: Lanes): Promise<void> {
  const editor = useEditorStore.getState();
  await lanes.twin.run.run(editor.getCode(), {
    scriptPath: editor.filePath,
    label: editor.fileName,
  });
}

export function registerCoreActions(lanes: Lanes): () => void {
  const twin = lanes.twin.run;
  const status = () => twin.state.getState().summary?.status;
  const disposers = [
    registerAction({ id: 'file.new', run: newScript }),
    registerAction({ id: 'file.open', run: openScript }),
    registerAction({ id: 'file.save', run: () => saveScript(false).then(() => undefined) }),
    registerAction({ id: 'file.saveAs', run: () => saveScript(true).then(() => undefined) }),
    registerAction({ id: 'file.settings', run: () => useUi.getState().openDialog('settings') }),

    registerAction({ id: 'edit.undo', run: editorCommand('undo') }),
    registerAction({ id: 'edit.redo', run: editorCommand('redo') }),
    registerAction({ id: 'edit.find', run: editorCommand('actions.find') }),
    registerAction({
      id: 'edit.replace',
      run: editorCommand('editor.action.startFindReplaceAction'),
    }),
    registerAction({ id: 'edit.selectAll', run: editorCommand('editor.action.selectAll') }),

    registerAction({
      id: 'view.commandPalette',
      run: () => useUi.getState().setPaletteOpen(!useUi.getState().paletteOpen),
    }),
    registerAction({ id: 'view.console', run: () => useUi.getState().showBottomTab('console') }),
    registerAction({ id: 'view.problems', run: () => useUi.getState().showBottomTab('problems') }),
    registerAction({ id: 'view.plots', run: () => useUi.getState().showBottomTab('plots') }),
    registerAction({ id: 'view.themeSystem', run: () => chooseTheme('system') }),
    registerAction({ id: 'view.themeLight', run: () => chooseTheme('light') }),
    registerAction({ id: 'view.themeDark', run: () => chooseTheme('dark') }),
    registerAction({
      id: 'view.toggleTheme',
      run: () => chooseTheme(useTheme.getState().resolved === 'dark' ? 'light' : 'dark'),
    }),

    registerAction({ id: 'run.start', run: () => runTwin(lanes) }),
    registerAction({
      id: 'run.pause',
      when: () => status() === 'running',
      run: () => twin.control('pause'),
    }),
    registerAction({
      id: 'run.resume',
      when: () => status() === 'paused',
      run: () => twin.control('resume'),
    }),
    registerAction({
      id: 'run.step',
      when: () => status() === 'paused',
      run: () => twin.control('step'),
    }),
    registerAction({
      id: 'run.stop',
      when: () => isActive(twin.state.getState().summary),
      run: () => twin.control('stop'),
    }),
    registerAction({ id: 'run.clearConsole', run: () => twin.clearConsole() }),
    registerAction({
      id: 'run.probe',
      run: () =>
        useProbeStore
          .getState()
          .refresh()
          .then(() => undefined),
    }),

    registerAction({
      id: 'model.settings',
      run: () => useUi.getState().openDialog('settings', 'Model server'),
    }),
    registerAction({ id: 'model.refreshStatus', run: () => useLlmStatus.getState().refresh() }),
    registerAction({ id: 'eval.open', run: () => useUi.getState().openDialog('eval') }),

    registerAction({ id: 'help.firstRun', run: () => useUi.getState().openDialog('firstRun') }),
    registerAction({ id: 'help.shortcuts', run: () => useUi.getState().openDialog('shortcuts') }),
    registerAction({ id: 'help.about', run: () => useUi.getState().openDialog('about') }),
  ];

  // Run controls enable and disable with the run's state.
  disposers.push(
    twin.state.subscribe((s, prev) => {
      if (s.summary?.status !== prev.summary?.status) invalidateActions();
    }),
  );

  // Recent files appear in the File menu and the palette as actions of their own.
  let recent: Array<() => void> = [];
  const syncRecent = () => {
    recent.forEach((dispose) => dispose());
    recent = useRecentFiles.getState().files.map((file, i) =>
      registerAction({
        id: `file.recent.${i}`,
        title: `Open Recent: ${file.path ?? file.name}`,
        menu: 'File',
        group: 'recent',
        run: () => openRecent(file),
      }),
    );
  };
  syncRecent();
  disposers.push(
    useRecentFiles.subscribe((s, prev) => {
      if (s.files !== prev.files) syncRecent();
    }),
  );
  disposers.push(() => recent.forEach((dispose) => dispose()));

  return () => disposers.forEach((dispose) => dispose());
}
