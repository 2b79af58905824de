// CodeBLEU's `syntax_match_score` (SIMILARITY.md 4.7): the share of the reference's subtrees
// (the root and every node with children, as S-expressions) that occur anywhere in the answer.

import type { PlainNode, PlainTree } from './syntax-tree';

/** The S-expressions of the root and of every node that has at least one child. */
export function subtreeExpressions(tree: PlainTree): string[] {
  const out: string[] = [];
  const stack: PlainNode[] = [tree.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.sexp !== undefined) out.push(node.sexp);
    for (const child of node.children) if (child.children.length > 0) stack.push(child);
  }
  return out;
}

/** Plain membership, not a multiset: equal reference subtrees can all match one answer subtree. */
export function syntaxMatch(reference: PlainTree, answer: PlainTree): number {
  const answerSubtrees = new Set(subtreeExpressions(answer));
  const referenceSubtrees = subtreeExpressions(reference);
  let matched = 0;
  for (const sexp of referenceSubtrees) if (answerSubtrees.has(sexp)) matched++;
  return matched / referenceSubtrees.length;
}
