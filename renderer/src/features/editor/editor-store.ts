// The script being edited. The Monaco text model lives here, not in a component: editors
// are views attached to it, so chat, runs and files read and change the same document.
import { create } from 'zustand';
import { monaco } from './monaco';

export interface Problem {
  /** 1-based line in the script, or null when the error has no place in it. */
  line: number | null;
  message: string;
  severity: 'error' | 'warning';
  /** Where it came from, for the Problems list: `run`, `syntax`. */
  source: string;
}

export interface ScriptDocument {
  code: string;
  filePath: string | null;
  fileName: string;
  /** The platform's handle for saving back without asking (see PlatformHost.saveFile). */
  fileRef?: string | null;
}

export interface EditorState {
  /** The Monaco text model of the script; views attach to it. */
  model: monaco.editor.ITextModel;
  /** Path on disk (Electron) or null (new script, or a file picked in the browser). */
  filePath: string | null;
  fileName: string;
  /** The platform's handle to save back to the same file, or null (Save asks where). */
  fileRef: string | null;
  /** True when the text differs from what was last opened or saved (undo back clears it). */
  dirty: boolean;
  /** The label of the last change applied with replaceCode (e.g. "Model answer, turn 3"). */
  lastEdit: { label: string; at: number } | null;
  problems: Problem[];
  /** The editor view currently showing the model, if any. */
  view: monaco.editor.IStandaloneCodeEditor | null;

  getCode(): string;
  /** Replaces the whole script as one undoable edit (Ctrl+Z restores the previous text). */
  replaceCode(code: string, label: string): void;
  /** Puts a new document in place (open, new): resets undo history and the dirty flag. */
  loadDocument(doc: ScriptDocument): void;
  /** Records that the current text is now on disk under this name. */
  markSaved(filePath: string | null, fileName: string, fileRef?: string | null): void;
  /** Shows problems as Monaco markers and in the Problems list. */
  setProblems(problems: Problem[]): void;
  attachView(view: monaco.editor.IStandaloneCodeEditor | null): void;
  /** Moves the cursor to a line and focuses the editor. */
  revealLine(line: number): void;
}

export const UNTITLED = 'untitled.py';
export const MARKER_OWNER = 'twinforge';

export const NEW_SCRIPT = `# A PyChrono twin. Describe it in the chat,
# or write it here; Ctrl+Enter runs it.
import pychrono as chrono
`;

export const useEditorStore = create<EditorState>((set, get) => {
  const model = monaco.editor.createModel(NEW_SCRIPT, 'python');
  model.updateOptions({ tabSize: 4, insertSpaces: true });
  let savedVersion = model.getAlternativeVersionId();

  model.onDidChangeContent(() => {
    const dirty = model.getAlternativeVersionId() !== savedVersion;
    if (dirty !== get().dirty) set({ dirty });
  });

  return {
    model,
    filePath: null,
    fileName: UNTITLED,
    fileRef: null,
    dirty: false,
    lastEdit: null,
    problems: [],
    view: null,

    getCode: () => model.getValue(),

    replaceCode(code, label) {
      if (code === model.getValue()) return;
      // Stack elements on both sides make the replacement exactly one undo step.
      model.pushStackElement();
      model.pushEditOperations(
        [],
        [{ range: model.getFullModelRange(), text: code, forceMoveMarkers: true }],
        () => null,
      );
      model.pushStackElement();
      set({ lastEdit: { label, at: Date.now() } });
    },

    loadDocument(doc) {
      model.setValue(doc.code);
      savedVersion = model.getAlternativeVersionId();
      monaco.editor.setModelMarkers(model, MARKER_OWNER, []);
      set({
        filePath: doc.filePath,
        fileName: doc.fileName,
        fileRef: doc.fileRef ?? null,
        dirty: false,
        lastEdit: null,
        problems: [],
      });
    },

    markSaved(filePath, fileName, fileRef = null) {
      savedVersion = model.getAlternativeVersionId();
      set({ filePath, fileName, fileRef, dirty: false });
    },

    setProblems(problems) {
      const lines = model.getLineCount();
      monaco.editor.setModelMarkers(
        model,
        MARKER_OWNER,
        problems
          .filter((p) => p.line !== null)
          .map((p) => {
            const line = Math.min(Math.max(p.line ?? 1, 1), lines);
            return {
              startLineNumber: line,
              endLineNumber: line,
              startColumn: model.getLineFirstNonWhitespaceColumn(line) || 1,
              endColumn: model.getLineMaxColumn(line),
              message: p.message,
              severity:
                p.severity === 'error'
                  ? monaco.MarkerSeverity.Error
                  : monaco.MarkerSeverity.Warning,
              source: p.source,
            };
          }),
      );
      set({ problems });
    },

    attachView(view) {
      set({ view });
    },

    revealLine(line) {
      const view = get().view;
      if (!view) return;
      const target = Math.min(Math.max(line, 1), model.getLineCount());
      view.setPosition({
        lineNumber: target,
        column: model.getLineFirstNonWhitespaceColumn(target) || 1,
      });
      view.revealLineInCenter(target);
      view.focus();
    },
  };
});
