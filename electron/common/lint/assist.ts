// What the editor offers while typing: completions after `module.` and `value.` (following
// the same simple assignments the lint follows), in `from pychrono.x import`, hovers and
// signature help. Signatures come from the index when it has them (an installed pychrono's
// index can); otherwise the class and its bases are shown.
import type { ScriptAnalysis, Value } from './analysis';
import type { ApiModel, ClassRef } from './api-model';

export type CompletionKind = 'module' | 'class' | 'function' | 'constant' | 'member';

export interface Completion {
  label: string;
  kind: CompletionKind;
  detail: string;
}

export interface CompletionList {
  items: Completion[];
  /** 0-based column where the word being completed starts (what the choice replaces). */
  from: number;
}

export interface Hover {
  /** Markdown. */
  contents: string;
  /** 0-based row and columns of the word hovered. */
  row: number;
  startColumn: number;
  endColumn: number;
}

export interface SignatureHelp {
  /** One label per overload, e.g. `ChBodyEasyBox(xlen, ylen, zlen, density, ...)`. */
  signatures: Array<{ label: string; documentation: string }>;
  activeParameter: number;
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const CALL = String.raw`(?:\([^()]*\))?`;
/** `a.b(…).c.` at the end of a line: the chain before the last dot and the word after it. */
const CHAIN = new RegExp(
  String.raw`(${NAME}${CALL}(?:\s*\.\s*${NAME}${CALL})*)\s*\.\s*(${NAME})?$`,
);
const FROM_IMPORT = new RegExp(
  String.raw`^\s*from\s+([A-Za-z_][\w.]*)\s+import\s+(?:.*,\s*)?(${NAME})?$`,
);
const IMPORT_DOTTED = new RegExp(String.raw`^\s*(?:import|from)\s+([A-Za-z_][\w.]*)\.(${NAME})?$`);

/** Completions at a cursor: `before` is the line's text up to the cursor (0-based row). */
export function completionsAt(
  analysis: ScriptAnalysis,
  before: string,
  row: number,
): CompletionList | null {
  const api = analysis.api;
  const imported = FROM_IMPORT.exec(before);
  if (imported) {
    const module = imported[1];
    if (!api.hasModule(module)) return null;
    return { items: moduleItems(api, module), from: before.length - (imported[2]?.length ?? 0) };
  }
  const dottedImport = IMPORT_DOTTED.exec(before);
  if (dottedImport) {
    const parent = dottedImport[1];
    if (parent !== 'pychrono') return null;
    const items = Object.keys(api.index.modules)
      .filter((m) => m.startsWith('pychrono.') && m.split('.').length === 2)
      .map((m) => ({ label: m.slice('pychrono.'.length), kind: 'module' as const, detail: m }));
    return { items, from: before.length - (dottedImport[2]?.length ?? 0) };
  }
  const chain = CHAIN.exec(before);
  if (!chain) return null;
  const value = evaluateChain(analysis, chain[1], row, chain.index);
  if (!value) return null;
  const items = valueItems(api, value);
  if (items.length === 0) return null;
  return { items, from: before.length - (chain[2]?.length ?? 0) };
}

/** A hover for the name at a 0-based position. */
export function hoverAt(analysis: ScriptAnalysis, row: number, column: number): Hover | null {
  const node = analysis.tree.rootNode.namedDescendantForPosition({ row, column });
  if (!node || node.type !== 'identifier') return null;
  const scope = analysis.scopeAt(row, column);
  const parent = node.parent;
  let contents: string | null = null;
  if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.equals(node)) {
    const object = parent.childForFieldName('object');
    if (!object) return null;
    const receiver = analysis.valueOf(object, scope);
    contents = describeMember(analysis, receiver, node.text);
  } else {
    contents = describeValue(analysis.api, node.text, analysis.valueOf(node, scope));
  }
  if (!contents) return null;
  return {
    contents,
    row: node.startPosition.row,
    startColumn: node.startPosition.column,
    endColumn: node.endPosition.column,
  };
}

/**
 * Signature help inside a call: `before` is the script's text up to the cursor, `row` the
 * cursor's 0-based row.
 */
export function signatureAt(
  analysis: ScriptAnalysis,
  before: string,
  row: number,
): SignatureHelp | null {
  const open = unmatchedParen(before);
  if (open < 0) return null;
  const head = before.slice(0, open);
  const callee = new RegExp(String.raw`(${NAME}${CALL}(?:\s*\.\s*${NAME}${CALL})*)\s*$`).exec(head);
  if (!callee) return null;
  const text = callee[1];
  const lastDot = text.lastIndexOf('.');
  const api = analysis.api;
  const calleeRow = row - (before.slice(open).match(/\n/g)?.length ?? 0);
  const calleeColumn = head.length - head.lastIndexOf('\n') - 1 - text.length;
  const activeParameter = topLevelCommas(before.slice(open + 1));
  let value: Value | null;
  let member: string | null = null;
  if (lastDot >= 0) {
    value = evaluateChain(analysis, text.slice(0, lastDot), calleeRow, calleeColumn);
    member = text.slice(lastDot + 1).trim();
  } else {
    value = analysis.resolveName(text, analysis.scopeAt(calleeRow, calleeColumn));
  }
  if (!value) return null;
  if (member !== null) {
    if (value.kind === 'module' && value.checked) {
      value = analysis.memberValue(value, member);
      member = null;
    } else if (value.kind !== 'class' && value.kind !== 'instance') {
      return null;
    }
  }
  if (member === null) {
    if (value.kind === 'class') {
      const ref = value.classes[0];
      const info = api.classInfo(ref.module, ref.name);
      const overloads = info?.entry.signatures?.__init__ ?? [];
      const doc = classSummary(api, ref);
      if (overloads.length > 0) {
        return {
          signatures: overloads.map((s) => ({ label: `${ref.name}${s}`, documentation: doc })),
          activeParameter,
        };
      }
      return {
        signatures: [
          { label: `${ref.name}(…)`, documentation: `${doc}\n\nThis API index has no signatures.` },
        ],
        activeParameter,
      };
    }
    if (value.kind === 'function') {
      const entry = api.entryOf(value.module, value.name);
      const overloads = entry?.kind === 'function' ? (entry.signatures ?? []) : [];
      const doc = `function of ${value.module}`;
      if (overloads.length > 0) {
        return {
          signatures: overloads.map((s) => ({ label: `${value.name}${s}`, documentation: doc })),
          activeParameter,
        };
      }
      return {
        signatures: [
          {
            label: `${value.name}(…)`,
            documentation: `${doc}\n\nThis API index has no signatures.`,
          },
        ],
        activeParameter,
      };
    }
    return null;
  }
  if (value.kind !== 'class' && value.kind !== 'instance') return null;
  for (const ref of value.classes) {
    const info = api.classInfo(ref.module, ref.name);
    if (!info?.members.has(member)) continue;
    const owner = api.definingClass(info, member) ?? ref;
    const ownerEntry = api.classInfo(owner.module, owner.name)?.entry;
    const overloads = ownerEntry?.signatures?.[member] ?? info.entry.signatures?.[member] ?? [];
    const doc = `member of ${owner.name}${owner.name !== ref.name ? ` (inherited by ${ref.name})` : ''}`;
    if (overloads.length > 0) {
      return {
        signatures: overloads.map((s) => ({ label: `${member}${s}`, documentation: doc })),
        activeParameter,
      };
    }
    return {
      signatures: [
        { label: `${member}(…)`, documentation: `${doc}\n\nThis API index has no signatures.` },
      ],
      activeParameter,
    };
  }
  return null;
}

/** The value of `a.b(…).c`, read at a 0-based position (for the scope). */
export function evaluateChain(
  analysis: ScriptAnalysis,
  text: string,
  row: number,
  column: number,
): Value | null {
  const parts = [...text.matchAll(new RegExp(String.raw`(${NAME})(\([^()]*\))?`, 'g'))];
  if (parts.length === 0) return null;
  let value = analysis.resolveName(parts[0][1], analysis.scopeAt(row, column));
  if (parts[0][2]) value = called(value);
  for (const part of parts.slice(1)) {
    value = analysis.memberValue(value, part[1]);
    if (part[2]) value = called(value);
  }
  return value.kind === 'unknown' || value.kind === 'unbound' ? null : value;
}

function called(value: Value): Value {
  return value.kind === 'class'
    ? { kind: 'instance', classes: value.classes }
    : { kind: 'unknown' };
}

function moduleItems(api: ApiModel, module: string): Completion[] {
  return api.namesOf(module).map((name) => {
    const found = api.lookup(module, name);
    if (found.kind === 'module') return { label: name, kind: 'module', detail: found.module };
    if (found.kind !== 'entry') return { label: name, kind: 'constant', detail: module };
    const entry = found.entry;
    if (entry.kind === 'class') {
      const bases = entry.bases.length > 0 ? `(${entry.bases.join(', ')})` : '';
      return { label: name, kind: 'class', detail: `class ${name}${bases} · ${module}` };
    }
    if (entry.kind === 'function')
      return { label: name, kind: 'function', detail: `function · ${module}` };
    if (entry.kind === 'module')
      return { label: name, kind: 'module', detail: `${module}.${name}` };
    const detail = entry.type
      ? `${entry.type} · ${module}`
      : `constant${entry.value !== undefined ? ` = ${entry.value}` : ''} · ${module}`;
    return { label: name, kind: 'constant', detail };
  });
}

function valueItems(api: ApiModel, value: Value): Completion[] {
  if (value.kind === 'module') return value.checked ? moduleItems(api, value.module) : [];
  if (value.kind !== 'class' && value.kind !== 'instance') return [];
  const items = new Map<string, Completion>();
  for (const ref of value.classes) {
    const info = api.classInfo(ref.module, ref.name);
    if (!info) continue;
    for (const member of info.members) {
      if (member.startsWith('_') || items.has(member)) continue;
      const owner = api.definingClass(info, member);
      const from = owner && owner.name !== ref.name ? ` · from ${owner.name}` : '';
      items.set(member, { label: member, kind: 'member', detail: `${ref.name}${from}` });
    }
  }
  return [...items.values()];
}

function classSummary(api: ApiModel, ref: ClassRef): string {
  const info = api.classInfo(ref.module, ref.name);
  const chain = info?.ancestors.slice(1).map((a) => a.name) ?? [];
  return `class ${ref.name} of ${ref.module}${chain.length > 0 ? `; bases: ${chain.join(', ')}` : ''}`;
}

function describeValue(api: ApiModel, name: string, value: Value): string | null {
  switch (value.kind) {
    case 'module':
      return `\`${name}\`: module \`${value.module}\`${value.checked ? '' : ' (not in the API index: its names are not checked)'}`;
    case 'class':
      return value.classes.map((ref) => classMarkdown(api, ref)).join('\n\n---\n\n');
    case 'instance':
      return `\`${name}\`: ${value.classes.map((c) => `\`${c.name}\``).join(' or ')}\n\n${value.classes.map((ref) => classSummary(api, ref)).join('\n\n')}`;
    case 'function': {
      const entry = api.entryOf(value.module, value.name);
      const sigs = entry?.kind === 'function' ? (entry.signatures ?? []) : [];
      return `function \`${value.name}\` of ${value.module}${signatureBlock(value.name, sigs)}`;
    }
    default:
      return null;
  }
}

function describeMember(analysis: ScriptAnalysis, receiver: Value, name: string): string | null {
  const api = analysis.api;
  if (receiver.kind === 'module') {
    if (!receiver.checked) return null;
    return describeValue(api, name, analysis.memberValue(receiver, name));
  }
  if (receiver.kind !== 'class' && receiver.kind !== 'instance') return null;
  for (const ref of receiver.classes) {
    const info = api.classInfo(ref.module, ref.name);
    if (!info?.members.has(name)) continue;
    const owner = api.definingClass(info, name) ?? ref;
    const sigs =
      api.classInfo(owner.module, owner.name)?.entry.signatures?.[name] ??
      info.entry.signatures?.[name] ??
      [];
    const inherited = owner.name !== ref.name ? ` (inherited from \`${owner.name}\`)` : '';
    return `\`${ref.name}.${name}\`${inherited}${signatureBlock(name, sigs)}`;
  }
  return null;
}

function classMarkdown(api: ApiModel, ref: ClassRef): string {
  const info = api.classInfo(ref.module, ref.name);
  const bases = info?.entry.bases ?? [];
  const sigs = info?.entry.signatures?.__init__ ?? [];
  return `\`\`\`python\nclass ${ref.name}(${bases.join(', ')})\n\`\`\`\n${classSummary(api, ref)}${signatureBlock(ref.name, sigs)}`;
}

function signatureBlock(name: string, signatures: readonly string[]): string {
  if (signatures.length === 0) return '';
  return `\n\n\`\`\`python\n${signatures.map((s) => `${name}${s}`).join('\n')}\n\`\`\``;
}

/** The offset of the last `(` not closed before the end of `text`, or -1 (strings skipped). */
function unmatchedParen(text: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i];
    if (quote) {
      if (c === quote && text[i - 1] !== '\\') quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) return c === '(' ? i : -1;
      depth--;
    } else if (c === '\n' && /^\s*(def|class)\s/.test(text.slice(i + 1))) {
      return -1;
    }
  }
  return -1;
}

function topLevelCommas(text: string): number {
  let depth = 0;
  let count = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote && text[i - 1] !== '\\') quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) count++;
  }
  return count;
}
