// Monaco's Python knows PyChrono: completions after `module.` and `value.`, hovers and
// signature help from the API index, and the lint's fixes as quick fixes (plus "Fix all",
// which opens one reviewable change). Registered once for every Python model.
import { completionsAt, hoverAt, signatureAt } from '../../../../electron/common/lint/assist';
import type { LintFix, LintProblem } from '../../../../electron/common/lint/problem';
import {
  LINT_MARKER_SOURCE,
  analysisOf,
  problemsOf,
  useLintStore,
  whenLintReady,
} from './lint-store';
import { monaco } from './monaco';

/** The editor action (and command) that opens the review of every safe fix. */
export const FIX_ALL_ACTION = 'twinforge.lint.fixAll';

const KINDS = {
  module: monaco.languages.CompletionItemKind.Module,
  class: monaco.languages.CompletionItemKind.Class,
  function: monaco.languages.CompletionItemKind.Function,
  constant: monaco.languages.CompletionItemKind.Constant,
  member: monaco.languages.CompletionItemKind.Method,
} as const;

let registered: monaco.IDisposable | null = null;

export function registerPychronoLanguage(): monaco.IDisposable {
  if (registered) return registered;
  const disposables = [
    monaco.languages.registerCompletionItemProvider('python', {
      triggerCharacters: ['.'],
      async provideCompletionItems(model, position) {
        if (!analysisOf(model) && !useLintStore.getState().failure) await whenLintReady(5000);
        const result = analysisOf(model);
        if (!result) return { suggestions: [] };
        const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
        const list = completionsAt(result.analysis, before, position.lineNumber - 1);
        if (!list) return { suggestions: [] };
        const range = new monaco.Range(
          position.lineNumber,
          list.from + 1,
          position.lineNumber,
          position.column,
        );
        return {
          suggestions: list.items.map((item) => ({
            label: item.label,
            kind: KINDS[item.kind],
            detail: item.detail,
            insertText: item.label,
            range,
          })),
        };
      },
    }),
    monaco.languages.registerHoverProvider('python', {
      provideHover(model, position) {
        const result = analysisOf(model);
        if (!result) return null;
        const hover = hoverAt(result.analysis, position.lineNumber - 1, position.column - 1);
        if (!hover) return null;
        return {
          contents: [{ value: hover.contents }],
          range: new monaco.Range(
            hover.row + 1,
            hover.startColumn + 1,
            hover.row + 1,
            hover.endColumn + 1,
          ),
        };
      },
    }),
    monaco.languages.registerSignatureHelpProvider('python', {
      signatureHelpTriggerCharacters: ['(', ','],
      signatureHelpRetriggerCharacters: [','],
      provideSignatureHelp(model, position) {
        const result = analysisOf(model);
        if (!result) return null;
        const before = model.getValueInRange(
          new monaco.Range(1, 1, position.lineNumber, position.column),
        );
        const help = signatureAt(result.analysis, before, position.lineNumber - 1);
        if (!help) return null;
        return {
          value: {
            signatures: help.signatures.map((s) => ({
              label: s.label,
              documentation: s.documentation,
              parameters: [],
            })),
            activeSignature: 0,
            activeParameter: help.activeParameter,
          },
          dispose() {},
        };
      },
    }),
    monaco.languages.registerCodeActionProvider(
      'python',
      {
        provideCodeActions(model, _range, context) {
          return { actions: lintCodeActions(model, context.markers), dispose() {} };
        },
      },
      { providedCodeActionKinds: ['quickfix', 'source.fixAll'] },
    ),
  ];
  registered = {
    dispose() {
      disposables.forEach((d) => d.dispose());
      registered = null;
    },
  };
  return registered;
}

/** The quick fixes of the lint markers given, and "Fix all" when any fix is safe. */
export function lintCodeActions(
  model: monaco.editor.ITextModel,
  markers: readonly monaco.editor.IMarkerData[],
): monaco.languages.CodeAction[] {
  const problems = problemsOf(model);
  const actions: monaco.languages.CodeAction[] = [];
  for (const marker of markers) {
    if (marker.source !== LINT_MARKER_SOURCE) continue;
    const problem = problems.find((p) => sameRange(p, marker) && p.message === marker.message);
    if (!problem) continue;
    for (const fix of fixesOf(problem)) {
      actions.push({
        title: fix.title,
        kind: 'quickfix',
        diagnostics: [marker],
        isPreferred: fix.safe,
        edit: {
          edits: fix.edits.map((e) => ({
            resource: model.uri,
            versionId: model.getVersionId(),
            textEdit: {
              range: new monaco.Range(
                e.range.startLine,
                e.range.startColumn,
                e.range.endLine,
                e.range.endColumn,
              ),
              text: e.text,
            },
          })),
        },
      });
    }
  }
  if (problems.some((p) => p.fix?.safe)) {
    actions.push({
      title: 'Fix all safe PyChrono problems (review the change)',
      kind: 'source.fixAll',
      command: { id: FIX_ALL_ACTION, title: 'Fix all' },
    });
  }
  return actions;
}

function fixesOf(problem: LintProblem): LintFix[] {
  return [problem.fix, ...(problem.alternatives ?? [])].filter((f): f is LintFix => !!f);
}

function sameRange(p: LintProblem, m: monaco.editor.IMarkerData): boolean {
  return (
    p.line === m.startLineNumber &&
    p.column === m.startColumn &&
    p.endLine === m.endLineNumber &&
    p.endColumn === m.endColumn
  );
}
