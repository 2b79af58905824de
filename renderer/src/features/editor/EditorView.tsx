// A Monaco editor attached to the store's model. It mounts once and never re-renders:
// the document, markers and theme change through Monaco's own APIs.
import { memo, useEffect, useRef } from 'react';
import { useEditorStore } from './editor-store';
import { reviewFixAll } from './lint-store';
import { monaco } from './monaco';
import { FIX_ALL_ACTION, registerPychronoLanguage } from './pychrono-language';

export const EditorView = memo(function EditorView() {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    registerPychronoLanguage();
    const editor = monaco.editor.create(host.current, {
      model: useEditorStore.getState().model,
      automaticLayout: true,
      fontSize: 13,
      lineHeight: 19,
      fontFamily:
        "ui-monospace, 'Cascadia Code', 'JetBrains Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace",
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      renderLineHighlight: 'line',
      tabSize: 4,
      fixedOverflowWidgets: true,
      padding: { top: 4 },
      ariaLabel: 'Python script editor',
    });
    useEditorStore.getState().attachView(editor);
    const fixAll = editor.addAction({
      id: FIX_ALL_ACTION,
      label: 'PyChrono: Fix All Safe Problems…',
      contextMenuGroupId: '1_modification',
      run: () => void reviewFixAll(),
    });
    return () => {
      fixAll.dispose();
      if (useEditorStore.getState().view === editor) useEditorStore.getState().attachView(null);
      editor.dispose();
    };
  }, []);
  return <div ref={host} className="editor-view" />;
});
