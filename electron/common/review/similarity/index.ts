// The review's similarity metrics, computed as the SimBench benchmark computed them:
// CodeBLEU (codebleu 0.7.0) with its four parts, and ROUGE-1/2/L/Lsum (rouge-score 0.1.2).
// README.md here lists the modules; ../shared/design/SIMILARITY.md is the specification.

import { ngramMatch, weightedNgramMatch } from './bleu';
import { combineCodeBleu } from './codebleu';
import { dataflowGraph, dataflowMatch, normalizeDataflow } from './dataflow';
import { precleanPython } from './python-preclean';
import { pythonSplit, pythonStrip, universalNewlines } from './python-text';
import { rougeScores } from './rouge';
import { syntaxMatch } from './syntax-match';
import { parsePlain, type PythonParser } from './syntax-tree';

export { cleanModelAnswer, cleanScript, extractPythonCode } from './clean-code';
export type { PythonParser, TreeSitterNode, TreeSitterTree } from './syntax-tree';

export interface SimilarityScores {
  /** 0.25 each of ngram, weighted, syntax and dataflow (a dataflow of 0 counting as 1). */
  codebleu: number;
  ngram: number;
  weighted: number;
  syntax: number;
  /** As published: 0 here even where `codebleu` counted it as 1. */
  dataflow: number;
  rouge1: number;
  rouge2: number;
  rougeL: number;
  /** The paper's headline similarity metric. */
  rougeLsum: number;
  /** Whether tree-sitter parsed the (pre-cleaned) answer without ERROR or MISSING nodes. */
  answerParses: boolean;
  referenceParses: boolean;
}

/** The text the tree parts parse, with its tree. */
function parseCleaned(parser: PythonParser, stripped: string) {
  const text = precleanPython(stripped).text;
  return { text, tree: parsePlain(parser, text) };
}

/**
 * Scores `answer` against `reference` (both the cleaned texts the benchmark compares, see
 * `cleanScript` / `cleanModelAnswer`). `parser` is a tree-sitter parser with the
 * tree-sitter-python 0.23.6 grammar (electron/host/review/python-parser.ts loads one).
 */
export function computeSimilarity(
  reference: string,
  answer: string,
  parser: PythonParser,
): SimilarityScores {
  const referenceText = universalNewlines(reference);
  const answerText = universalNewlines(answer);
  const referenceStripped = pythonStrip(referenceText);
  const answerStripped = pythonStrip(answerText);

  const referenceTokens = pythonSplit(referenceStripped);
  const answerTokens = pythonSplit(answerStripped);
  const ngram = ngramMatch(referenceTokens, answerTokens);
  const weighted = weightedNgramMatch(referenceTokens, answerTokens);

  const referenceParsed = parseCleaned(parser, referenceStripped);
  const answerParsed = parseCleaned(parser, answerStripped);
  const syntax = syntaxMatch(referenceParsed.tree, answerParsed.tree);
  const dataflow = dataflowMatch(
    normalizeDataflow(dataflowGraph(referenceParsed.tree, referenceParsed.text)),
    normalizeDataflow(dataflowGraph(answerParsed.tree, answerParsed.text)),
  );

  return {
    codebleu: combineCodeBleu({ ngram, weighted, syntax, dataflow }),
    ngram,
    weighted,
    syntax,
    dataflow,
    ...rougeScores(referenceText, answerText),
    answerParses: !answerParsed.tree.hasError,
    referenceParses: !referenceParsed.tree.hasError,
  };
}
