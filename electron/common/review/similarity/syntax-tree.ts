// The part of a tree-sitter parser the tree metrics use, as structural types (web-tree-sitter's
// `Parser`, `Tree` and `Node` satisfy them), and a plain copy of a parsed tree that the syntax
// and data-flow code walk without calling back into WebAssembly for every property.

export interface TreeSitterPoint {
  readonly row: number;
  readonly column: number;
}

export interface TreeSitterNode {
  readonly id: number;
  readonly typeId: number;
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: TreeSitterPoint;
  readonly endPosition: TreeSitterPoint;
  readonly hasError: boolean;
  readonly isNamed: boolean;
  readonly isMissing: boolean;
  readonly children: ReadonlyArray<TreeSitterNode | null>;
  readonly text: string;
  childForFieldName(fieldName: string): TreeSitterNode | null;
  fieldNameForChild(childIndex: number): string | null;
  /** tree-sitter's `ts_node_string`: the S-expression of named nodes, with field names. */
  toString(): string;
}

export interface TreeSitterTree {
  readonly rootNode: TreeSitterNode;
  delete(): void;
}

/** A tree-sitter parser with the Python grammar already set (see electron/host/review). */
export interface PythonParser {
  parse(source: string): TreeSitterTree | null;
}

/** The node types whose named fields CodeXGLUE's data-flow rules read, and which fields. */
const FIELDS_READ: Readonly<Record<string, readonly string[]>> = {
  assignment: ['left', 'right'],
  augmented_assignment: ['left', 'right'],
  for_in_clause: ['left'],
  for_statement: ['left', 'right'],
  default_parameter: ['name', 'value'],
};

export interface PlainNode {
  readonly type: string;
  /**
   * Offsets (UTF-16) and rows and columns (UTF-16 units, web-tree-sitter's) in the parsed text.
   * The end is read only for the data-flow tokens (nodes without children, and strings) and
   * is -1 on other nodes: a parent can end after its last child.
   */
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startRow: number;
  readonly startColumn: number;
  readonly endRow: number;
  readonly endColumn: number;
  readonly children: PlainNode[];
  /** Only for the types in FIELDS_READ; null when the field is absent. */
  readonly fields: Record<string, PlainNode | null>;
  /** `ts_node_string`, kept for the root and for every node that has children. */
  sexp: string | undefined;
}

export interface PlainTree {
  readonly root: PlainNode;
  /** Levels below the root (the root alone is depth 1). */
  readonly depth: number;
  readonly hasError: boolean;
}

/**
 * Where each parenthesised group of an S-expression starts and ends, in the order the groups
 * open (pre-order). Quoted names are skipped: `(MISSING ")")`, `(UNEXPECTED '(')`. Groups of
 * missing hidden tokens, `(MISSING _newline)`, are left out: they have no node in the tree.
 */
export function sexpGroups(sexp: string): Array<[number, number]> {
  const groups: Array<[number, number]> = [];
  const open: Array<number | null> = [];
  for (let i = 0; i < sexp.length; i++) {
    const c = sexp[i];
    if (c === '(') {
      const hidden = sexp.startsWith('MISSING _', i + 1);
      open.push(hidden ? null : groups.length);
      if (!hidden) groups.push([i, -1]);
      let quoteEnd = -1;
      if (sexp.startsWith('MISSING "', i + 1)) quoteEnd = sexp.indexOf('")', i);
      else if (sexp.startsWith("UNEXPECTED '", i + 1))
        quoteEnd = sexp.indexOf("')", i + 13 + (sexp[i + 13] === '\\' ? 1 : 0));
      else continue;
      if (quoteEnd < 0) break;
      i = quoteEnd;
    } else if (c === ')') {
      const group = open.pop();
      if (group !== undefined && group !== null) groups[group][1] = i + 1;
    }
  }
  return groups;
}

/** Whether a group of the root's S-expression can be this node's (a guard against drift). */
function groupFits(
  sexp: string,
  group: [number, number] | undefined,
  type: string,
  missing: boolean,
): boolean {
  if (!group || group[1] < 0) return false;
  const at = (prefix: string) => sexp.startsWith(prefix, group[0]);
  if (missing) return at('(MISSING ');
  return at(`(${type}`) || (type === 'ERROR' && at('(UNEXPECTED '));
}

const STRING_TYPES = new Set(['string_literal', 'string', 'character_literal']);

/**
 * Copies a parsed tree into plain objects (iteratively: trees can be deeper than the JS stack).
 * The S-expressions of subtrees are cut out of the root's, which is much faster than asking
 * tree-sitter for each: every named or MISSING node is one parenthesised group there, in
 * pre-order. Anonymous nodes with children (`not in`, `is not`) are no group and get their
 * own string, as does everything after a group that does not fit its node.
 */
/**
 * tree-sitter's `ts_node_string` recurses on the WebAssembly stack, which overflows (and breaks
 * the module for good) on trees nested ~130 levels deep. Deeper trees get their strings from
 * `writeSexps` instead.
 */
export const MAX_NATIVE_SEXP_DEPTH = 96;

interface Visit {
  node: TreeSitterNode;
  plain: PlainNode;
  /** A parenthesised group of `ts_node_string`: named, MISSING, or the root. */
  visible: boolean;
  missing: boolean;
}

export function toPlainTree(
  root: TreeSitterNode,
  maxNativeSexpDepth: number = MAX_NATIVE_SEXP_DEPTH,
): PlainTree {
  const byId = new Map<number, PlainNode>();
  const pendingFields: Array<[TreeSitterNode, PlainNode]> = [];
  const hasError = root.hasError;
  // Every property read is a call into WebAssembly: type and named-ness are read once per type.
  const types = new Map<number, { type: string; named: boolean }>();
  const visits: Visit[] = [];
  let depth = 1;
  let plainRoot: PlainNode | undefined;
  // Pre-order, the order in which nodes appear in an S-expression.
  const stack: Array<[TreeSitterNode, PlainNode | undefined, number]> = [[root, undefined, 1]];
  while (stack.length > 0) {
    const [node, parent, level] = stack.pop()!;
    if (level > depth) depth = level;
    const typeId = node.typeId;
    let info = types.get(typeId);
    if (!info) types.set(typeId, (info = { type: node.type, named: node.isNamed }));
    const children = node.children;
    const ownEnd = children.length === 0 || STRING_TYPES.has(info.type);
    const start = node.startPosition;
    const end = ownEnd ? node.endPosition : { row: -1, column: -1 };
    const plain: PlainNode = {
      type: info.type,
      startIndex: node.startIndex,
      endIndex: ownEnd ? node.endIndex : -1,
      startRow: start.row,
      startColumn: start.column,
      endRow: end.row,
      endColumn: end.column,
      children: [],
      fields: {},
      sexp: undefined,
    };
    byId.set(node.id, plain);
    if (plain.type in FIELDS_READ) pendingFields.push([node, plain]);
    if (parent) parent.children.push(plain);
    else plainRoot = plain;
    // MISSING nodes (visible in the S-expression even when anonymous) exist only in broken trees.
    const missing = hasError && node.isMissing;
    visits.push({ node, plain, visible: !parent || info.named || missing, missing });
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push([child, plain, level + 1]);
    }
  }
  if (depth <= maxNativeSexpDepth) cutSexps(visits);
  else writeSexps(visits);
  for (const [node, plain] of pendingFields)
    for (const field of FIELDS_READ[plain.type]) {
      const child = node.childForFieldName(field);
      plain.fields[field] = child ? (byId.get(child.id) ?? null) : null;
    }
  return { root: plainRoot!, depth, hasError };
}

/**
 * Cuts the subtrees' S-expressions out of the root's, which is much faster than asking
 * tree-sitter for each: every visible node is one parenthesised group there, in pre-order.
 * Anonymous nodes with children (`not in`, `is not`) are no group and get their own string,
 * as does everything after a group that does not fit its node.
 */
function cutSexps(visits: Visit[]): void {
  const rootSexp = visits[0].node.toString();
  const groups = sexpGroups(rootSexp);
  let nextGroup = 0;
  let groupsFit = true;
  visits.forEach(({ node, plain, visible, missing }, index) => {
    let group: [number, number] | undefined;
    if (visible) {
      group = groups[nextGroup++];
      groupsFit &&= groupFits(rootSexp, group, plain.type, missing);
    }
    if (plain.children.length > 0 || index === 0)
      plain.sexp = groupsFit && group ? rootSexp.slice(group[0], group[1]) : node.toString();
  });
}

/**
 * Writes S-expressions in JavaScript, bottom-up, as `ts_node_string` does (field names, a
 * hidden or anonymous node's field passed to its children, MISSING nodes). It cannot see
 * missing hidden tokens, which tree-sitter prints as `(MISSING _newline)`, and takes an
 * unexpected character to be the first of the error node's text: on broken trees it can
 * differ from tree-sitter's strings.
 */
function writeSexps(visits: Visit[]): void {
  const own = new Map<PlainNode, string>();
  const fieldNames = new Map<PlainNode, Array<string | null>>();
  const visitOf = new Map<PlainNode, Visit>();
  for (const visit of visits) {
    visitOf.set(visit.plain, visit);
    const names = visit.plain.children.map((_, i) => visit.node.fieldNameForChild(i));
    fieldNames.set(visit.plain, names);
  }
  const head = ({ node, plain, missing }: Visit): string => {
    if (missing) return node.isNamed ? `MISSING ${plain.type}` : `MISSING "${plain.type}"`;
    if (plain.type === 'ERROR' && plain.children.length === 0 && node.text.length > 0)
      return `UNEXPECTED ${unexpectedChar(node.text.codePointAt(0)!)}`;
    return plain.type;
  };
  const parts = (plain: PlainNode, inherited: string | null): string => {
    const names = fieldNames.get(plain)!;
    let out = '';
    plain.children.forEach((child, i) => {
      const field = names[i] ?? inherited;
      if (visitOf.get(child)!.visible) out += ` ${field ? `${field}: ` : ''}${own.get(child)}`;
      else out += parts(child, field);
    });
    return out;
  };
  // An invisible node asked for its own string passes "being the root" to its children:
  // no spaces, no field names, anonymous leaves quoted, `(not in("not")("in")`.
  const rootParts = (plain: PlainNode): string =>
    plain.children
      .map((child) => {
        if (visitOf.get(child)!.visible) return own.get(child);
        if (child.children.length > 0) return `(${child.type}${rootParts(child)}`;
        return `("${child.type}")`;
      })
      .join('');
  for (let i = visits.length - 1; i >= 0; i--) {
    const visit = visits[i];
    const { plain } = visit;
    if (visit.visible) own.set(plain, `(${head(visit)}${parts(plain, null)})`);
    if (plain.children.length > 0 || i === 0)
      plain.sexp = visit.visible ? own.get(plain) : `(${plain.type}${rootParts(plain)}`;
  }
}

/** `ts_subtree__write_char_to_string`. */
function unexpectedChar(c: number): string {
  if (c === 0) return "'\\0'";
  if (c === 0x0a) return "'\\n'";
  if (c === 0x09) return "'\\t'";
  if (c === 0x0d) return "'\\r'";
  if (c > 0x1f && c < 0x7f) return `'${String.fromCharCode(c)}'`;
  return String(c);
}

/** Parses `source`, copies the tree and frees the WebAssembly one. */
export function parsePlain(parser: PythonParser, source: string): PlainTree {
  const tree = parser.parse(source);
  if (!tree) throw new Error('The Python parser returned no tree.');
  try {
    return toPlainTree(tree.rootNode);
  } finally {
    tree.delete();
  }
}
