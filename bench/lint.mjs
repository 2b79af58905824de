// `npm run bench:lint`: bundles bench/lint-bench.ts for Node and runs it. Figures only.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, 'dist/bench/lint-bench.cjs');
mkdirSync(dirname(out), { recursive: true });
await build({
  entryPoints: [resolve(root, 'bench/lint-bench.ts')],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  external: ['web-tree-sitter'],
});
execFileSync(process.execPath, [out], { cwd: root, stdio: 'inherit' });
