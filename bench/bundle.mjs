// Bundles a TypeScript benchmark the way scripts/build-node.mjs bundles the CLI (CommonJS for
// Node, web-tree-sitter inside), so its figures include loading from a bundle like the app.
// `node bench/bundle.mjs NAME [args...]` bundles bench/NAME.ts and runs it with the args.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles bench/NAME.ts; resolves with the bundle's path. */
export async function bundleBench(name) {
  const outfile = resolve(root, `dist/bench/${name}.js`);
  await build({
    entryPoints: [resolve(root, `bench/${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [name, ...args] = process.argv.slice(2);
  if (!name) throw new Error('usage: node bench/bundle.mjs NAME [args...]');
  const outfile = await bundleBench(name);
  const { status } = spawnSync(process.execPath, [outfile, ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(status ?? 1);
}
