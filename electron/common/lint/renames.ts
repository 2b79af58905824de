// What an old PyChrono name became: the 9.0 rename tables (rename-table.ts), the module
// renames, and the module names models invent for pychrono. Every answer is checked against
// the index in use: a rename is only offered when its new name exists there.
import type { ApiModel, ClassInfo } from './api-model';
import {
  CHANGED_MEANING,
  REMOVED_MEMBERS,
  REMOVED_NAMES,
  RENAMED_MEMBERS,
  RENAMED_NAMES,
} from './rename-table';

export {
  CHANGED_MEANING,
  REMOVED_MEMBERS,
  REMOVED_NAMES,
  RENAMED_MEMBERS,
  RENAMED_NAMES,
} from './rename-table';

/**
 * Modules that never existed under these names, with the one meant: Chrono 6.0 renamed
 * `mkl` to `pardisomkl`; models write `chrono` or `PyChrono` for `pychrono` (PYCHRONO.md).
 */
export const MODULE_RENAMES: Readonly<Record<string, string>> = {
  chrono: 'pychrono',
  PyChrono: 'pychrono',
  chrono_irrlicht: 'pychrono.irrlicht',
  'pychrono.mkl': 'pychrono.pardisomkl',
};

export interface RenameFound {
  /** The name to use instead. */
  name: string;
  /** False when the new name takes other arguments: offered, never applied by itself. */
  safe: boolean;
  /** The class that had the old member, for the message. */
  owner?: string;
}

/** The 9.0 name of a module-level name missing from `module`, when the index has it. */
export function renamedName(api: ApiModel, module: string, old: string): RenameFound | null {
  const home = module === 'pychrono' ? 'pychrono.core' : module;
  const renamed = RENAMED_NAMES[home]?.[old];
  if (!renamed || api.lookup(home, renamed).kind === 'missing') return null;
  return { name: renamed, safe: !CHANGED_MEANING.has(old) };
}

/** The 9.0 name of a member missing from a class, looked up through its ancestors. */
export function renamedMember(api: ApiModel, info: ClassInfo, old: string): RenameFound | null {
  for (const ref of info.ancestors) {
    const renamed = RENAMED_MEMBERS[ref.module]?.[ref.name]?.[old];
    if (renamed && info.members.has(renamed)) {
      return { name: renamed, safe: !CHANGED_MEANING.has(old), owner: ref.name };
    }
  }
  return null;
}

let membersByOldName: Map<string, Set<string>> | null = null;

/**
 * The 9.0 name of a member called on a value of unknown class, for the old names that only
 * Chrono ever spelt so (`GetPos_dt`, `Set_G_acc`, `SetBodyFixed`: capitalised, with an
 * underscore or in the short list below) and that every class renamed alike. Generic names
 * (`GetA`, `eval`, `reset`) are never guessed from.
 */
export function renamedMemberOfUnknown(api: ApiModel, old: string): RenameFound | null {
  if (!/^[A-Z]/.test(old) || !(old.includes('_') || DISTINCTIVE_MEMBERS.has(old))) return null;
  if (api.isMemberOfAnyClass(old)) return null;
  if (!membersByOldName) {
    membersByOldName = new Map();
    for (const classes of Object.values(RENAMED_MEMBERS)) {
      for (const renames of Object.values(classes)) {
        for (const [from, to] of Object.entries(renames)) {
          const set = membersByOldName.get(from) ?? new Set<string>();
          set.add(to);
          membersByOldName.set(from, set);
        }
      }
    }
  }
  const targets = membersByOldName.get(old);
  if (!targets || targets.size !== 1) return null;
  const [name] = targets;
  if (!api.isMemberOfAnyClass(name)) return null;
  return { name, safe: !CHANGED_MEANING.has(old) };
}

/** Old member names without an underscore that no other library is likely to use. */
const DISTINCTIVE_MEMBERS = new Set(['SetBodyFixed', 'GetBodyFixed']);

/** Whether Chrono 9.0 removed this member from the class or one of its ancestors. */
export function removedMember(info: ClassInfo, old: string): boolean {
  return info.ancestors.some((ref) => REMOVED_MEMBERS[ref.module]?.[ref.name]?.includes(old));
}

export function removedName(old: string): boolean {
  return REMOVED_NAMES.has(old);
}

/** The module meant by a module name that does not exist (`chrono` → `pychrono`). */
export function renamedModule(dotted: string): { from: string; to: string } | null {
  const parts = dotted.split('.');
  for (let n = parts.length; n > 0; n--) {
    const head = parts.slice(0, n).join('.');
    const to = MODULE_RENAMES[head];
    if (to) return { from: head, to: [to, ...parts.slice(n)].join('.') };
  }
  return null;
}
