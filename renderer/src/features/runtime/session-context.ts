// Which lane's run a toolbar or console shows: the app puts the lane's RunSession in
// context; these hooks read its store with selectors.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { RunSession, RunState } from './run-session';

export const RunSessionContext = createContext<RunSession | null>(null);

export function useRunSession(): RunSession {
  const session = useContext(RunSessionContext);
  if (!session) throw new Error('A run panel needs a RunSessionContext provider');
  return session;
}

export function useRunState<T>(select: (state: RunState) => T): T {
  return useStore(useRunSession().state, select);
}
