// Loads tree-sitter (web-tree-sitter, WebAssembly: no native build) with the Python grammar
// that reproduces SimBench's numbers: tree-sitter-python 0.23.6 (SIMILARITY.md 4.6, 6). The
// host's one Python parser: the similarity metrics, the evaluation and the lint use it.
// The two .wasm files come from node_modules in development and from the copies that
// scripts/build-node.mjs puts in dist/wasm beside the bundles for the packaged app.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The CommonJS build, by `require`: the ES build locates itself through `import.meta.url`,
// which esbuild leaves empty in the CommonJS bundles of scripts/build-node.mjs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Language, Parser } = require('web-tree-sitter') as typeof import('web-tree-sitter');
type Language = import('web-tree-sitter').Language;
type Parser = import('web-tree-sitter').Parser;

export const RUNTIME_WASM = 'tree-sitter.wasm';
export const PYTHON_GRAMMAR_WASM = 'tree-sitter-python.wasm';

const PACKAGE_OF: Record<string, string> = {
  [RUNTIME_WASM]: 'web-tree-sitter',
  [PYTHON_GRAMMAR_WASM]: 'tree-sitter-python',
};

/** Where a wasm file is: dist/wasm beside the bundle first, else the installed package. */
export function locateWasm(file: string, here: string = moduleDir()): string {
  const bundled = join(here, '..', 'wasm', file);
  if (existsSync(bundled)) return bundled;
  const require = createRequire(join(here, 'noop.js'));
  try {
    return require.resolve(`${PACKAGE_OF[file]}/${file}`);
  } catch {
    throw new Error(
      `Cannot find ${file} (looked in ${dirname(bundled)} and in the ${PACKAGE_OF[file]} package); ` +
        'run `npm ci` or rebuild with `npm run build`.',
    );
  }
}

function moduleDir(): string {
  return typeof __dirname === 'string' ? __dirname : process.cwd();
}

let runtimeReady: Promise<void> | undefined;
let python: Promise<Language> | undefined;

function loadLanguage(): Promise<Language> {
  runtimeReady ??= readFile(locateWasm(RUNTIME_WASM)).then((wasmBinary) =>
    Parser.init({ wasmBinary }),
  );
  python ??= runtimeReady
    .then(() => readFile(locateWasm(PYTHON_GRAMMAR_WASM)))
    .then((bytes) => Language.load(bytes));
  // A failed load is not cached: the next call tries again.
  python.catch(() => {
    runtimeReady = undefined;
    python = undefined;
  });
  return python;
}

/**
 * A Python parser. The runtime and grammar are loaded once per process; each call gives a
 * new parser (cheap), which the caller may `delete()` when done.
 */
export async function loadPythonParser(): Promise<Parser> {
  const language = await loadLanguage();
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
