// The runtime stream reader under load: what a large message costs the host and how long
// another client (a second window, a serve connection) waits meanwhile. Bundles the
// protocol code (electron/common) with esbuild and feeds it in-process, in 64 KiB chunks
// as a pipe delivers them (one chunk per event-loop turn) and whole. Figures only.
// `npm run bench:stream`.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = resolve(root, 'dist/bench/stream.mjs');
mkdirSync(dirname(outfile), { recursive: true });
await build({
  stdin: {
    contents: ['stream', 'stream-reader', 'stream-schema']
      .map((m) => `export * from './electron/common/${m}';`)
      .join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const s = await import(pathToFileURL(outfile).href);

const CHUNK = 64 * 1024;
const look = {
  frame: { pos: [0, 0, 0], rot: [1, 0, 0, 0] },
  color: [0.6, 0.5, 0.4],
  opacity: 1,
  texture: null,
};

/** Feeds `bytes` to a fresh parser, one chunk per event-loop turn (as a pipe does), while a
 *  1 ms timer stands for another client: returns the parse time and its longest wait. */
async function feed(bytes, chunk, version) {
  const parser = new s.StreamParser({ version });
  let longest = 0;
  let last = performance.now();
  const other = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 20));
  const started = performance.now();
  let messages = 0;
  for (let at = 0; at < bytes.byteLength; at += chunk) {
    messages += parser.push(bytes.subarray(at, at + chunk)).length;
    await new Promise((r) => setImmediate(r));
  }
  const seconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 5));
  clearInterval(other);
  return { seconds, wait: longest, messages };
}

/** The terrain's scene message; `fields` add the heights' form of a format. */
function terrainScene(fields) {
  return {
    type: 'scene',
    full: true,
    upAxis: 'Z',
    camera: null,
    remove: [],
    meshes: {},
    add: [
      {
        key: 1,
        id: 1,
        name: 'SCM terrain',
        kind: 'other',
        fixed: false,
        clones: 0,
        shapes: [
          {
            ...look,
            type: 'heightfield',
            nx,
            ny,
            dx: 0.01,
            dy: 0.01,
            origin: [-10, -10, 0],
            ...fields,
          },
        ],
      },
    ],
  };
}

// A 20 x 13 m SCM patch at 1 cm: 2001 x 1334 cells with rutted, irregular heights.
const nx = 2001;
const ny = 1334; // format 1 makes this a 32 MB JSON scene
const heights = new Float32Array(nx * ny);
for (let k = 0; k < heights.length; k++)
  heights[k] = -0.05 * Math.abs(Math.sin(k * 0.37)) + 1e-4 * (k % 97);

// Format 1: the heights as JSON numbers inside the scene message.
const v1 = terrainScene({ heights: Array.from(heights, (h) => Number(h.toPrecision(7))) });
const v1Bytes = s.encodeJsonMessage(v1);
// Format 2: a small scene message, then the heights as a float32 GRID extra in a frame.
const v2 = terrainScene({ flatHeight: null });
const grid = s.encodeFrame({
  simTime: 0,
  flags: s.FRAME_DISPLAY | s.FRAME_SAMPLE | s.FRAME_F64,
  keys: Uint32Array.of(1),
  poses: Float64Array.of(0, 0, 0, 1, 0, 0, 0, 0, 0, 0),
  extras: [{ key: 256, kind: s.EXTRA_GRID, data: heights }],
});
const v2Bytes = new Uint8Array([...s.encodeJsonMessage(v2), ...s.frameMessage(s.KIND_FRAME, grid)]);

const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
console.log(
  `Stream reader: an SCM terrain of ${nx} x ${ny} cells; the time to read it, and the longest`,
);
console.log('time another client waits meanwhile (a 1 ms timer on the same event loop).\n');
const rows = [
  ['format 1: heights in the JSON scene', v1Bytes, 1],
  ['format 2: JSON scene + float32 GRID frame', v2Bytes, 2],
];
console.log(
  `${'message'.padEnd(44)}${'size'.padStart(10)}${'chunks'.padStart(12)}${'read'.padStart(10)}${'other waits'.padStart(14)}`,
);
for (const [name, bytes, version] of rows) {
  for (const [label, chunk] of [
    ['64 KiB', CHUNK],
    ['whole', bytes.byteLength],
  ]) {
    const r = await feed(bytes, chunk, version);
    console.log(
      `${name.padEnd(44)}${mb(bytes.byteLength).padStart(10)}${label.padStart(12)}` +
        `${(r.seconds.toFixed(3) + ' s').padStart(10)}${(r.wait.toFixed(0) + ' ms').padStart(14)}`,
    );
  }
}

// Checking scene messages: what the validator costs per item.
console.log('\nChecking a scene message (electron/common/stream-schema.ts) against parsing it:');
for (const n of [1_000, 10_000, 100_000]) {
  const scene = {
    type: 'scene',
    full: true,
    upAxis: 'Y',
    camera: null,
    remove: [],
    meshes: {},
    add: Array.from({ length: n }, (_, k) => ({
      key: k + 1,
      id: k + 1,
      name: `box ${k}`,
      kind: 'body',
      fixed: false,
      clones: 0,
      shapes: [{ ...look, type: 'box', lengths: [0.5, 0.5, 0.5] }],
    })),
  };
  const text = JSON.stringify(scene);
  const t0 = performance.now();
  const value = JSON.parse(text);
  const t1 = performance.now();
  s.validateJsonMessage(value);
  const t2 = performance.now();
  console.log(
    `  ${String(n).padStart(7)} bodies, ${mb(text.length).padStart(8)}: JSON.parse ${(t1 - t0).toFixed(1)} ms, ` +
      `validation ${(t2 - t1).toFixed(1)} ms (${(((t2 - t1) * 1000) / n).toFixed(2)} µs per body)`,
  );
}
