// Types of runtime-flavours.mjs, for the TypeScript that imports it (its unit test).
export interface Flavour {
  file: string;
  what: string;
  modules: string[];
  caveats: string[];
}
export const FLAVOURS: Record<'full' | 'core', Flavour>;
export const COVERED: Record<string, string>;
export function importedModules(source: string): Set<string>;
export function referenceScripts(tasksDir: string): Array<{ path: string; modules: Set<string> }>;
export function coverage(
  scripts: Array<{ modules: Set<string> }>,
  modules: string[],
): { runs: number; total: number; missing: Array<[string, number]> };
export function describeFlavours(scripts: Array<{ modules: Set<string> }>, where: string): string;
