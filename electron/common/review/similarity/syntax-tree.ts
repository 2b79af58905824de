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

/** Copies a parsed tree into plain objects (iteratively: trees can be deeper than the JS stack). */
export function toPlainTree(root: TreeSitterNode): PlainTree {
  const byId = new Map<number, PlainNode>();
  const pendingFields: Array<[TreeSitterNode, PlainNode]> = [];
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
  const stack: Array<[TreeSitterNode, PlainNode, number]> = [[root, plainRoot, 1]];
  while (stack.length > 0) {
    const [node, plain, level] = stack.pop()!;
    if (level > depth) depth = level;
    const children = node.children;
    if (children.length > 0 || plain === plainRoot) plain.sexp = node.toString();
    for (const child of children) {
      if (!child) continue;
      const plainChild = copy(child);
      plain.children.push(plainChild);
      stack.push([child, plainChild, level + 1]);
    }
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
