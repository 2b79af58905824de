import '../../testing/jsdom-shims';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_INDEX, testParser } from '../../../../electron/common/lint/testing';
import { useEditorStore } from './editor-store';
import {
  LINT_MARKER_OWNER,
  applyReview,
  lintModel,
  reviewFixAll,
  startLint,
  useLintStore,
} from './lint-store';
import { monaco } from './monaco';
import { lintCodeActions } from './pychrono-language';

const OLD =
  'import pychrono as chrono\nv = chrono.ChVectorD(1, 2, 3)\nsys = chrono.ChSystemNSC()\nsys.Set_G_acc(v)\n';

beforeAll(async () => {
  startLint(BUNDLED_INDEX, await testParser());
});

function load(code: string) {
  useEditorStore.getState().loadDocument({ code, filePath: null, fileName: 'untitled.py' });
  return lintModel(useEditorStore.getState().model);
}

describe('the lint in the editor', () => {
  it('puts a marker on each old name, and the problems in the store', () => {
    load(OLD);
    const model = useEditorStore.getState().model;
    const markers = monaco.editor.getModelMarkers({
      resource: model.uri,
      owner: LINT_MARKER_OWNER,
    });
    expect(markers.map((m) => [m.startLineNumber, m.startColumn, m.endColumn, m.severity])).toEqual(
      [
        [2, 12, 21, monaco.MarkerSeverity.Error],
        [4, 5, 14, monaco.MarkerSeverity.Error],
      ],
    );
    expect(markers[0].message).toBe('`ChVectorD` was renamed `ChVector3d` in Chrono 9.0');
    expect(useLintStore.getState().problems).toHaveLength(2);
  });

  it('offers each fix as a quick fix that edits the model, and Fix all', () => {
    load(OLD);
    const model = useEditorStore.getState().model;
    const markers = monaco.editor.getModelMarkers({
      resource: model.uri,
      owner: LINT_MARKER_OWNER,
    });
    const actions = lintCodeActions(model, [markers[0]]);
    expect(actions.map((a) => [a.title, a.kind, a.isPreferred])).toEqual([
      ['Rename to ChVector3d', 'quickfix', true],
      ['Fix all safe PyChrono problems (review the change)', 'source.fixAll', undefined],
    ]);
    const edit = actions[0].edit?.edits[0] as monaco.languages.IWorkspaceTextEdit;
    model.pushEditOperations(
      [],
      [{ range: edit.textEdit.range, text: edit.textEdit.text }],
      () => null,
    );
    expect(model.getLineContent(2)).toBe('v = chrono.ChVector3d(1, 2, 3)');
  });

  it('Fix all proposes one change for review, applied as one undoable edit', () => {
    load(OLD);
    expect(reviewFixAll()).toBe(true);
    const review = useLintStore.getState().review;
    expect(review).toMatchObject({ original: OLD, fixes: 2 });
    expect(review?.proposed).toContain('sys.SetGravitationalAcceleration(v)');
    expect(useEditorStore.getState().getCode()).toBe(OLD);
    applyReview(review!.proposed);
    expect(useEditorStore.getState().getCode()).toBe(review!.proposed);
    expect(useEditorStore.getState().lastEdit?.label).toBe('Lint fixes (2 names)');
    // What Ctrl+Z does in a view; the model's own undo is not in Monaco's public typings.
    (useEditorStore.getState().model as unknown as { undo(): void }).undo();
    expect(useEditorStore.getState().getCode()).toBe(OLD);
  });

  it('a correct script gets no marker and nothing to review', () => {
    expect(load('import pychrono as chrono\nv = chrono.ChVector3d(1, 2, 3)\n')).toEqual([]);
    expect(reviewFixAll()).toBe(false);
  });
});
