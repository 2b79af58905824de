// The 3D view benchmark: a real SceneRenderer in Chromium, fed synthetic streams of 1 000,
// 10 000 and 100 000 moving bodies (four distinct shapes, so four instanced draw calls).
// Prints, per size, the time to apply a frame and render it (median and 95th percentile,
// GPU work included: each frame waits for the GPU), draw calls, triangles and JS heap.
// Figures only, no assertions. `npm run bench:viewer` builds first.
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(root, 'dist/bench');
const SIZES = [
  [1_000, 120],
  [10_000, 60],
  [100_000, 20],
];

mkdirSync(outDir, { recursive: true });
await build({
  entryPoints: [resolve(root, 'renderer/src/scene/bench-page.ts')],
  outfile: resolve(outDir, 'viewer-page.js'),
  bundle: true,
  format: 'iife',
  target: 'es2022',
  logLevel: 'warning',
});
writeFileSync(
  resolve(outDir, 'viewer.html'),
  '<!doctype html><meta charset="utf-8"><title>TwinForge viewer bench</title>' +
    '<body style="margin:0"><div id="view" style="width:1280px;height:720px"></div>' +
    '<script src="viewer-page.js"></script></body>',
);

// No GPU in CI machines: ANGLE's SwiftShader backend gives WebGL in software.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    '--enable-precise-memory-info',
  ],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const rows = [];
let webgl = '';
try {
  for (const [bodies, frames] of SIZES) {
    // A fresh page per size, so one size's garbage does not weigh on the next.
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    page.on('crash', () => console.error(`the page crashed at ${bodies} bodies`));
    await page.goto(pathToFileURL(resolve(outDir, 'viewer.html')).href);
    process.stderr.write(`${bodies} bodies, ${frames} frames… `);
    let r;
    try {
      r = await page.evaluate(([n, f]) => globalThis.twinforgeBench.run(n, f), [bodies, frames]);
    } catch (error) {
      console.error(`failed: ${error.message.split('\n')[0]}`);
      rows.push({ bodies: bodies.toLocaleString('en-US'), frames, 'median ms': 'failed' });
      continue;
    }
    process.stderr.write('done\n');
    webgl = r.webgl;
    rows.push({
      bodies: r.bodies.toLocaleString('en-US'),
      frames: r.frames,
      'median ms': median(r.frameMs).toFixed(1),
      'p95 ms': p95(r.frameMs).toFixed(1),
      fps: (1000 / median(r.frameMs)).toFixed(1),
      'draw calls': r.drawCalls,
      triangles: r.triangles.toLocaleString('en-US'),
      'JS heap MiB': r.heapMiB === null ? 'n/a' : r.heapMiB.toFixed(0),
    });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`WebGL renderer: ${webgl}`);
if (/swiftshader|llvmpipe|software/i.test(webgl)) {
  console.log('No GPU: these figures are software-rendered (SwiftShader) and far below a GPU.');
}
console.log('Frame = apply the poses of every body + render + wait for the GPU, 1280x720.');
console.table(rows);
