// Monaco, bundled with the app: the editor core with its contributions (find, folding…),
// Python highlighting only, and the one worker Python needs, loaded from our own origin so
// that it runs under the CSP (`worker-src 'self' blob:`). Nothing comes from a CDN.
// Contributions first: they register services that must exist before the first model
// or editor is created.
import 'monaco-editor/esm/vs/editor/editor.all.js';
import 'monaco-editor/esm/vs/basic-languages/python/python.contribution';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';

self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export const MONACO_THEMES = { light: 'twinforge-light', dark: 'twinforge-dark' } as const;

// Colours match the CSS variables of src/styles/theme.css so the editor sits flush.
monaco.editor.defineTheme(MONACO_THEMES.light, {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: {
    'editor.background': '#ffffff',
    'editorGutter.background': '#ffffff',
    'editor.lineHighlightBackground': '#f3f5f8',
    'editorLineNumber.foreground': '#9aa3ad',
  },
});
monaco.editor.defineTheme(MONACO_THEMES.dark, {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: {
    'editor.background': '#1b1e23',
    'editorGutter.background': '#1b1e23',
    'editor.lineHighlightBackground': '#23272e',
    'editorLineNumber.foreground': '#5c6370',
  },
});

export { monaco };
