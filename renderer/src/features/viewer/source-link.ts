// Between a view's items and the script that made them: the app gives the twin's view a way
// to show a line in the editor (the bridge records where each item was made). Without a
// provider (a review's reference, a recording) the line is shown, not linked.
import { createContext, useContext } from 'react';
import type { SceneItem } from '../../../../electron/common/stream';

export interface SourceLink {
  /** Shows the line in the editor; false when the script changed since the run (the line
   *  may be another one now), so nothing moved. */
  reveal(line: number): boolean;
}

export const SourceLinkContext = createContext<SourceLink | null>(null);

export function useSourceLink(): SourceLink | null {
  return useContext(SourceLinkContext);
}

/** The keys of the items a script line made (or added to the system). */
export function itemsMadeAt(items: ReadonlyMap<number, SceneItem>, line: number | null): number[] {
  if (line === null) return [];
  const keys: number[] = [];
  for (const item of items.values()) {
    if (item.line === line || item.addLine === line) keys.push(item.key);
  }
  return keys;
}
