import '../../testing/jsdom-shims';
import { beforeEach, describe, expect, it } from 'vitest';
import { monaco } from './monaco';
import { MARKER_OWNER, UNTITLED, useEditorStore } from './editor-store';

const store = () => useEditorStore.getState();
// What Ctrl+Z does in a view; the model's own undo is not in Monaco's public typings.
const undo = () => (store().model as unknown as { undo(): void }).undo();

describe('editor store', () => {
  beforeEach(() => {
    store().loadDocument({ code: 'x = 1\n', filePath: null, fileName: UNTITLED });
  });

  it('replaces the code as one undoable edit and marks the document dirty', () => {
    store().replaceCode('x = 2\ny = 3\n', 'Model answer');
    expect(store().getCode()).toBe('x = 2\ny = 3\n');
    expect(store().dirty).toBe(true);
    expect(store().lastEdit?.label).toBe('Model answer');

    undo();
    expect(store().getCode()).toBe('x = 1\n');
    // Undoing back to the opened text is not a change any more.
    expect(store().dirty).toBe(false);
  });

  it('keeps earlier edits undoable step by step', () => {
    store().replaceCode('a\n', 'first');
    store().replaceCode('b\n', 'second');
    undo();
    expect(store().getCode()).toBe('a\n');
    undo();
    expect(store().getCode()).toBe('x = 1\n');
  });

  it('forgets dirtiness once saved, and remembers the file', () => {
    store().replaceCode('saved = True\n', 'edit');
    store().markSaved('/tmp/twin.py', 'twin.py');
    expect(store().dirty).toBe(false);
    expect(store().filePath).toBe('/tmp/twin.py');
    expect(store().fileName).toBe('twin.py');
  });

  it('loads a document with a clean history', () => {
    store().replaceCode('changed\n', 'edit');
    store().loadDocument({ code: 'opened\n', filePath: '/a/b.py', fileName: 'b.py' });
    expect(store().getCode()).toBe('opened\n');
    expect(store().dirty).toBe(false);
    expect(store().model.getLanguageId()).toBe('python');
  });

  it('shows problems as markers on their lines, clamped to the script', () => {
    store().loadDocument({ code: 'a = 1\n  b = 2\n', filePath: null, fileName: UNTITLED });
    store().setProblems([
      {
        line: 2,
        message: 'IndentationError: unexpected indent',
        severity: 'error',
        source: 'syntax',
      },
      { line: 99, message: 'past the end', severity: 'warning', source: 'run' },
      { line: null, message: 'no line', severity: 'error', source: 'run' },
    ]);
    const markers = monaco.editor.getModelMarkers({ owner: MARKER_OWNER });
    expect(markers).toHaveLength(2);
    expect(markers[0]).toMatchObject({
      startLineNumber: 2,
      startColumn: 3,
      message: 'IndentationError: unexpected indent',
    });
    expect(markers[1].startLineNumber).toBe(3);
    expect(store().problems).toHaveLength(3);
  });
});
