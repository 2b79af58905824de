// The part of a tree-sitter parser the tree metrics use, as structural types (web-tree-sitter's
// `Parser`, `Tree` and `Node` satisfy them), and a plain copy of a parsed tree that the syntax
// and data-flow code walk without calling back into WebAssembly for every property.

export interface TreeSitterPoint {
  readonly row: number;
  readonly column: number;
}

export interface TreeSitterNode {
  readonly id: number;
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: TreeSitterPoint;
  readonly endPosition: TreeSitterPoint;
  readonly hasError: boolean;
  readonly isNamed: boolean;
  readonly isMissing: boolean;
  readonly children: ReadonlyArray<TreeSitterNode | null>;
  childForFieldName(fieldName: string): TreeSitterNode | null;
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
  /** UTF-16 offsets into the parsed text. */
  readonly startIndex: number;
  readonly endIndex: number;
  /** Rows, and columns in UTF-16 units (web-tree-sitter's), of the parsed text. */
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
function groupFits(sexp: string, group: [number, number] | undefined, node: TreeSitterNode) {
  if (!group || group[1] < 0) return false;
  const at = (prefix: string) => sexp.startsWith(prefix, group[0]);
  if (node.isMissing) return at('(MISSING ');
  return at(`(${node.type}`) || (node.type === 'ERROR' && at('(UNEXPECTED '));
}

/**
 * Copies a parsed tree into plain objects (iteratively: trees can be deeper than the JS stack).
 * The S-expressions of subtrees are cut out of the root's, which is much faster than asking
 * tree-sitter for each: every named or MISSING node is one parenthesised group there, in
 * pre-order. Anonymous nodes with children (`not in`, `is not`) are no group and get their
 * own string, as does everything after a group that does not fit its node.
 */
export function toPlainTree(root: TreeSitterNode): PlainTree {
  const byId = new Map<number, PlainNode>();
  const pendingFields: Array<[TreeSitterNode, PlainNode]> = [];
  const rootSexp = root.toString();
  const groups = sexpGroups(rootSexp);
  let nextGroup = 0;
  let groupsFit = true;
  const copy = (node: TreeSitterNode): PlainNode => {
    const plain: PlainNode = {
      type: node.type,
      startIndex: node.startIndex,
      endIndex: node.endIndex,
      startRow: node.startPosition.row,
      startColumn: node.startPosition.column,
      endRow: node.endPosition.row,
      endColumn: node.endPosition.column,
      children: [],
      fields: {},
      sexp: undefined,
    };
    byId.set(node.id, plain);
    if (plain.type in FIELDS_READ) pendingFields.push([node, plain]);
    return plain;
  };
  const plainRoot = copy(root);
  let depth = 1;
  // Pre-order, so that visible nodes meet their groups in order.
  const stack: Array<[TreeSitterNode, PlainNode, number]> = [[root, plainRoot, 1]];
  while (stack.length > 0) {
    const [node, plain, level] = stack.pop()!;
    if (level > depth) depth = level;
    const children = node.children;
    let group: [number, number] | undefined;
    if (plain === plainRoot || node.isNamed || node.isMissing) {
      group = groups[nextGroup++];
      groupsFit &&= groupFits(rootSexp, group, node);
    }
    if (children.length > 0 || plain === plainRoot)
      plain.sexp = groupsFit && group ? rootSexp.slice(group[0], group[1]) : node.toString();
    const kept = children.filter((child): child is TreeSitterNode => child !== null);
    for (const child of kept) plain.children.push(copy(child));
    for (let i = kept.length - 1; i >= 0; i--) stack.push([kept[i], plain.children[i], level + 1]);
  }
  for (const [node, plain] of pendingFields)
    for (const field of FIELDS_READ[plain.type]) {
      const child = node.childForFieldName(field);
      plain.fields[field] = child ? (byId.get(child.id) ?? null) : null;
    }
  return { root: plainRoot, depth, hasError: root.hasError };
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
