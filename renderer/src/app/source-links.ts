// The twin's items and the editor's lines, both ways: the info panel's "line N" shows the
// line in the editor, and the editor's cursor highlights the items its line made. Both only
// while the editor holds the script the run ran: once it has changed, the lines may have
// moved, and the link says so instead of pointing at the wrong line.
import type { SourceLink } from '../features/viewer/source-link';
import { useEditorStore } from '../features/editor/editor-store';
import type { Lanes } from './lanes';

function runsTheEditorsScript(lanes: Lanes): boolean {
  const ran = lanes.twin.run.state.getState().script;
  return ran !== null && ran === useEditorStore.getState().getCode();
}

export function twinSourceLink(lanes: Lanes): SourceLink {
  return {
    reveal(line) {
      if (!runsTheEditorsScript(lanes)) return false;
      useEditorStore.getState().revealLine(line);
      return true;
    },
  };
}

/** While the editor has the focus, the twin's view highlights what the cursor's line made. */
export function connectSourceLines(lanes: Lanes): () => void {
  const show = () => {
    const view = useEditorStore.getState().view;
    const line =
      view?.hasTextFocus() && runsTheEditorsScript(lanes)
        ? (view.getPosition()?.lineNumber ?? null)
        : null;
    lanes.twin.viewer.view.getState().showSourceLine(line);
  };
  let detach = () => {};
  const attach = () => {
    detach();
    const view = useEditorStore.getState().view;
    if (!view) return;
    const subscriptions = [
      view.onDidChangeCursorPosition(show),
      view.onDidFocusEditorText(show),
      view.onDidBlurEditorText(show),
      view.onDidChangeModelContent(show),
    ];
    detach = () => subscriptions.forEach((s) => s.dispose());
  };
  attach();
  const offEditor = useEditorStore.subscribe((s, prev) => {
    if (s.view !== prev.view) attach();
  });
  // A new run of the twin: its script may be the editor's again.
  const offRun = lanes.twin.run.state.subscribe((s, prev) => {
    if (s.script !== prev.script) show();
  });
  return () => {
    detach();
    offEditor();
    offRun();
  };
}
