// The trajectory gap drawn as a self-contained SVG (for the review report): one line per
// matched body over simulated time, axes with round ticks, a legend. Pure string building.
import type { GapReport } from '../contract/review';

export const GAP_PALETTE = [
  '#e06c75',
  '#61afef',
  '#98c379',
  '#e5c07b',
  '#c678dd',
  '#56b6c2',
  '#d19a66',
  '#be5046',
];

export interface GapSvgOptions {
  width?: number;
  height?: number;
  /** Which gap: position (m) or orientation angle (rad). */
  series?: 'position' | 'angle';
  /** Most bodies drawn (the largest gaps first); the rest are named as left out. */
  maxBodies?: number;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(4)));
}

/** Keeps at most `max` points per line (min and max of each bucket, so spikes stay). */
function thin(times: number[], values: (number | null)[], max: number): [number, number | null][] {
  const n = times.length;
  if (n <= max) return times.map((t, i) => [t, values[i]]);
  const out: [number, number | null][] = [];
  const per = Math.ceil((2 * n) / max);
  for (let start = 0; start < n; start += per) {
    let lo = -1;
    let hi = -1;
    for (let i = start; i < Math.min(n, start + per); i++) {
      const v = values[i];
      if (v === null) continue;
      if (lo < 0 || v < (values[lo] as number)) lo = i;
      if (hi < 0 || v > (values[hi] as number)) hi = i;
    }
    if (lo < 0) {
      out.push([times[start], null]);
      continue;
    }
    for (const i of lo <= hi ? [lo, hi] : [hi, lo]) out.push([times[i], values[i]]);
  }
  return out;
}

export function gapSvg(gap: GapReport, options: GapSvgOptions = {}): string {
  const width = options.width ?? 760;
  const height = options.height ?? 300;
  const which = options.series ?? 'position';
  const unit = which === 'position' ? 'm' : 'rad';
  const title = which === 'position' ? 'Position gap' : 'Orientation gap';
  const stat = (b: GapReport['bodies'][number]) =>
    (which === 'position' ? b.positionStats.max : b.angleStats.max) ?? Infinity;
  const bodies = [...gap.bodies]
    .sort((a, b) => stat(b) - stat(a))
    .slice(0, options.maxBodies ?? GAP_PALETTE.length);
  const left = 64;
  const right = 16;
  const top = 28;
  const legendRows = Math.ceil(bodies.length / 3);
  const bottom = 40 + 16 * legendRows;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  let tMin = Infinity;
  let tMax = -Infinity;
  let vMax = 0;
  for (const b of bodies) {
    const values = which === 'position' ? b.position : b.angle;
    if (b.times.length) {
      tMin = Math.min(tMin, b.times[0]);
      tMax = Math.max(tMax, b.times[b.times.length - 1]);
    }
    for (const v of values) if (v !== null && Number.isFinite(v)) vMax = Math.max(vMax, v);
  }
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" role="img" aria-label="${escapeXml(title)}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="16" font-size="13" font-weight="bold">${escapeXml(`${title} (${unit})`)}</text>`,
  ];
  if (bodies.length === 0 || !Number.isFinite(tMin)) {
    parts.push(
      `<text x="${left}" y="${top + plotH / 2}" fill="#666">No matched body has samples in both runs.</text>`,
      '</svg>',
    );
    return parts.join('');
  }
  if (!(tMax > tMin)) tMax = tMin + 1;
  const yTicks = niceTicks(0, vMax > 0 ? vMax : 1);
  const yTop = Math.max(yTicks[yTicks.length - 1], vMax > 0 ? vMax : 1);
  const x = (t: number) => left + ((t - tMin) / (tMax - tMin)) * plotW;
  const y = (v: number) => top + plotH - (v / yTop) * plotH;
  const f = (n: number) => n.toFixed(1);
  for (const v of yTicks) {
    parts.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#e3e6ea"/>`,
      `<text x="${left - 6}" y="${f(y(v) + 4)}" text-anchor="end" fill="#555">${tickLabel(v)}</text>`,
    );
  }
  for (const t of niceTicks(tMin, tMax, 6)) {
    parts.push(
      `<line x1="${f(x(t))}" x2="${f(x(t))}" y1="${top}" y2="${top + plotH}" stroke="#eef0f2"/>`,
      `<text x="${f(x(t))}" y="${top + plotH + 14}" text-anchor="middle" fill="#555">${tickLabel(t)}</text>`,
    );
  }
  parts.push(
    `<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#9aa3ad"/>`,
    `<text x="${left + plotW / 2}" y="${top + plotH + 28}" text-anchor="middle" fill="#333">simulated time (s)</text>`,
  );
  bodies.forEach((b, i) => {
    const color = GAP_PALETTE[i % GAP_PALETTE.length];
    const points = thin(b.times, which === 'position' ? b.position : b.angle, 2 * plotW);
    let d = '';
    let pen = false;
    for (const [t, v] of points) {
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${f(x(t))} ${f(y(v))}`;
      pen = true;
    }
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
    const lx = left + (i % 3) * (plotW / 3);
    const ly = top + plotH + 44 + 16 * Math.floor(i / 3);
    parts.push(
      `<line x1="${f(lx)}" x2="${f(lx + 18)}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${f(lx + 24)}" y="${ly}" fill="#333">${escapeXml(b.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
