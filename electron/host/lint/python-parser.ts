// Python parsing for the host and the CLI: web-tree-sitter with the tree-sitter-python
// grammar, both WebAssembly, loaded once. The .wasm files are read from dist/wasm beside
// the bundle when the build put them there, else from node_modules (the renderer has its
// own loader that fetches the same files from its origin).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// The CommonJS build, by `require`: the ES build locates itself through `import.meta.url`,
// which esbuild leaves empty in the CommonJS bundles of scripts/build-node.mjs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Language, Parser } = require('web-tree-sitter') as typeof import('web-tree-sitter');
type Parser = import('web-tree-sitter').Parser;

let loading: Promise<Parser> | null = null;

function locate(file: string, pkg: string): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const bundled = join(here, '..', 'wasm', file);
  if (existsSync(bundled)) return bundled;
  try {
    return createRequire(join(here, 'noop.js')).resolve(`${pkg}/${file}`);
  } catch (err) {
    throw new Error(
      `The Python parser is missing (${pkg}/${file}): run \`npm ci\` (${(err as Error).message})`,
    );
  }
}

/** Paths of the two .wasm files. */
export function wasmPaths(): { runtime: string; python: string } {
  return {
    runtime: locate('tree-sitter.wasm', 'web-tree-sitter'),
    python: locate('tree-sitter-python.wasm', 'tree-sitter-python'),
  };
}

/** A parser for Python, created on first use (a failed load is tried again next time). */
export function pythonParser(): Promise<Parser> {
  loading ??= (async () => {
    const paths = wasmPaths();
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
