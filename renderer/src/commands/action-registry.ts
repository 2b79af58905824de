// The one action registry: menus, keyboard shortcuts and the command palette all read it.
// Features register behaviour with `registerAction`; titles, menus and shortcuts default to
// the static catalogue in electron/common/actions.ts, which the native menu also reads.
import { create } from 'zustand';
import {
  ACTIONS,
  describeAction,
  MENUS,
  type MenuName,
  type NativeRole,
} from '../../../electron/common/actions';
import { matchesChord, parseAccelerator, type Chord, type KeyEventLike } from './keybinding';
import { useNotifications } from '../ui/notifications';

export interface ActionInput {
  id: string;
  /** Defaults to the catalogue's title; required for actions outside the catalogue. */
  title?: string;
  menu?: MenuName;
  group?: string;
  /** Accelerator syntax (`CmdOrCtrl+Enter`); defaults to the catalogue's. */
  keybinding?: string;
  /** Whether the action can run now; menus grey it out and shortcuts skip it otherwise. */
  when?: () => boolean;
  run: () => void | Promise<void>;
}

export interface RegisteredAction {
  id: string;
  title: string;
  menu?: MenuName;
  group?: string;
  keybinding?: string;
  chord?: Chord;
  role?: NativeRole;
  /** True when the static catalogue lists it (and so the native menu shows it). */
  catalogued: boolean;
  when?: () => boolean;
  run: () => void | Promise<void>;
}

interface RegistryState {
  actions: RegisteredAction[];
  /** Bumped when something a `when` reads may have changed, so menus re-evaluate. */
  revision: number;
}

export const useActionRegistry = create<RegistryState>(() => ({ actions: [], revision: 0 }));

/** Adds an action (replacing one with the same id); returns a disposer that removes it. */
export function registerAction(input: ActionInput): () => void {
  const entry = describeAction(input.id);
  const title = input.title ?? entry?.title;
  if (!title) throw new Error(`Action ${input.id} needs a title (it is not in the catalogue)`);
  const keybinding = input.keybinding ?? entry?.accelerator;
  const action: RegisteredAction = {
    id: input.id,
    title,
    menu: input.menu ?? entry?.menu,
    group: input.group ?? entry?.group,
    keybinding,
    chord: keybinding ? parseAccelerator(keybinding) : undefined,
    role: entry?.role,
    catalogued: entry !== undefined,
    when: input.when,
    run: input.run,
  };
  useActionRegistry.setState((s) => ({
    actions: [...s.actions.filter((a) => a.id !== action.id), action],
  }));
  return () => {
    useActionRegistry.setState((s) => ({ actions: s.actions.filter((a) => a !== action) }));
  };
}

export function getAction(id: string): RegisteredAction | undefined {
  return useActionRegistry.getState().actions.find((a) => a.id === id);
}

export function isEnabled(action: RegisteredAction): boolean {
  try {
    return action.when ? action.when() : true;
  } catch {
    return false;
  }
}

/** Runs an action by id; failures become a notification rather than an unhandled error. */
export async function runAction(id: string): Promise<boolean> {
  const action = getAction(id);
  if (!action || !isEnabled(action)) return false;
  try {
    await action.run();
    return true;
  } catch (error) {
    useNotifications
      .getState()
      .notify(
        'error',
        `${action.title} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    return false;
  } finally {
    invalidateActions();
  }
}

/** Tells menus and the palette that `when` conditions may have changed. */
export function invalidateActions(): void {
  useActionRegistry.setState((s) => ({ revision: s.revision + 1 }));
}

export interface KeyDispatchOptions {
  /** When the native menu owns catalogue accelerators (Electron), only run-time ones fire here. */
  nativeMenu: boolean;
}

/**
 * Finds the action bound to a key event. Actions with a native role (undo, select all…)
 * are left to the focused widget, and catalogue shortcuts to the native menu when it exists.
 */
export function actionForKey(
  event: KeyEventLike,
  options: KeyDispatchOptions,
): RegisteredAction | undefined {
  for (const action of useActionRegistry.getState().actions) {
    if (!action.chord || action.role) continue;
    if (options.nativeMenu && action.catalogued) continue;
    if (matchesChord(event, action.chord) && isEnabled(action)) return action;
  }
  return undefined;
}

export interface MenuSection {
  group: string;
  actions: RegisteredAction[];
}

/**
 * The actions of one menu in catalogue order, grouped for separators. An action added at
 * run time joins its group when the catalogue has one of that name, else forms a new group
 * at the end.
 */
export function menuSections(actions: RegisteredAction[], menu: MenuName): MenuSection[] {
  const sections = new Map<string, MenuSection>();
  for (const action of actions.filter((a) => a.menu === menu).sort(byCatalogueOrder)) {
    const group = action.group ?? '';
    const section = sections.get(group);
    if (section) section.actions.push(action);
    else sections.set(group, { group, actions: [action] });
  }
  return [...sections.values()];
}

export { MENUS };

const catalogueOrder = new Map<string, number>(ACTIONS.map((a, i) => [a.id, i]));

/** Catalogue actions first in catalogue order; run-time additions after, in registration order. */
function byCatalogueOrder(a: RegisteredAction, b: RegisteredAction): number {
  const ia = catalogueOrder.get(a.id) ?? Number.MAX_SAFE_INTEGER;
  const ib = catalogueOrder.get(b.id) ?? Number.MAX_SAFE_INTEGER;
  return ia - ib;
}
