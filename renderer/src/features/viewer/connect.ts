// Wires the host's runtime events and the timeline memory setting to the viewer session.
// Called once by the panels when they first mount; the session then lives with the app.
import { decodeFrame } from '../../../../electron/common/stream';
import type { PlatformHost } from '../../platform/types';
import { routeOwnRun } from '../runtime/runtime-store';
import { useSettingsStore } from '../settings/settings-store';
import { useNotifications } from '../../ui/notifications';
import { viewerSession } from './viewer-session';

let connectedTo: PlatformHost | null = null;

export function connectViewer(host: PlatformHost): void {
  if (connectedTo === host) return;
  connectedTo = host;
  let warned = false;
  // Only this window's run is shown, as the run controls and the console see it.
  host.on('runtime.message', ({ runId, message }) =>
    routeOwnRun(runId, () => viewerSession.handleMessage(runId, message)),
  );
  host.on('runtime.frame', ({ runId, data }) => {
    try {
      const frame = decodeFrame(data);
      routeOwnRun(runId, () => viewerSession.handleFrame(runId, frame));
    } catch (error) {
      // A malformed frame is dropped; say so once per run rather than per frame.
      if (!warned) {
        warned = true;
        useNotifications
          .getState()
          .notify(
            'warning',
            `A frame of the run could not be read and was skipped: ${String(error)}`,
          );
      }
    }
  });
  const applyCap = () => {
    const mib = useSettingsStore.getState().settings?.timelineMemoryMiB;
    if (mib && mib * 1024 * 1024 !== viewerSession.frames.cap) viewerSession.setCapMiB(mib);
  };
  applyCap();
  useSettingsStore.subscribe(applyCap);
}
