// Bundles the Node side (Electron main, preload, command line) with esbuild.
// Runs on `npm install` (prepare) so that `npx twinforge` works right away.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  // Optional native speed-ups of ws; it works without them.
  external: ['electron', 'bufferutil', 'utf-8-validate'],
};

const entries = [
  { in: 'electron/main/main.ts', out: 'dist/main/main.js' },
  { in: 'electron/preload/preload.ts', out: 'dist/preload/preload.js' },
  { in: 'electron/cli/cli.ts', out: 'dist/cli/cli.js' },
];

await Promise.all(
  entries
    .filter((e) => existsSync(resolve(root, e.in)))
    .map((e) => build({ ...common, entryPoints: [e.in], outfile: e.out })),
);
