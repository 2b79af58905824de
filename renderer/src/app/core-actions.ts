// The behaviour of the catalogue's actions that belong to the workspace, the editor, the
// runtime and settings. Layout actions are registered by Workspace.tsx, which owns the panes.
import { useEditorStore } from '../features/editor/editor-store';
import { exportScript } from '../features/editor/script-files';
import { recentProjects, useProjectStore } from '../features/project/project-store';
import { useProbeStore } from '../features/runtime/probe-store';
import { isActive } from '../features/runtime/run-session';
import { useSettingsStore } from '../features/settings/settings-store';
import { invalidateActions, registerAction } from '../commands/action-registry';
import { useLlmStatus } from './llm-status';
import { useTheme, type ThemeChoice } from './theme';
import { newTwin, openProjectAt, openScriptFile, saveTwin } from './file-actions';
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
    registerAction({ id: 'file.new', run: newTwin }),
    registerAction({ id: 'file.open', run: openScriptFile }),
    registerAction({
      id: 'file.openProject',
      run: () => useUi.getState().openDialog('openProject'),
    }),
    registerAction({ id: 'file.save', run: saveTwin }),
    registerAction({ id: 'file.saveAs', run: () => useUi.getState().openDialog('saveProjectAs') }),
    registerAction({ id: 'file.exportScript', run: () => exportScript().then(() => undefined) }),
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
    // The Simulation runtime card lives in Getting Started.
    registerAction({
      id: 'help.runtime',
      run: () => useUi.getState().openDialog('firstRun', 'runtime'),
    }),
    registerAction({ id: 'help.shortcuts', run: () => useUi.getState().openDialog('shortcuts') }),
    registerAction({ id: 'help.about', run: () => useUi.getState().openDialog('about') }),
  ];

  // Run controls enable and disable with the run's state.
  disposers.push(
    twin.state.subscribe((s, prev) => {
      if (s.summary?.status !== prev.summary?.status) invalidateActions();
    }),
  );

  // Recent projects appear in the File menu and the palette as actions of their own,
  // asked of the host again whenever another project opens.
  let recent: Array<() => void> = [];
  const syncRecent = () =>
    recentProjects().then(
      ({ projects }) => {
        recent.forEach((dispose) => dispose());
        recent = projects.slice(0, 8).map((project, i) =>
          registerAction({
            id: `file.recent.${i}`,
            title: `Open Recent: ${project.name} (${project.path})`,
            menu: 'File',
            group: 'recent',
            run: () => openProjectAt(project.path),
          }),
        );
      },
      () => undefined,
    );
  void syncRecent();
  disposers.push(
    useProjectStore.subscribe((s, prev) => {
      if (s.info?.projectId !== prev.info?.projectId) void syncRecent();
    }),
  );
  disposers.push(() => recent.forEach((dispose) => dispose()));

  return () => disposers.forEach((dispose) => dispose());
}
