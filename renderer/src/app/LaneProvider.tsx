// Puts one lane's run and viewer sessions in context for the panels inside (toolbar,
// console, 3D view, timeline, plots).
import type { ReactNode } from 'react';
import { RunSessionContext } from '../features/runtime/session-context';
import { ViewerSessionContext } from '../features/viewer/session-context';
import type { Lane } from './lanes';

export function LaneProvider({ lane, children }: { lane: Lane; children: ReactNode }) {
  return (
    <RunSessionContext.Provider value={lane.run}>
      <ViewerSessionContext.Provider value={lane.viewer}>{children}</ViewerSessionContext.Provider>
    </RunSessionContext.Provider>
  );
}
