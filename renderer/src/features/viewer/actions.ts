// The viewer's actions, registered in the workspace's action registry (menus, shortcuts,
// command palette). `file.openRecording` is in the static catalogue; the others are added
// at run time with their own titles and menus.
import { registerAction, type ActionInput } from '../../commands/action-registry';
import { useNotifications } from '../../ui/notifications';
import { activeView } from './active-view';
import { copyImage, downloadBlob, pickFile, timestamp } from './files';
import { openRecordingFile } from './recording';
import { useTimelineStore } from './timeline-store';
import { viewerSession } from './viewer-session';
import { useViewerStore } from './viewer-store';
import type { ViewToggles } from '../../scene/scene-renderer';

const hasView = () => activeView() !== null;
const hasFrames = () => useTimelineStore.getState().frameCount > 0;

export async function openRecordingAction(): Promise<void> {
  const file = await pickFile('.tfrec');
  if (!file) return;
  const opened = await openRecordingFile(file);
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
  downloadBlob(await view.screenshot(), `twinforge-view-${timestamp()}.png`);
}

export async function copyViewImage(): Promise<void> {
  const view = activeView();
  if (!view) throw new Error('The 3D view is not shown');
  await copyImage(await view.screenshot());
  useNotifications.getState().notify('info', 'Image of the 3D view copied');
}

function toggle(name: keyof ViewToggles): () => void {
  return () => {
    const store = useViewerStore.getState();
    store.setToggle(name, !store.toggles[name]);
  };
}

export const VIEWER_ACTIONS: ActionInput[] = [
  { id: 'file.openRecording', run: openRecordingAction },
  {
    id: 'file.exportImage',
    when: hasView,
    run: exportImage,
  },
  {
    id: 'view.copyImage',
    when: hasView,
    run: copyViewImage,
  },
  {
    id: 'view.resetCamera',
    when: hasView,
    run: () => activeView()?.resetView(),
  },
  {
    id: 'view.followSelected',
    when: () => useViewerStore.getState().selection.length > 0,
    run: () => useViewerStore.getState().setFollow(!useViewerStore.getState().follow),
  },
  {
    id: 'view.toggleGrid',
    run: toggle('grid'),
  },
  {
    id: 'view.toggleAxes',
    run: toggle('axes'),
  },
  {
    id: 'view.toggleBodyFrames',
    run: toggle('bodyFrames'),
  },
  {
    id: 'view.toggleWireframe',
    run: toggle('wireframe'),
  },
  {
    id: 'view.toggleShadows',
    run: toggle('shadows'),
  },
  {
    id: 'timeline.playPause',
    when: hasFrames,
    run: () => (useTimelineStore.getState().playing ? viewerSession.pause() : viewerSession.play()),
  },
  {
    id: 'timeline.stepForward',
    when: hasFrames,
    run: () => viewerSession.step(1),
  },
  {
    id: 'timeline.stepBack',
    when: hasFrames,
    run: () => viewerSession.step(-1),
  },
  {
    id: 'timeline.live',
    when: hasFrames,
    run: () => viewerSession.goLive(),
  },
];

/** Registers every viewer action; returns the function that removes them. */
export function registerViewerActions(): () => void {
  const disposers = VIEWER_ACTIONS.map((action) => registerAction(action));
  return () => disposers.forEach((dispose) => dispose());
}
