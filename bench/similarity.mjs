// The similarity benchmark (`npm run bench:similarity`): bundles bench/similarity.ts the way
// scripts/build-node.mjs bundles the CLI (CommonJS for Node, web-tree-sitter inside) and runs
// it, so the figures include loading the wasm files from a bundle. Figures only, no assertions.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = resolve(root, 'dist/bench/similarity.js');

await build({
  entryPoints: [resolve(root, 'bench/similarity.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
});
const { status } = spawnSync(process.execPath, [outfile], { stdio: 'inherit' });
process.exit(status ?? 1);
