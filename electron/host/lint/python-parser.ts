// Python parsing for the host and the CLI: web-tree-sitter with the tree-sitter-python
// grammar, both WebAssembly, loaded once from node_modules (the renderer has its own loader
// that fetches the same files from its origin).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

let loading: Promise<Parser> | null = null;

/** Paths of the two .wasm files, resolved like any package file. */
export function wasmPaths(): { runtime: string; python: string } {
  const here = typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js');
  const require = createRequire(here);
  return {
    runtime: require.resolve('web-tree-sitter/tree-sitter.wasm'),
    python: require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
  };
}

/** A parser for Python, created on first use. */
export function pythonParser(): Promise<Parser> {
  loading ??= (async () => {
    let paths;
    try {
      paths = wasmPaths();
    } catch (err) {
      throw new Error(
        `The Python parser is missing (web-tree-sitter, tree-sitter-python): reinstall TwinForge (${(err as Error).message})`,
      );
    }
    await Parser.init({ locateFile: () => paths.runtime });
    const language = await Language.load(paths.python);
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
