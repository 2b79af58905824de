// The reductions a physics contract applies to a measured series (a CSV column, a body's
// coordinate over time, numbers the script printed): ChronoBench v2's derive kinds
// (BENCHMARK.md 3.3) with their rules, and a few of TwinForge's own. Pure.

export interface Series {
  /** Sample times, s (ascending); for a series without times, the sample index. */
  t: readonly number[];
  v: readonly number[];
}

/** What a reduction may be told besides its kind. */
export interface ReduceOptions {
  /** The level of `period` crossings: a number, `mid` (halfway between min and max) or
   *  `mean`; ChronoBench's default is 0 (the equilibrium). */
  about?: number | 'mid' | 'mean';
}

export const SERIES_KINDS = [
  // ChronoBench v2
  'period',
  'max_abs',
  'max',
  'min',
  'range',
  'final',
  'mean',
  'drift_rel',
  'log_decrement',
  'max_speed',
  'count',
  'sum',
  // TwinForge
  'initial',
  'cv',
  'peak_decay',
  'slope',
] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];

export function isSeriesKind(kind: string): kind is SeriesKind {
  return (SERIES_KINDS as readonly string[]).includes(kind);
}

/** Keeps the samples with t_min ≤ t ≤ t_max. */
export function windowed(series: Series, tMin?: number | null, tMax?: number | null): Series {
  if (tMin == null && tMax == null) return series;
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < series.t.length; i++) {
    const ti = series.t[i];
    if ((tMin != null && ti < tMin) || (tMax != null && ti > tMax)) continue;
    t.push(ti);
    v.push(series.v[i]);
  }
  return { t, v };
}

/**
 * One number from a series, NaN when it cannot be told (too few samples, a NaN inside:
 * as numpy's reductions do, a NaN makes the result NaN, and an L3 check on NaN fails).
 */
export function reduceSeries(
  kind: SeriesKind,
  series: Series,
  options: ReduceOptions = {},
): number {
  const { t, v } = series;
  if (kind === 'count') return v.filter((x) => !Number.isNaN(x)).length;
  if (v.length === 0 || v.some((x) => Number.isNaN(x))) return NaN;
  switch (kind) {
    case 'max':
      return Math.max(...v);
    case 'min':
      return Math.min(...v);
    case 'max_abs':
      return Math.max(...v.map(Math.abs));
    case 'range':
      return Math.max(...v) - Math.min(...v);
    case 'final':
      return v[v.length - 1];
    case 'initial':
      return v[0];
    case 'mean':
      return mean(v);
    case 'sum':
      return v.reduce((a, b) => a + b, 0);
    case 'cv': {
      const m = mean(v);
      return Math.sqrt(mean(v.map((x) => (x - m) ** 2))) / Math.abs(m);
    }
    case 'drift_rel': {
      const x0 = v[0];
      const drift = Math.max(...v.map((x) => Math.abs(x - x0)));
      const scale = Math.abs(x0) > 1e-12 ? Math.abs(x0) : Math.max(...v.map(Math.abs));
      return scale > 0 ? drift / scale : 0;
    }
    case 'max_speed': {
      let best = NaN;
      for (let i = 1; i < v.length; i++) {
        const dt = t[i] - t[i - 1];
        if (dt <= 0) continue;
        const speed = Math.abs((v[i] - v[i - 1]) / dt);
        if (!(speed <= best)) best = speed;
      }
      return best;
    }
    case 'period':
      return period(t, v, level(v, options.about ?? 0));
    case 'log_decrement':
      return logDecrement(v);
    case 'peak_decay': {
      const peaks = localMaxima(v);
      if (peaks.length < 2) return NaN;
      const span = Math.max(...v) - Math.min(...v);
      return span > 0 ? (peaks[0] - peaks[peaks.length - 1]) / span : NaN;
    }
    case 'slope':
      return slope(t, v);
  }
}

function mean(v: readonly number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

function level(v: readonly number[], about: number | 'mid' | 'mean'): number {
  if (about === 'mid') return (Math.max(...v) + Math.min(...v)) / 2;
  if (about === 'mean') return mean(v);
  return about;
}

/** Upward crossings of `at`, each at its linearly interpolated time. */
export function upwardCrossings(t: readonly number[], v: readonly number[], at: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < v.length; i++) {
    if (v[i - 1] < at && v[i] >= at) {
      const f = (at - v[i - 1]) / (v[i] - v[i - 1]);
      out.push(t[i - 1] + f * (t[i] - t[i - 1]));
    }
  }
  return out;
}

/** The mean full period between upward crossings; NaN with fewer than two. */
function period(t: readonly number[], v: readonly number[], at: number): number {
  const c = upwardCrossings(t, v, at);
  return c.length >= 2 ? (c[c.length - 1] - c[0]) / (c.length - 1) : NaN;
}

/** Strict local maxima (a plateau counts once, at its first sample). */
function localMaxima(v: readonly number[]): number[] {
  const peaks: number[] = [];
  for (let i = 1; i < v.length - 1; i++) {
    if (v[i] > v[i - 1]) {
      let j = i;
      while (j + 1 < v.length && v[j + 1] === v[i]) j++;
      if (j + 1 < v.length && v[j + 1] < v[i]) peaks.push(v[i]);
      i = j;
    }
  }
  return peaks;
}

/** The damping ratio ζ from the first and last positive peaks (ChronoBench's rule). */
function logDecrement(v: readonly number[]): number {
  const peaks = localMaxima(v).filter((p) => p > 0);
  if (peaks.length < 2) return NaN;
  const delta = Math.log(peaks[0] / peaks[peaks.length - 1]) / (peaks.length - 1);
  return delta / Math.sqrt(4 * Math.PI ** 2 + delta ** 2);
}

/** Least-squares slope of v against t. */
function slope(t: readonly number[], v: readonly number[]): number {
  if (v.length < 2) return NaN;
  const mt = mean(t);
  const mv = mean(v);
  let num = 0;
  let den = 0;
  for (let i = 0; i < v.length; i++) {
    num += (t[i] - mt) * (v[i] - mv);
    den += (t[i] - mt) ** 2;
  }
  return den > 0 ? num / den : NaN;
}
