// The API of the classes a request and its script name, taken from the PyChrono index in
// use (the installed pychrono's, else the bundled 9.0.1 one), so that the model writes
// today's names rather than the ones it remembers: each class with its bases, constructor
// and members (with signatures where the index has them), and the old names the text uses
// with what they became. Pure.
import type { ApiClass } from '../contract/api-index';
import type { ApiModel, ClassInfo } from '../lint/api-model';
import { renamedMemberOfUnknown, renamedName } from '../lint/renames';

export interface ApiGrounding {
  /** The text for the prompt, or null when the request names no class of the index. */
  text: string | null;
  /** The classes described (`pychrono.core.ChBody`), for the record. */
  classes: string[];
}

const MAX_CLASSES = 12;
const MAX_CHARS_PER_CLASS = 1200;
/** The whole section; later classes get only their heading once it is spent. */
const MAX_CHARS = 7000;
const MAX_RENAMES = 30;
/** Bases every Chrono item shares: their members (archiving, tags) say nothing useful. */
const GENERIC_BASES = new Set(['ChObj', 'ChPhysicsItem', 'ChContactable', 'ChLoadable']);

/** The grounding for a request whose texts (its prompt, its script) are given, in order. */
export function groundInApi(api: ApiModel, texts: readonly (string | null)[]): ApiGrounding {
  const classes: ClassInfo[] = [];
  const seen = new Set<string>();
  const renames = new Map<string, string>();
  const addClass = (name: string) => {
    const module = api.modulesWith(name).find((m) => api.classInfo(m, name));
    const info = module ? api.classInfo(module, name) : undefined;
    if (!info || seen.has(`${info.module}.${info.name}`)) return;
    seen.add(`${info.module}.${info.name}`);
    classes.push(info);
  };
  for (const text of texts) {
    if (!text) continue;
    for (const [token] of text.matchAll(/\b[A-Z][A-Za-z0-9_]{2,}\b/g)) {
      if (api.modulesWith(token).length > 0) {
        addClass(token);
        continue;
      }
      if (renames.size >= MAX_RENAMES || renames.has(token)) continue;
      const renamed =
        renamedName(api, 'pychrono.core', token) ?? renamedMemberOfUnknown(api, token);
      if (!renamed) continue;
      renames.set(token, renamed.name);
      addClass(renamed.name);
    }
  }
  const described = classes.slice(0, MAX_CLASSES);
  if (described.length === 0 && renames.size === 0) return { text: null, classes: [] };

  const version = api.version ? `pychrono ${api.version}` : 'the installed pychrono';
  const out = [
    `# The PyChrono API of this request (${version})`,
    '',
    'Use these names: they are the ones this pychrono has. Names you remember from older releases may be gone.',
  ];
  if (renames.size > 0) {
    out.push('', 'Renamed since older releases (old → current):');
    for (const [from, to] of renames) out.push(`- ${from} → ${to}`);
  }
  let left = MAX_CHARS;
  for (const info of described) {
    const part = describeClass(api, info, Math.min(MAX_CHARS_PER_CLASS, Math.max(0, left)));
    left -= part.length;
    out.push('', part);
  }
  if (classes.length > described.length) {
    out.push('', `(${classes.length - described.length} more classes are named; not listed.)`);
  }
  return { text: out.join('\n'), classes: described.map((c) => `${c.module}.${c.name}`) };
}

/** One class: where it is, its bases, its constructor, and its members nearest first. */
function describeClass(api: ApiModel, info: ClassInfo, budget: number): string {
  const short = info.module.replace(/^pychrono\.core$/, 'pychrono');
  const bases = info.ancestors.slice(1).map((a) => a.name);
  const head = `## ${short}.${info.name}${bases.length ? ` (bases: ${bases.join(', ')})` : ''}`;
  const lines = [head];
  const ctor = info.entry.signatures?.__init__;
  if (ctor?.length) for (const s of ctor.slice(0, 4)) lines.push(`${info.name}${argsOf(s)}`);

  // Members in the order a reader wants them: what a script does with the class (set it
  // up, add to it, run it) before what it reads; within each, the class's own first.
  const listed = new Set<string>();
  const found: { name: string; depth: number }[] = [];
  info.ancestors.forEach((ref, depth) => {
    if (GENERIC_BASES.has(ref.name)) return;
    for (const name of ownMembers(api, ref.module, ref.name)) {
      if (listed.has(name) || !isUseful(name)) continue;
      listed.add(name);
      found.push({ name, depth });
    }
  });
  found.sort((a, b) => priority(a.name) - priority(b.name) || a.depth - b.depth);
  const members = found.map(({ name }) => {
    const signature = signatureOf(api, info, name);
    return signature ? `${name}${argsOf(signature)}` : name;
  });
  let size = lines.join('\n').length + 'Members: , and 999 more'.length;
  const kept: string[] = [];
  for (const m of members) {
    if (size + m.length + 2 > budget) break;
    kept.push(m);
    size += m.length + 2;
  }
  if (kept.length > 0) {
    const more = members.length - kept.length;
    lines.push(`Members: ${kept.join(', ')}${more > 0 ? `, and ${more} more` : ''}`);
  }
  return lines.join('\n');
}

function priority(member: string): number {
  if (/^(Set|Enable|Initialize|Add|Attach|Do)/.test(member)) return 0;
  return /^(Get|Is)/.test(member) ? 2 : 1;
}

/** The members a class adds to those of its bases (an index lists inherited ones too). */
function ownMembers(api: ApiModel, module: string, name: string): string[] {
  const info = api.classInfo(module, name);
  if (!info) return [];
  const inherited = new Set<string>();
  for (const ref of info.ancestors.slice(1)) {
    for (const m of (api.index.modules[ref.module][ref.name] as ApiClass).members) inherited.add(m);
  }
  return info.entry.members.filter((m) => !inherited.has(m));
}

/**
 * What a script calls, not what the solver does: the state and constraint plumbing every
 * physics item carries (`ConstraintsBiLoad_C`, `IntStateGather`, `ContactableGet...`,
 * `ComputeQInertia`) would crowd out the members a model needs.
 */
function isUseful(member: string): boolean {
  return (
    /^[A-Z][A-Za-z0-9]*$/.test(member) &&
    !/^(Constraints|Contactable|Contact[A-Z]|Compute|Int[A-Z]|Inject|Variables|KRM|Load[A-Z]|Archive|Accumulate|Applied|Concatenate|EmptyAccumulators|ForceToRest|ClampSpeed|Equals|Clone$|Update)/.test(
      member,
    )
  );
}

/** The first signature of a member, from the nearest class that documents it. */
function signatureOf(api: ApiModel, info: ClassInfo, member: string): string | null {
  for (const ref of info.ancestors) {
    const entry = api.index.modules[ref.module][ref.name] as ApiClass;
    const found = entry.signatures?.[member]?.[0];
    if (found) return found;
  }
  return null;
}

/** `(pos: ChVector3d)` from `(self, pos: ChVector3d)`, or from one that repeats the name. */
function argsOf(signature: string): string {
  const open = signature.indexOf('(');
  const args = open >= 0 ? signature.slice(open) : `(${signature})`;
  return args.replace(/^\(\s*self\s*(,\s*|(?=\)))/, '(');
}
