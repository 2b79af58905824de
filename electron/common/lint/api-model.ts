// Lookups over an API index: a module's names, a class with its ancestors and every member
// it has (its own and its bases'), and which modules hold a name. Built once per index.
import type { ApiClass, ApiEntry, ApiIndex } from '../contract/api-index';

/**
 * Every Python module Chrono has had (src/chrono_swig/chrono_python, 9.x and 10.x), so that
 * a module that a given install or index lacks is told apart from one that never existed.
 */
export const CHRONO_PYTHON_MODULES = [
  'core',
  'fea',
  'irrlicht',
  'vsg',
  'postprocess',
  'cascade',
  'pardisomkl',
  'vehicle',
  'robot',
  'sensor',
  'parsers',
  'ros',
  'fsi',
  'demos',
] as const;

/** What `pychrono/__init__.py` imports besides `from .core import *`. */
const PACKAGE_EXTRAS = ['os', 'sys', 'pathlib'];

export interface ClassInfo {
  module: string;
  name: string;
  entry: ApiClass;
  /** Own and inherited members. */
  members: ReadonlySet<string>;
  /** The class, then its bases breadth-first, each once (`module.Name`). */
  ancestors: readonly ClassRef[];
}

export interface ClassRef {
  module: string;
  name: string;
}

export type NameLookup =
  | { kind: 'entry'; entry: ApiEntry }
  | { kind: 'module'; module: string }
  | { kind: 'unchecked' }
  | { kind: 'missing' };

export class ApiModel {
  readonly version: string | null;
  private readonly classes = new Map<string, ClassInfo | null>();
  private readonly holders = new Map<string, string[]>();
  private everyMember: Set<string> | null = null;
  private readonly lookups = new Map<string, NameLookup>();

  constructor(readonly index: ApiIndex) {
    this.version = index.pychrono_version;
    for (const [module, names] of Object.entries(index.modules)) {
      for (const name of Object.keys(names)) {
        const list = this.holders.get(name);
        if (list) list.push(module);
        else this.holders.set(name, [module]);
      }
    }
  }

  /** `pychrono`, or a submodule the index lists. */
  hasModule(module: string): boolean {
    return module === 'pychrono' || Object.hasOwn(this.index.modules, module);
  }

  /** A pychrono module that exists in some Chrono build, whether or not the index has it. */
  isChronoModule(module: string): boolean {
    if (this.hasModule(module)) return true;
    const [top, sub, ...rest] = module.split('.');
    return (
      top === 'pychrono' &&
      rest.length === 0 &&
      (CHRONO_PYTHON_MODULES as readonly string[]).includes(sub)
    );
  }

  /** What `module.name` is. `pychrono` itself re-exports `pychrono.core`. */
  lookup(module: string, name: string): NameLookup {
    const key = `${module} ${name}`;
    let found = this.lookups.get(key);
    if (!found) {
      found = this.find(module, name);
      this.lookups.set(key, found);
    }
    return found;
  }

  private find(module: string, name: string): NameLookup {
    if (module === 'pychrono') {
      const sub = `pychrono.${name}`;
      if (this.hasModule(sub)) return { kind: 'module', module: sub };
      if (this.isChronoModule(sub)) return { kind: 'unchecked' };
      if (PACKAGE_EXTRAS.includes(name)) return { kind: 'unchecked' };
      if (!this.hasModule('pychrono.core')) return { kind: 'unchecked' };
      return this.find('pychrono.core', name);
    }
    const names = this.index.modules[module];
    if (!names) return { kind: 'unchecked' };
    const entry = Object.hasOwn(names, name) ? names[name] : undefined;
    if (!entry) return { kind: 'missing' };
    if (entry.kind === 'module') {
      const sub = `${module}.${name}`;
      return this.hasModule(sub) ? { kind: 'module', module: sub } : { kind: 'unchecked' };
    }
    return { kind: 'entry', entry };
  }

  /** The public names of a module, for completions and near misses. */
  namesOf(module: string): string[] {
    if (module === 'pychrono') {
      const subs = Object.keys(this.index.modules)
        .filter((m) => m.startsWith('pychrono.') && m.split('.').length === 2)
        .map((m) => m.slice('pychrono.'.length));
      return [...new Set([...this.namesOf('pychrono.core'), ...subs])];
    }
    return Object.keys(this.index.modules[module] ?? {}).filter((n) => !n.startsWith('_'));
  }

  entryOf(module: string, name: string): ApiEntry | undefined {
    const found = this.lookup(module, name);
    return found.kind === 'entry' ? found.entry : undefined;
  }

  /** The modules of the index that define `name` (submodule references left out). */
  modulesWith(name: string): string[] {
    return (this.holders.get(name) ?? []).filter(
      (m) => this.index.modules[m][name].kind !== 'module',
    );
  }

  /** Whether any class of the index has this member. */
  isMemberOfAnyClass(name: string): boolean {
    if (!this.everyMember) {
      this.everyMember = new Set();
      for (const names of Object.values(this.index.modules)) {
        for (const entry of Object.values(names)) {
          if (entry.kind === 'class') for (const m of entry.members) this.everyMember.add(m);
        }
      }
    }
    return this.everyMember.has(name);
  }

  /** A class of the index with all its members; undefined when `module.name` is none. */
  classInfo(module: string, name: string): ClassInfo | undefined {
    const home = module === 'pychrono' ? 'pychrono.core' : module;
    const key = `${home}.${name}`;
    const cached = this.classes.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const entry = this.index.modules[home]?.[name];
    if (!entry || entry.kind !== 'class') {
      this.classes.set(key, null);
      return undefined;
    }
    const members = new Set(entry.members);
    const ancestors: ClassRef[] = [{ module: home, name }];
    const seen = new Set([key]);
    for (let i = 0; i < ancestors.length; i++) {
      const current = this.index.modules[ancestors[i].module][ancestors[i].name] as ApiClass;
      for (const base of current.bases) {
        const ref = this.resolveBase(ancestors[i].module, base);
        if (!ref || seen.has(`${ref.module}.${ref.name}`)) continue;
        seen.add(`${ref.module}.${ref.name}`);
        ancestors.push(ref);
        const baseEntry = this.index.modules[ref.module][ref.name] as ApiClass;
        for (const m of baseEntry.members) members.add(m);
      }
    }
    const info: ClassInfo = { module: home, name, entry, members, ancestors };
    this.classes.set(key, info);
    return info;
  }

  /** The class that introduced a member: the most distant ancestor that has it. */
  definingClass(info: ClassInfo, member: string): ClassRef | undefined {
    let found: ClassRef | undefined;
    for (const ref of info.ancestors) {
      const entry = this.index.modules[ref.module][ref.name] as ApiClass;
      if (entry.members.includes(member)) found = ref;
    }
    return found;
  }

  /** A base named in `module`: a class of the same module first, then of core, then any. */
  private resolveBase(module: string, base: string): ClassRef | undefined {
    const isClass = (m: string) => this.index.modules[m]?.[base]?.kind === 'class';
    if (isClass(module)) return { module, name: base };
    if (isClass('pychrono.core')) return { module: 'pychrono.core', name: base };
    const other = (this.holders.get(base) ?? []).find(isClass);
    return other ? { module: other, name: base } : undefined;
  }
}
