// What the lint reports: one problem per wrong name, placed as Monaco places markers (lines
// and columns 1-based, columns in UTF-16 code units, the end exclusive), with the fix when
// one is known.

export type LintCode =
  /** An old name with a known successor (Chrono 9.0's renames). */
  | 'renamed'
  /** A name Chrono 9.0 removed without a successor. */
  | 'removed'
  /** A module-level name the module does not have. */
  | 'unknown-name'
  /** A member the value's class (and its bases) do not have. */
  | 'unknown-member'
  /** A name that exists, in another pychrono module than the one it is taken from. */
  | 'wrong-module'
  /** A module that no Chrono build has (`pychrono.engine`, `import chrono`). */
  | 'unknown-module';

export type LintSeverity = 'error' | 'warning' | 'info';

export interface TextRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface LintEdit {
  range: TextRange;
  text: string;
}

export interface LintFix {
  title: string;
  edits: LintEdit[];
  /**
   * True for an exact rename (from the rename table, or a name that exists in exactly one
   * other module): `twinforge fix` applies these. Guesses by spelling are never safe.
   */
  safe: boolean;
}

export interface LintProblem {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: LintCode;
  severity: LintSeverity;
  message: string;
  fix?: LintFix;
  /** Further candidate fixes (other near misses), never safe. */
  alternatives?: LintFix[];
}
