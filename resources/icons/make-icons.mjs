// Draws TwinForge's icon (a double pendulum on a blue tile) into PNGs of every size the
// packagers use. Run: node resources/icons/make-icons.mjs. No image library: a tiny
// rasteriser with 4x4 supersampling and a PNG writer on zlib.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];
const here = dirname(fileURLToPath(import.meta.url));

// Shapes in unit coordinates (0..1, y down), drawn in order; colours are RGB 0..255.
const PIVOT = [0.5, 0.24];
const ELBOW = [0.3, 0.52];
const BOB = [0.64, 0.76];

function capsule(p, a, b, r) {
  const [px, py] = [p[0] - a[0], p[1] - a[1]];
  const [bx, by] = [b[0] - a[0], b[1] - a[1]];
  const h = Math.max(0, Math.min(1, (px * bx + py * by) / (bx * bx + by * by)));
  return Math.hypot(px - bx * h, py - by * h) - r;
}
const circle = (p, c, r) => Math.hypot(p[0] - c[0], p[1] - c[1]) - r;
function roundedSquare(p, margin, radius) {
  const qx = Math.abs(p[0] - 0.5) - (0.5 - margin - radius);
  const qy = Math.abs(p[1] - 0.5) - (0.5 - margin - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

const layers = [
  {
    inside: (p) => roundedSquare(p, 0.04, 0.19),
    color: (p) => mix([40, 92, 140], [22, 44, 74], p[1]),
  },
  {
    inside: (p) => capsule(p, [0.36, PIVOT[1]], [0.64, PIVOT[1]], 0.022),
    color: () => [200, 214, 228],
  },
  { inside: (p) => capsule(p, PIVOT, ELBOW, 0.03), color: () => [236, 240, 244] },
  { inside: (p) => capsule(p, ELBOW, BOB, 0.03), color: () => [236, 240, 244] },
  { inside: (p) => circle(p, PIVOT, 0.045), color: () => [200, 214, 228] },
  { inside: (p) => circle(p, ELBOW, 0.06), color: () => [246, 166, 35] },
  { inside: (p) => circle(p, BOB, 0.1), color: () => [246, 166, 35] },
];

function mix(a, b, t) {
  return a.map((v, i) => v + (b[i] - v) * t);
}

function draw(size) {
  const rgba = new Uint8Array(size * size * 4);
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const p = [(x + (sx + 0.5) / n) / size, (y + (sy + 0.5) / n) / size];
          let color = null;
          for (const layer of layers) if (layer.inside(p) <= 0) color = layer.color(p);
          if (color) {
            r += color[0];
            g += color[1];
            b += color[2];
            a += 1;
          }
        }
      }
      const o = (y * size + x) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
      }
      rgba[o + 3] = Math.round((255 * a) / (n * n));
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // no filter
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of SIZES) {
  writeFileSync(join(here, `${size}x${size}.png`), encodePng(size, draw(size)));
}
console.log(`wrote ${SIZES.map((s) => `${s}x${s}.png`).join(', ')}`);
