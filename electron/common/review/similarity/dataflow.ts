// CodeBLEU's `dataflow_match_score` (SIMILARITY.md 4.8): CodeXGLUE's Python data-flow graph,
// rule by rule and quirk by quirk, then the variable renaming and the multiset match.
// Where the package takes `list(set(names))` (whose order follows Python's per-process string
// hashing, 4.9) this keeps first-insertion order, the best deterministic stand-in.

import type { PlainNode, PlainTree } from './syntax-tree';

type Relation = 'comesFrom' | 'computedFrom';

export interface DataflowEdge {
  readonly name: string;
  readonly index: number;
  readonly relation: Relation;
  readonly parentNames: readonly string[];
  readonly parentIndices: readonly number[];
}

/**
 * Name → token indices of its last definitions. The package copies this map at every call;
 * here it is updated in place, which is the same wherever the caller goes on with the map the
 * call returns: everywhere except in `if_statement`, which copies for each branch.
 */
type States = Map<string, readonly number[]>;

/** Python raises here (a KeyError, an AttributeError on None); the whole graph is then empty. */
class DataflowAbort extends Error {}

/**
 * Python's default recursion limit, less the frames of the benchmark's call stack below the
 * recursive walk (a pool worker, the scoring script, `calc_codebleu`): deeper trees raise
 * RecursionError there, which empties the graph. The exact cut depends on that stack, so
 * this is an estimate; real scripts are far shallower.
 */
export const MAX_WALKABLE_DEPTH = 1000 - 20;

const STRING_TYPES = new Set(['string_literal', 'string', 'character_literal']);

function isLeaf(node: PlainNode): boolean {
  return (node.children.length === 0 || STRING_TYPES.has(node.type)) && node.type !== 'comment';
}

/** Python's stable `sorted(..., key=index)`; most lists arrive sorted already. */
function byIndex<T extends { index: number }>(items: T[]): T[] {
  for (let i = 1; i < items.length; i++)
    if (items[i - 1].index > items[i].index) return items.slice().sort((a, b) => a.index - b.index);
  return items;
}

function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** `list(set(values))` with first-insertion order instead of hash order. */
function uniqueInOrder<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function sortedUnique(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * The token table: every leaf in document order, keyed by its span; a later leaf with the same
 * span overwrites. The text is cut from the source lines using the node's byte columns as
 * code-point indices (the package's quirk), so non-ASCII text before a token shifts the cut.
 */
class TokenTable {
  private readonly entries = new Map<number, { index: number; text: string }>();
  private readonly lines: string[];
  private readonly asciiLine: boolean[];
  private readonly codePoints = new Map<number, string[]>();
  private readonly stride: number;

  constructor(root: PlainNode, source: string) {
    this.lines = source.split('\n');
    // eslint-disable-next-line no-control-regex
    this.asciiLine = this.lines.map((line) => /^[\x00-\x7f]*$/.test(line));
    this.stride = source.length + 1;
    const leaves: PlainNode[] = [];
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (isLeaf(node)) leaves.push(node);
      else for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
    }
    leaves.forEach((leaf, index) => {
      this.entries.set(this.key(leaf), { index, text: this.cut(leaf) });
    });
  }

  private key(node: PlainNode): number {
    return node.startIndex * this.stride + node.endIndex;
  }

  lookup(node: PlainNode): { index: number; text: string } {
    const entry = this.entries.get(this.key(node));
    if (!entry) throw new DataflowAbort('token not in the table');
    return entry;
  }

  private line(row: number): string {
    const line = this.lines[row];
    if (line === undefined) throw new DataflowAbort('row outside the text');
    return line;
  }

  /** The UTF-8 byte column of a UTF-16 column, then used as a code-point index. */
  private slice(row: number, fromColumn: number, toColumn?: number): string {
    const line = this.line(row);
    if (this.asciiLine[row]) return line.slice(fromColumn, toColumn);
    let points = this.codePoints.get(row);
    if (!points) this.codePoints.set(row, (points = Array.from(line)));
    const from = utf8Length(line.slice(0, fromColumn));
    const to = toColumn === undefined ? undefined : utf8Length(line.slice(0, toColumn));
    return points.slice(from, to).join('');
  }

  private cut(node: PlainNode): string {
    if (node.startRow === node.endRow)
      return this.slice(node.startRow, node.startColumn, node.endColumn);
    let text = this.slice(node.startRow, node.startColumn);
    for (let row = node.startRow + 1; row < node.endRow; row++) text += this.line(row);
    return text + this.slice(node.endRow, 0, node.endColumn);
  }
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

class DataflowWalker {
  constructor(private readonly tokens: TokenTable) {}

  /** `tree_to_variable_index`: the leaves whose text is not their own type (so not `=`, `(`…). */
  private variables(
    node: PlainNode | null,
    out: Array<{ index: number; text: string }> = [],
  ): Array<{ index: number; text: string }> {
    if (!node) throw new DataflowAbort('missing field');
    if (isLeaf(node)) {
      const entry = this.tokens.lookup(node);
      if (node.type !== entry.text) out.push(entry);
    } else for (const child of node.children) this.variables(child, out);
    return out;
  }

  private field(node: PlainNode, name: string): PlainNode {
    const child = node.fields[name];
    if (!child) throw new DataflowAbort(`missing field ${name}`);
    return child;
  }

  /** Pairs left and right items as the assignment and for rules do. */
  private pairSides(left: PlainNode, right: PlainNode): [PlainNode[], PlainNode[]] {
    let leftItems = left.children.filter((c) => c.type !== ',');
    let rightItems = right.children.filter((c) => c.type !== ',');
    if (rightItems.length !== leftItems.length) {
      leftItems = [left];
      rightItems = [right];
    }
    if (leftItems.length === 0) leftItems = [left];
    if (rightItems.length === 0) rightItems = [right];
    return [leftItems, rightItems];
  }

  /** Walks the right items, then for each (left, right) pair: left ← computedFrom all of right. */
  private assign(
    leftItems: PlainNode[],
    rightItems: PlainNode[],
    incoming: States,
  ): [DataflowEdge[], States] {
    let states = incoming;
    const edges: DataflowEdge[] = [];
    for (const node of rightItems) {
      const [found, next] = this.walk(node, states);
      append(edges, found);
      states = next;
    }
    const pairs = Math.min(leftItems.length, rightItems.length);
    for (let p = 0; p < pairs; p++) {
      const sources = this.variables(rightItems[p]);
      for (const target of this.variables(leftItems[p])) {
        edges.push({
          name: target.text,
          index: target.index,
          relation: 'computedFrom',
          parentNames: sources.map((s) => s.text),
          parentIndices: sources.map((s) => s.index),
        });
        states.set(target.text, [target.index]);
      }
    }
    return [edges, states];
  }

  /** The loops' de-duplication by (name, index, relation), parent lists unioned. */
  private deduplicate(edges: DataflowEdge[]): DataflowEdge[] {
    const merged = new Map<string, DataflowEdge>();
    for (const edge of edges) {
      const key = `${edge.name}\u0000${edge.index}\u0000${edge.relation}`;
      const seen = merged.get(key);
      merged.set(
        key,
        seen
          ? {
              ...seen,
              parentNames: uniqueInOrder([...seen.parentNames, ...edge.parentNames]),
              parentIndices: sortedUnique([...seen.parentIndices, ...edge.parentIndices]),
            }
          : edge,
      );
    }
    return byIndex([...merged.values()]);
  }

  /** `DFG_python`: the edges of a subtree, and the states after it. */
  walk(node: PlainNode, incoming: States): [DataflowEdge[], States] {
    let states = incoming;

    if (isLeaf(node)) {
      const { index, text } = this.tokens.lookup(node);
      if (node.type === text) return [[], states];
      const defined = states.get(text);
      if (defined)
        return [
          [
            {
              name: text,
              index,
              relation: 'comesFrom',
              parentNames: [text],
              parentIndices: defined.slice(),
            },
          ],
          states,
        ];
      if (node.type === 'identifier') states.set(text, [index]);
      return [
        [{ name: text, index, relation: 'comesFrom', parentNames: [], parentIndices: [] }],
        states,
      ];
    }

    switch (node.type) {
      case 'default_parameter': {
        const name = node.fields.name ?? null;
        const value = node.fields.value ?? null;
        const edges: DataflowEdge[] = [];
        if (!value) {
          for (const v of this.variables(name)) {
            edges.push({
              name: v.text,
              index: v.index,
              relation: 'comesFrom',
              parentNames: [],
              parentIndices: [],
            });
            states.set(v.text, [v.index]);
          }
          return [byIndex(edges), states];
        }
        const nameVariables = this.variables(name);
        const valueVariables = this.variables(value);
        const [found, next] = this.walk(value, states);
        append(edges, found);
        states = next;
        for (const target of nameVariables) {
          for (const source of valueVariables)
            edges.push({
              name: target.text,
              index: target.index,
              relation: 'comesFrom',
              parentNames: [source.text],
              parentIndices: [source.index],
            });
          states.set(target.text, [target.index]);
        }
        return [byIndex(edges), states];
      }

      case 'for_in_clause': {
        const right = node.children[node.children.length - 1];
        const left = node.fields.left ?? null;
        if (!left) throw new DataflowAbort('missing field left');
        const [edges, next] = this.assign([left], [right], states);
        return [byIndex(edges), next];
      }

      case 'assignment':
      case 'augmented_assignment': {
        if (!node.fields.right) return [[], states];
        const [leftItems, rightItems] = this.pairSides(this.field(node, 'left'), node.fields.right);
        const [edges, next] = this.assign(leftItems, rightItems, states);
        return [byIndex(edges), next];
      }

      case 'if_statement': {
        const edges: DataflowEdge[] = [];
        let current: States = new Map(states);
        const branchStates: States[] = [];
        let hasElse = false;
        for (const child of node.children) {
          if (child.type.includes('else')) hasElse = true;
          if (child.type !== 'elif_clause' && child.type !== 'else_clause') {
            const [found, next] = this.walk(child, current);
            append(edges, found);
            current = next;
          } else {
            const [found, next] = this.walk(child, new Map(states));
            append(edges, found);
            branchStates.push(next);
          }
        }
        branchStates.push(current);
        if (!hasElse) branchStates.push(states);
        const merged = new Map<string, number[]>();
        for (const branch of branchStates)
          for (const [name, indices] of branch) {
            const list = merged.get(name);
            if (list) list.push(...indices);
            else merged.set(name, indices.slice());
          }
        const result: States = new Map();
        for (const [name, indices] of merged) result.set(name, sortedUnique(indices));
        return [byIndex(edges), result];
      }

      case 'for_statement': {
        const edges: DataflowEdge[] = [];
        for (let pass = 0; pass < 2; pass++) {
          const [leftItems, rightItems] = this.pairSides(
            this.field(node, 'left'),
            this.field(node, 'right'),
          );
          const [found, next] = this.assign(leftItems, rightItems, states);
          append(edges, found);
          states = next;
          const last = node.children[node.children.length - 1];
          if (last.type === 'block') {
            const [inBody, after] = this.walk(last, states);
            append(edges, inBody);
            states = after;
          }
        }
        return [this.deduplicate(edges), states];
      }

      case 'while_statement': {
        const edges: DataflowEdge[] = [];
        for (let pass = 0; pass < 2; pass++)
          for (const child of node.children) {
            const [found, next] = this.walk(child, states);
            append(edges, found);
            states = next;
          }
        return [this.deduplicate(edges), states];
      }

      default: {
        const edges: DataflowEdge[] = [];
        for (const first of [true, false])
          for (const child of node.children) {
            if ((child.type === 'for_in_clause') !== first) continue;
            const [found, next] = this.walk(child, states);
            append(edges, found);
            states = next;
          }
        return [byIndex(edges), states];
      }
    }
  }
}

/**
 * `get_data_flow`: the graph of one cleaned text, post-processed as the package does: keep
 * edges that have parents or are someone's parent, then merge edges sharing a token index.
 */
export function dataflowGraph(tree: PlainTree, source: string): DataflowEdge[] {
  if (tree.depth > MAX_WALKABLE_DEPTH) return [];
  let edges: DataflowEdge[];
  try {
    const walker = new DataflowWalker(new TokenTable(tree.root, source));
    edges = byIndex(walker.walk(tree.root, new Map())[0]);
  } catch (error) {
    if (error instanceof DataflowAbort) return [];
    throw error;
  }
  const wanted = new Set<number>();
  for (const edge of edges) {
    if (edge.parentIndices.length > 0) wanted.add(edge.index);
    for (const parent of edge.parentIndices) wanted.add(parent);
  }
  const merged = new Map<number, DataflowEdge>();
  for (const edge of edges) {
    if (!wanted.has(edge.index)) continue;
    const seen = merged.get(edge.index);
    merged.set(
      edge.index,
      seen
        ? {
            ...edge,
            parentNames: uniqueInOrder([...seen.parentNames, ...edge.parentNames]),
            parentIndices: uniqueInOrder([...seen.parentIndices, ...edge.parentIndices]),
          }
        : edge,
    );
  }
  return [...merged.values()];
}

/** Renames variables `var_0, var_1, …` by first appearance (parents before the edge's own name). */
export function normalizeDataflow(edges: readonly DataflowEdge[]): string[] {
  const aliases = new Map<string, string>();
  const alias = (name: string) => {
    let a = aliases.get(name);
    if (a === undefined) aliases.set(name, (a = `var_${aliases.size}`));
    return a;
  };
  return edges.map((edge) => {
    const parents = edge.parentNames.map(alias);
    return `${alias(edge.name)} ${edge.relation} [${parents.join(',')}]`;
  });
}

/** Matched reference edges over reference edges; 0 when the reference has none. */
export function dataflowMatch(
  referenceEdges: readonly string[],
  answerEdges: readonly string[],
): number {
  if (referenceEdges.length === 0) return 0;
  const available = new Map<string, number>();
  for (const edge of answerEdges) available.set(edge, (available.get(edge) ?? 0) + 1);
  let matched = 0;
  for (const edge of referenceEdges) {
    const left = available.get(edge) ?? 0;
    if (left > 0) {
      matched++;
      available.set(edge, left - 1);
    }
  }
  return matched / referenceEdges.length;
}
