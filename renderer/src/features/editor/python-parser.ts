// Python parsing in the renderer: web-tree-sitter and the tree-sitter-python grammar, both
// WebAssembly, fetched from our own origin (the CSP allows compiling them with
// 'wasm-unsafe-eval'; nothing else may eval). The host has its own loader for Node.
import { Language, Parser } from 'web-tree-sitter';
import runtimeWasm from 'web-tree-sitter/tree-sitter.wasm?url';
import pythonWasm from 'tree-sitter-python/tree-sitter-python.wasm?url';

let loading: Promise<Parser> | null = null;

export function browserPythonParser(): Promise<Parser> {
  loading ??= (async () => {
    await Parser.init({ locateFile: () => runtimeWasm });
    const language = await Language.load(pythonWasm);
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
