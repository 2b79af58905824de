// The PyChrono lint in the editor: the index (from the host's api.index) and the parser,
// the problems of the script (as Monaco markers and for the Problems list), and the review
// of "Fix all". Parsing and linting a 300-line script takes under 10 ms, a 3 000-line one
// about 130 ms (`npm run bench:lint`), so it runs on the main thread, debounced after each
// edit, the pause growing with the time the last lint took.
import type { Parser, Tree } from 'web-tree-sitter';
import { create } from 'zustand';
import type { ApiIndex } from '../../../../electron/common/contract/api-index';
import { ScriptAnalysis } from '../../../../electron/common/lint/analysis';
import { ApiModel } from '../../../../electron/common/lint/api-model';
import { fixUntilStable } from '../../../../electron/common/lint/fixes';
import { lintAnalysis } from '../../../../electron/common/lint/lint';
import type { LintProblem } from '../../../../electron/common/lint/problem';
import type { PlatformHost } from '../../platform/types';
import { useEditorStore } from './editor-store';
import { monaco } from './monaco';
import { browserPythonParser } from './python-parser';

export const LINT_MARKER_OWNER = 'pychrono-lint';
/** The source Monaco shows with each lint marker (and code actions find them by). */
export const LINT_MARKER_SOURCE = 'PyChrono';
const DEBOUNCE_MS = 200;

export interface FixReview {
  original: string;
  proposed: string;
  fixes: number;
}

export interface LintState {
  /** Null until the index and the parser are loaded. */
  api: ApiModel | null;
  /** Why the lint cannot run (no index, no parser), shown once in the Problems list. */
  failure: string | null;
  /** Problems of the editor's script, in source order. */
  problems: LintProblem[];
  /** The "Fix all" change under review, or null. */
  review: FixReview | null;
}

export const useLintStore = create<LintState>(() => ({
  api: null,
  failure: null,
  problems: [],
  review: null,
}));

interface Parsed {
  versionId: number;
  tree: Tree;
  analysis: ScriptAnalysis;
  problems: LintProblem[];
}

let parser: Parser | null = null;
let markReady: () => void = () => {};
const ready = new Promise<void>((done) => (markReady = done));

/** Resolves once the index and the parser are in place, or after `ms`: a completion asked
 *  for while they still load (a line pasted and `body.` typed at once) waits for them. */
export function whenLintReady(ms: number): Promise<void> {
  if (parser && useLintStore.getState().api) return Promise.resolve();
  return Promise.race([ready, new Promise<void>((done) => setTimeout(done, ms))]);
}
/** The last analysis of each model, by URI, reused while its text is unchanged. */
const parsed = new Map<string, Parsed>();

// A model's tree goes with the model (the diff review creates and disposes its own).
monaco.editor.onWillDisposeModel((model) => {
  const key = model.uri.toString();
  parsed.get(key)?.tree.delete();
  parsed.delete(key);
});

/** The analysis of a model's current text (parsed again only when the text changed). */
export function analysisOf(model: monaco.editor.ITextModel): Parsed | null {
  const api = useLintStore.getState().api;
  if (!api || !parser) return null;
  const key = model.uri.toString();
  const cached = parsed.get(key);
  const versionId = model.getVersionId();
  if (cached?.versionId === versionId) return cached;
  const tree = parser.parse(model.getValue());
  if (!tree) return null;
  cached?.tree.delete();
  const analysis = new ScriptAnalysis(tree, api);
  const entry = { versionId, tree, analysis, problems: lintAnalysis(analysis) };
  parsed.set(key, entry);
  return entry;
}

/** The problems of any script text (the diff review's proposal), or null before loading. */
export function lintCode(code: string): LintProblem[] | null {
  const api = useLintStore.getState().api;
  if (!api || !parser) return null;
  const tree = parser.parse(code);
  if (!tree) return null;
  try {
    return lintAnalysis(new ScriptAnalysis(tree, api));
  } finally {
    tree.delete();
  }
}

/** The script with every safe fix applied, pass after pass; null before loading. */
export function fixCode(code: string): { code: string; fixes: number } | null {
  if (!useLintStore.getState().api || !parser) return null;
  const run = fixUntilStable(code, (text) => lintCode(text) ?? []);
  return { code: run.code, fixes: run.applied.length };
}

/** Lints a model now: markers on it; for the editor's own model, the Problems list too. */
export function lintModel(model: monaco.editor.ITextModel): LintProblem[] {
  const result = analysisOf(model);
  const problems = result?.problems ?? [];
  monaco.editor.setModelMarkers(model, LINT_MARKER_OWNER, problems.map(toMarker));
  if (model === useEditorStore.getState().model) useLintStore.setState({ problems });
  return problems;
}

export function problemsOf(model: monaco.editor.ITextModel): LintProblem[] {
  return parsed.get(model.uri.toString())?.problems ?? [];
}

export function toMarker(p: LintProblem): monaco.editor.IMarkerData {
  return {
    startLineNumber: p.line,
    startColumn: p.column,
    endLineNumber: p.endLine,
    endColumn: p.endColumn,
    message: p.message,
    code: p.code,
    source: LINT_MARKER_SOURCE,
    severity:
      p.severity === 'error'
        ? monaco.MarkerSeverity.Error
        : p.severity === 'warning'
          ? monaco.MarkerSeverity.Warning
          : monaco.MarkerSeverity.Info,
  };
}

/** Opens the review of every safe fix of the editor's script as one change. */
export function reviewFixAll(): boolean {
  const original = useEditorStore.getState().getCode();
  const fixed = fixCode(original);
  if (!fixed || fixed.code === original) return false;
  useLintStore.setState({ review: { original, proposed: fixed.code, fixes: fixed.fixes } });
  return true;
}

export function applyReview(code: string): void {
  const review = useLintStore.getState().review;
  useLintStore.setState({ review: null });
  if (!review) return;
  useEditorStore
    .getState()
    .replaceCode(code, `Lint fixes (${review.fixes} ${review.fixes === 1 ? 'name' : 'names'})`);
}

export function rejectReview(): void {
  useLintStore.setState({ review: null });
}

/** Puts an index and a parser in place (the app loads them; tests pass their own). */
export function startLint(index: ApiIndex, pythonParser: Parser): void {
  parser = pythonParser;
  for (const entry of parsed.values()) entry.tree.delete();
  parsed.clear();
  useLintStore.setState({ api: new ApiModel(index), failure: null });
  lintModel(useEditorStore.getState().model);
  markReady();
}

/** Loads the index through the host and lints the editor's script on every edit. */
export function connectLint(host: PlatformHost): () => void {
  let disposed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const model = useEditorStore.getState().model;
  void Promise.all([host.invoke('api.index', {}), browserPythonParser()]).then(
    ([index, loaded]) => {
      if (!disposed) startLint(index, loaded);
    },
    (err: unknown) => {
      if (!disposed) {
        useLintStore.setState({
          failure: `The PyChrono lint is off: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
    },
  );
  // A long script takes longer to lint: wait for a longer pause in the typing.
  let wait = DEBOUNCE_MS;
  const sub = model.onDidChangeContent(() => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const started = performance.now();
      lintModel(model);
      wait = Math.max(DEBOUNCE_MS, 3 * (performance.now() - started));
    }, wait);
  });
  return () => {
    disposed = true;
    if (timer) clearTimeout(timer);
    sub.dispose();
  };
}
