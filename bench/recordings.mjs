// The recordings benchmark (`npm run bench:recordings`): bundles bench/recordings.ts as the
// CLI is bundled (CommonJS for Node) and runs it. Figures only, no assertions.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = resolve(root, 'dist/bench/recordings.js');

await build({
  entryPoints: [resolve(root, 'bench/recordings.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
});
const { status } = spawnSync(process.execPath, [outfile], { stdio: 'inherit' });
process.exit(status ?? 1);
