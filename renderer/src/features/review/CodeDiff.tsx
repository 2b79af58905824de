// The reference (read-only, left) beside the twin (right) in Monaco's diff editor. The twin
// side is the editor's own document, so it stays editable; side by side or inline, next and
// previous change, whitespace ignored or not. "Ignore comments" compares the cleaned texts
// SimBench's similarity compares (`cleanScript`), both read-only.
import { useEffect, useRef, useState } from 'react';
import { cleanScript } from '../../../../electron/common/review/similarity/clean-code';
import { monaco } from '../editor/monaco';
import { useEditorStore } from '../editor/editor-store';

export interface CodeDiffProps {
  reference: string;
  referenceName: string;
}

const SIDE_BY_SIDE_MIN_PX = 640;

/** How long the cleaned twin waits for typing to pause before it is compared again. */
const CLEAN_DELAY_MS = 300;

export function CodeDiff({ reference, referenceName }: CodeDiffProps) {
  const box = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const twinModel = useEditorStore((s) => s.model);
  const twinName = useEditorStore((s) => s.fileName);
  const [sideBySide, setSideBySide] = useState(true);
  const [ignoreWhitespace, setIgnoreWhitespace] = useState(false);
  const [ignoreComments, setIgnoreComments] = useState(false);
  const [changes, setChanges] = useState<number | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // Side by side needs room; a narrow pane starts inline (the button switches).
    const wide = el.clientWidth >= SIDE_BY_SIDE_MIN_PX;
    setSideBySide(wide);
    const diff = monaco.editor.createDiffEditor(el, {
      automaticLayout: true,
      originalEditable: false,
      renderSideBySide: wide,
      useInlineViewWhenSpaceIsLimited: false,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 12,
    });
    editor.current = diff;
    const sub = diff.onDidUpdateDiff(() => setChanges(diff.getLineChanges()?.length ?? 0));
    return () => {
      sub.dispose();
      // The twin's model belongs to the editor: only the diff's own models are disposed.
      diff.setModel(null);
      diff.dispose();
      editor.current = null;
    };
  }, []);

  useEffect(() => {
    editor.current?.updateOptions({
      renderSideBySide: sideBySide,
      ignoreTrimWhitespace: ignoreWhitespace,
    });
  }, [sideBySide, ignoreWhitespace]);

  useEffect(() => {
    const diff = editor.current;
    if (!diff) return;
    const original = monaco.editor.createModel(
      ignoreComments ? cleanScript(reference) : reference,
      'python',
    );
    let cleaned: monaco.editor.ITextModel | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sub: monaco.IDisposable | undefined;
    if (ignoreComments) {
      const model = monaco.editor.createModel(cleanScript(twinModel.getValue()), 'python');
      cleaned = model;
      sub = twinModel.onDidChangeContent(() => {
        clearTimeout(timer);
        timer = setTimeout(() => model.setValue(cleanScript(twinModel.getValue())), CLEAN_DELAY_MS);
      });
    }
    diff.setModel({ original, modified: cleaned ?? twinModel });
    diff.getModifiedEditor().updateOptions({ readOnly: ignoreComments });
    return () => {
      clearTimeout(timer);
      sub?.dispose();
      diff.setModel(null);
      original.dispose();
      cleaned?.dispose();
    };
  }, [reference, twinModel, ignoreComments]);

  const toggle = (label: string, on: boolean, set: (v: boolean) => void, title: string) => (
    <button
      type="button"
      className={`tool-button${on ? ' on' : ''}`}
      aria-pressed={on}
      title={title}
      onClick={() => set(!on)}
    >
      {label}
    </button>
  );

  return (
    <section className="review-code" aria-label="Code diff" data-testid="review-code">
      <div className="review-toolbar">
        <span
          className="review-code-names"
          title="left: the reference (read-only); right: the twin"
        >
          <b>{referenceName}</b> → <b>{twinName}</b>
        </span>
        <span className="spacer" />
        <span className="viewer-muted" data-testid="review-diff-count">
          {changes === null ? '' : `${changes} ${changes === 1 ? 'change' : 'changes'}`}
        </span>
        <button
          type="button"
          className="tool-button"
          title="Previous change"
          aria-label="Previous change"
          onClick={() => editor.current?.goToDiff('previous')}
        >
          ↑
        </button>
        <button
          type="button"
          className="tool-button"
          title="Next change"
          aria-label="Next change"
          onClick={() => editor.current?.goToDiff('next')}
        >
          ↓
        </button>
        {toggle('Side by side', sideBySide, setSideBySide, 'Side by side, or inline')}
        {toggle(
          'Ignore whitespace',
          ignoreWhitespace,
          setIgnoreWhitespace,
          'Lines that differ only in leading or trailing spaces are the same',
        )}
        {toggle(
          'Ignore comments',
          ignoreComments,
          setIgnoreComments,
          'Compare the cleaned code the similarity scores compare (comments and docstrings removed, as SimBench does); read-only',
        )}
      </div>
      <div className="review-code-editor" ref={box} data-testid="review-diff-editor" />
    </section>
  );
}
