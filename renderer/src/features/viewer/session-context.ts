// Which viewer session a panel shows: the app puts one lane's session in context for each
// 3D view, timeline, info panel and plot; these hooks read its stores with selectors.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { TimelineState } from './timeline-store';
import type { ViewerSession } from './viewer-session';
import type { ViewerState } from './viewer-store';

export const ViewerSessionContext = createContext<ViewerSession | null>(null);

export function useViewerSession(): ViewerSession {
  const session = useContext(ViewerSessionContext);
  if (!session) throw new Error('A viewer panel needs a ViewerSessionContext provider');
  return session;
}

export function useTimeline<T>(select: (state: TimelineState) => T): T {
  return useStore(useViewerSession().timeline, select);
}

export function useViewState<T>(select: (state: ViewerState) => T): T {
  return useStore(useViewerSession().view, select);
}
