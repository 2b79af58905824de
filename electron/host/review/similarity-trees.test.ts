// The tree parts of the similarity metrics (pure code in electron/common/review/similarity)
// on real tree-sitter trees: the rules and quirks of SIMILARITY.md 4.7, 4.8 and 7.4.
import { beforeAll, describe, expect, it } from 'vitest';
import { computeSimilarity, type PythonParser } from '../../common/review/similarity';
import { dataflowGraph, normalizeDataflow } from '../../common/review/similarity/dataflow';
import { syntaxMatch } from '../../common/review/similarity/syntax-match';
import { parsePlain, toPlainTree } from '../../common/review/similarity/syntax-tree';
import { loadPythonParser } from './python-parser';

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

const graph = (source: string) =>
  dataflowGraph(parsePlain(parser, source), source).map((e) => [e.name, e.relation, e.parentNames]);

describe('syntax match', () => {
  it('is 1 for the same code and counts membership, not multiplicity', () => {
    const same = parsePlain(parser, 'x = f(1)\n');
    expect(syntaxMatch(same, same)).toBe(1);
    // Reference subtrees: module, 2 × expression_statement, 2 × assignment. All but the
    // module occur in the answer, although the answer has each only once.
    expect(syntaxMatch(parsePlain(parser, 'x = 1\nx = 1'), parsePlain(parser, 'x = 1'))).toBe(
      4 / 5,
    );
  });

  it('compares structure, not names or literals', () => {
    expect(syntaxMatch(parsePlain(parser, 'a = b(1)'), parsePlain(parser, 'zz = q(7)'))).toBe(1);
  });
});

describe('subtree S-expressions', () => {
  it('writes the strings tree-sitter writes when the tree is too deep to ask it', () => {
    const source = 'def f(a, b=2, *c):\n    if a not in c:\n        return {k: v for k, v in b}\n';
    const tree = parser.parse(source)!;
    const cut = toPlainTree(tree.rootNode);
    const written = toPlainTree(tree.rootNode, 0);
    tree.delete();
    const all = (root: typeof cut.root): string[] => [
      root.sexp ?? '',
      ...root.children.flatMap((child) => all(child)),
    ];
    expect(all(written.root)).toEqual(all(cut.root));
    expect(cut.root.sexp).toContain('(comparison_operator (identifier) (identifier))');
  });

  it('scores deeply nested code without overflowing the WebAssembly stack', () => {
    const deep = `x = ${'['.repeat(400)}${']'.repeat(400)}\ny = ${Array(600).fill('a').join(' + ')}`;
    expect(computeSimilarity(deep, deep, parser).syntax).toBe(1);
    expect(computeSimilarity('y = 1', 'y = 2', parser).syntax).toBe(1);
  });
});

describe('data-flow graph', () => {
  it('pairs the children of both sides when their counts agree (obj.x = a + b)', () => {
    expect(graph('obj.x = a + b')).toEqual([
      ['obj', 'computedFrom', ['a']],
      ['x', 'computedFrom', ['b']],
      ['a', 'comesFrom', []],
      ['b', 'comesFrom', []],
    ]);
  });

  it('is empty when that pairing reaches a string\'s start token (self.message = "Hello")', () => {
    expect(graph('self.message = "Hello"')).toEqual([]);
    expect(graph('a, b, c = "xyz"')).toEqual([]);
    expect(graph('a, b = "xy"')).toEqual([
      ['a', 'computedFrom', ['"xy"']],
      ['b', 'computedFrom', ['"xy"']],
      ['"xy"', 'comesFrom', []],
    ]);
  });

  it('cuts token texts at byte columns used as character indices', () => {
    // After "é" (2 bytes) every cut on the line is one character late: `+` reads " ", `y` "".
    expect(graph('y = 1\nx = "é" + y')[2]).toEqual(['x', 'computedFrom', ['"é" ', ' ', '']]);
    expect(graph('y = 1\nx = "e" + y')[2]).toEqual(['x', 'computedFrom', ['"e"', 'y']]);
  });

  it('merges the definitions of both branches of an if', () => {
    const source = 'if a:\n    x = 1\nelse:\n    x = 2\ny = x';
    const last = dataflowGraph(parsePlain(parser, source), source).at(-1)!;
    expect([last.name, last.parentNames, last.parentIndices]).toEqual(['x', ['x'], [3, 8]]);
  });

  it('walks loops twice and de-duplicates their edges', () => {
    expect(graph('for i in range(3):\n    total = total + i')).toEqual([
      ['i', 'computedFrom', ['range', '3']],
      ['range', 'comesFrom', ['range']],
      ['3', 'comesFrom', []],
      ['total', 'computedFrom', ['total', 'i']],
      ['total', 'comesFrom', ['total']],
      ['i', 'comesFrom', ['i']],
    ]);
  });

  it('renames variables by first appearance, parents first', () => {
    const source = 'obj.x = a + b';
    expect(normalizeDataflow(dataflowGraph(parsePlain(parser, source), source))).toEqual([
      'var_1 computedFrom [var_0]',
      'var_3 computedFrom [var_2]',
      'var_0 comesFrom []',
      'var_2 comesFrom []',
    ]);
  });
});

describe('computeSimilarity edge cases (SIMILARITY.md 7.4)', () => {
  const reference =
    'import pychrono as chrono\nsystem = chrono.ChSystemNSC()\nsystem.DoStepDynamics(0.01)';

  it('gives an empty or whitespace-only answer codebleu 0.25 and ROUGE 0', () => {
    for (const answer of ['', '  \n\t\n ']) {
      expect(computeSimilarity(reference, answer, parser)).toEqual({
        codebleu: 0.25,
        ngram: 0,
        weighted: 0,
        syntax: 0,
        dataflow: 0,
        rouge1: 0,
        rouge2: 0,
        rougeL: 0,
        rougeLsum: 0,
        answerParses: true,
        referenceParses: true,
      });
    }
  });

  it('scores a reference without data-flow edges as dataflow 0, counted as 1 in codebleu', () => {
    const s = computeSimilarity('self.message = "Hello"', 'self.message = "Hi"', parser);
    expect(s.dataflow).toBe(0);
    expect(s.codebleu).toBe(0.25 * s.ngram + 0.25 * s.weighted + 0.25 * s.syntax + 0.25);
  });

  it('gives an answer with no unigram in common exactly 0 for both n-gram parts', () => {
    const s = computeSimilarity(reference, "'str' object has no attribute 'choices'", parser);
    expect([s.ngram, s.weighted]).toEqual([0, 0]);
  });

  it('flags an answer that does not parse', () => {
    const s = computeSimilarity(reference, 'system = chrono.ChSystemNSC(\nsystem.Do(', parser);
    expect(s.answerParses).toBe(false);
    expect(s.referenceParses).toBe(true);
  });

  it('scores an identical answer 1 everywhere', () => {
    const s = computeSimilarity(reference, reference, parser);
    expect([s.codebleu, s.ngram, s.weighted, s.syntax, s.dataflow, s.rougeLsum]).toEqual([
      1, 1, 1, 1, 1, 1,
    ]);
  });
});
