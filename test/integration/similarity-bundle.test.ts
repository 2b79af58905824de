// The similarity metrics from an esbuild bundle, as dist/cli/cli.js runs them: web-tree-sitter
// bundled as CommonJS, its runtime tree-sitter.wasm and the Python grammar found beside the
// bundle (dist/wasm, the packaged app) or else in node_modules (development).
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PYTHON_GRAMMAR_WASM,
  RUNTIME_WASM,
  locateWasm,
} from '../../electron/host/review/python-parser';
import { ROOT } from './runtime-helpers';

let dir: string;
let bundle: string;

// Same bundling as scripts/build-node.mjs, into a scratch folder under dist/.
beforeAll(async () => {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  dir = mkdtempSync(join(ROOT, 'dist', '.similarity-bundle-'));
  bundle = join(dir, 'bundle', 'probe.js');
  await build({
    stdin: {
      contents: `
        import { computeSimilarity } from './electron/common/review/similarity';
        import { loadPythonParser, locateWasm } from './electron/host/review/python-parser';
        loadPythonParser().then((parser) => {
          const scores = computeSimilarity('x = f(1)\\ny = x', 'x = f(2)\\ny = x', parser);
          console.log(JSON.stringify({
            scores,
            runtime: locateWasm('tree-sitter.wasm'),
            grammar: locateWasm('tree-sitter-python.wasm'),
          }));
        });`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'silent',
    outfile: bundle,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runBundle(): Promise<{
  scores: Record<string, number>;
  runtime: string;
  grammar: string;
}> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [bundle], { cwd: dir, timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    ),
  );
}

describe('similarity from a bundle', () => {
  it('loads the wasm files from node_modules when nothing is beside the bundle', async () => {
    const out = await runBundle();
    expect(out.runtime).toMatch(/node_modules[/\\]web-tree-sitter[/\\]tree-sitter\.wasm$/);
    expect(out.grammar).toMatch(
      /node_modules[/\\]tree-sitter-python[/\\]tree-sitter-python\.wasm$/,
    );
    expect(out.scores.syntax).toBe(1);
    expect(out.scores.rougeLsum).toBeGreaterThan(0.5);
    expect(out.scores.rougeLsum).toBeLessThan(1);
  });

  it('prefers the copies in wasm/ beside the bundle folder, as in the packaged app', async () => {
    mkdirSync(join(dir, 'wasm'));
    for (const file of [RUNTIME_WASM, PYTHON_GRAMMAR_WASM])
      copyFileSync(locateWasm(file), join(dir, 'wasm', file));
    const out = await runBundle();
    expect(out.runtime).toBe(join(dir, 'wasm', RUNTIME_WASM));
    expect(out.grammar).toBe(join(dir, 'wasm', PYTHON_GRAMMAR_WASM));
    expect(out.scores.syntax).toBe(1);
  });
});
