// CodeBLEU as `codebleu` 0.7.0 combines its parts (SIMILARITY.md 4.1).

export interface CodeBleuParts {
  ngram: number;
  weighted: number;
  syntax: number;
  dataflow: number;
}

const PART_WEIGHT = 0.25;

/**
 * 0.25 · (ngram + weighted + syntax + dataflow), except that a dataflow score of exactly 0
 * counts as 1 (the package writes `dataflow or 1`); the dataflow column still shows 0.
 */
export function combineCodeBleu(parts: CodeBleuParts): number {
  return (
    PART_WEIGHT * parts.ngram +
    PART_WEIGHT * parts.weighted +
    PART_WEIGHT * parts.syntax +
    PART_WEIGHT * (parts.dataflow || 1)
  );
}
