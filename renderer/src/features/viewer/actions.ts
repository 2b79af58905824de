// The viewer's actions, registered in the workspace's action registry (menus, shortcuts,
// command palette). `file.openRecording` is in the static catalogue; the others are added
// at run time with their own titles and menus.
import { registerAction, type ActionInput } from '../../commands/action-registry';
import { useNotifications } from '../../ui/notifications';
import { activeView } from './active-view';
import { copyImage, downloadBlob, pickFile, timestamp } from './files';
import { openRecordingFile } from './recording';
import type { ViewerSession } from './viewer-session';
import type { ViewToggles } from '../../scene/scene-renderer';

const hasView = () => activeView() !== null;

export async function openRecordingAction(session: ViewerSession): Promise<void> {
  const file = await pickFile('.tfrec');
  if (!file) return;
  const opened = await openRecordingFile(session, file);
  useNotifications
    .getState()
    .notify(
      'info',
      `Opened ${opened.name}: ${opened.frames} frames, ${opened.duration.toFixed(2)} s`,
    );
}

export async function exportImage(): Promise<void> {
  const view = activeView();
  if (!view) throw new Error('The 3D view is not shown');
  downloadBlob(await view.renderer.screenshot(), `twinforge-view-${timestamp()}.png`);
}

export async function copyViewImage(): Promise<void> {
  const view = activeView();
  if (!view) throw new Error('The 3D view is not shown');
  await copyImage(await view.renderer.screenshot());
  useNotifications.getState().notify('info', 'Image of the 3D view copied');
}

/**
 * The viewer's actions; they act on the view the user last worked in, or on `fallback`'s
 * session (the twin's) when no view is shown.
 */
export function viewerActions(fallback: () => ViewerSession): ActionInput[] {
  const session = () => activeView()?.session ?? fallback();
  const hasFrames = () => session().timeline.getState().frameCount > 0;
  const toggle = (name: keyof ViewToggles) => () => {
    const view = session().view.getState();
    view.setToggle(name, !view.toggles[name]);
  };
  return [
    { id: 'file.openRecording', run: () => openRecordingAction(session()) },
    { id: 'file.exportImage', when: hasView, run: exportImage },
    { id: 'view.copyImage', when: hasView, run: copyViewImage },
    { id: 'view.resetCamera', when: hasView, run: () => activeView()?.renderer.resetView() },
    {
      id: 'view.followSelected',
      when: () => session().view.getState().selection.length > 0,
      run: () => {
        const view = session().view.getState();
        view.setFollow(!view.follow);
      },
    },
    { id: 'view.toggleGrid', run: toggle('grid') },
    { id: 'view.toggleAxes', run: toggle('axes') },
    { id: 'view.toggleBodyFrames', run: toggle('bodyFrames') },
    { id: 'view.toggleWireframe', run: toggle('wireframe') },
    { id: 'view.toggleShadows', run: toggle('shadows') },
    {
      id: 'timeline.playPause',
      when: hasFrames,
      run: () => (session().timeline.getState().playing ? session().pause() : session().play()),
    },
    { id: 'timeline.stepForward', when: hasFrames, run: () => session().step(1) },
    { id: 'timeline.stepBack', when: hasFrames, run: () => session().step(-1) },
    { id: 'timeline.live', when: hasFrames, run: () => session().goLive() },
  ];
}

/** Registers every viewer action; returns the function that removes them. */
export function registerViewerActions(fallback: () => ViewerSession): () => void {
  const disposers = viewerActions(fallback).map((action) => registerAction(action));
  return () => disposers.forEach((dispose) => dispose());
}
