// Grades one candidate against one turn of a physics contract, with judge_v2's semantics
// (BENCHMARK.md 3.3): L2 patterns searched in the raw source, L1 the run and its outputs
// (the last JSON line of stdout wins), derived observables computed here from what the run
// wrote or did (never taken from the candidate's own claims), L3 checks on them, and the
// score 100·(w1 + w2·l2 + w3·l3), 0 when L1 fails and capped when any L3 check fails. Pure:
// the host hands over the files' text, the output and the trajectory.
import { parseCsv, csvColumn } from './csv';
import { evaluateFormula } from './expr';
import { deriveSource, type CheckSpec, type DeriveSpec, type TurnContract } from './schema';
import { isSeriesKind, reduceSeries, windowed, type Series } from './series';
import {
  circleFit,
  isMoving,
  lineFit,
  nameRegex,
  selectBody,
  signalSeries,
  SIGNALS,
  trackPositions,
  type Signal,
  type Trajectory,
} from './trajectory';

export interface ContractInputs {
  /** The candidate's code, as it ran. */
  source: string;
  run: {
    /** Whether the run passed (it ran to its limit or its end, with a non-empty scene). */
    ok: boolean;
    status: string;
    reason: string;
    /** The failure told to the model, when the run failed. */
    failure: string | null;
    simTime: number;
  };
  /** Text of the files the contract reads (null: the run did not write it). */
  files: Readonly<Record<string, string | null>>;
  stdout: string;
  /** Null when the run's motion was not recorded. */
  trajectory: Trajectory | null;
}

export interface CheckResult {
  key: string;
  kind: string;
  ok: boolean;
  detail: string;
  desc: string | null;
}

export interface ContractVerdict {
  turn: number;
  L1: { ok: boolean; triage: string | null; detail: string | null };
  L2: { name: string; ok: boolean }[];
  /** Every derived value (null: it could not be measured, see `notes`). */
  derived: Record<string, number | null>;
  notes: Record<string, string>;
  L3: CheckResult[];
  /** Fractions of caps matched and checks passed (1 for an empty list). */
  l2: number;
  l3: number;
  /** `pass`, `invariant-fail`, or the L1 failure (`run:exception`, `missing-output:csv`…). */
  triage: string;
  score: number;
}

/** The last stdout line that starts with `{` and parses as a JSON object. */
export function lastJsonLine(stdout: string): Record<string, unknown> | null {
  let last: Record<string, unknown> | null = null;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        last = value as Record<string, unknown>;
      }
    } catch {
      // not JSON: an ordinary print that happens to start with a brace
    }
  }
  return last;
}

function capMatches(pattern: string, source: string): boolean {
  try {
    return nameRegex(pattern).test(source);
  } catch {
    return false;
  }
}

export function evaluateContract(turn: TurnContract, inputs: ContractInputs): ContractVerdict {
  const L2 = Object.entries(turn.caps).map(([name, pattern]) => ({
    name,
    ok: capMatches(pattern, inputs.source),
  }));
  const l2 = L2.length ? L2.filter((c) => c.ok).length / L2.length : 1;
  const json = lastJsonLine(inputs.stdout);
  const L1 = gate(turn, inputs, json);
  const verdict: ContractVerdict = {
    turn: turn.turn,
    L1,
    L2,
    derived: {},
    notes: {},
    L3: [],
    l2,
    l3: 0,
    triage: L1.triage ?? 'pass',
    score: 0,
  };
  if (!L1.ok) return verdict;

  // Values the checks and formulas read: numeric params, the JSON line's numbers, then
  // each derived value in order (a later one may use an earlier one).
  const values: Record<string, number> = {};
  for (const [k, v] of Object.entries(turn.params)) if (typeof v === 'number') values[k] = v;
  for (const [k, v] of Object.entries(json ?? {})) if (typeof v === 'number') values[k] = v;
  for (const spec of turn.derive) {
    let value: number;
    try {
      value = derive(spec, inputs, turn, values);
    } catch (err) {
      value = NaN;
      verdict.notes[spec.name] = (err as Error).message;
    }
    values[spec.name] = value;
    verdict.derived[spec.name] = Number.isFinite(value) ? value : null;
    if (!Number.isFinite(value) && !verdict.notes[spec.name]) {
      verdict.notes[spec.name] = 'not measurable from this run';
    }
  }

  verdict.L3 = turn.checks.map((check) => runCheck(check, values, turn.params));
  const passed = verdict.L3.filter((c) => c.ok).length;
  verdict.l3 = verdict.L3.length ? passed / verdict.L3.length : 1;
  const { weights, invariantFailCap } = turn.scoring;
  let raw = 100 * (weights.L1 + weights.L2 * l2 + weights.L3 * verdict.l3);
  const allPass = passed === verdict.L3.length;
  if (!allPass) raw = Math.min(raw, invariantFailCap);
  verdict.score = Math.round(raw * 10) / 10;
  verdict.triage = allPass ? 'pass' : 'invariant-fail';
  return verdict;
}

function gate(
  turn: TurnContract,
  inputs: ContractInputs,
  json: Record<string, unknown> | null,
): ContractVerdict['L1'] {
  const { run } = inputs;
  if (!run.ok) {
    const triage =
      run.status === 'no-code'
        ? 'no-code'
        : run.status === 'crashed'
          ? 'run:crash'
          : run.status === 'error'
            ? 'run:exception'
            : run.status === 'limit' && /wall/i.test(run.reason)
              ? 'run:timeout'
              : 'run:no-scene';
    return { ok: false, triage, detail: (run.failure ?? run.reason).slice(-400) };
  }
  const csv = turn.run.expectCsv;
  if (csv && inputs.files[csv] == null) {
    return { ok: false, triage: 'missing-output:csv', detail: `the run wrote no ${csv}` };
  }
  const keys = turn.run.expectJsonKeys;
  if (keys.length > 0) {
    const missing = json ? keys.filter((k) => !(k in json)) : keys;
    if (missing.length > 0) {
      return {
        ok: false,
        triage: 'missing-output:json',
        detail: json
          ? `the last JSON line lacks ${missing.join(', ')}`
          : 'the run printed no JSON line',
      };
    }
  }
  return { ok: true, triage: null, detail: null };
}

function derive(
  spec: DeriveSpec,
  inputs: ContractInputs,
  turn: TurnContract,
  values: Record<string, number>,
): number {
  const source = deriveSource(spec);
  switch (source) {
    case 'expr':
      if (!spec.expr) throw new Error('an expr needs its "expr" formula');
      return evaluateFormula(spec.expr, values);
    case 'run':
      return runValue(spec.kind, inputs);
    case 'csv': {
      const file = spec.csv ?? turn.run.expectCsv;
      if (!file) throw new Error('no CSV named (csv, or run.expect_csv)');
      const text = inputs.files[file];
      if (text == null) throw new Error(`the run wrote no ${file}`);
      const table = parseCsv(text);
      if (!spec.column) throw new Error('a CSV observable needs its column');
      const v = csvColumn(table, spec.column);
      if (!v) throw new Error(`${file} has no column ${spec.column}`);
      const t = spec.time_column ? csvColumn(table, spec.time_column) : null;
      if (spec.time_column && !t) throw new Error(`${file} has no column ${spec.time_column}`);
      return reduce(spec, { t: t ?? v.map((_, i) => i), v });
    }
    case 'stdout': {
      if (!spec.pattern) throw new Error('a stdout observable needs its pattern');
      const re = new RegExp(
        spec.pattern.startsWith('(?i)') ? spec.pattern.slice(4) : spec.pattern,
        spec.pattern.startsWith('(?i)') ? 'gim' : 'gm',
      );
      const v = [...inputs.stdout.matchAll(re)].map((m) => Number(m[1] ?? m[0]));
      return reduce(spec, { t: v.map((_, i) => i), v });
    }
    case 'trajectory':
      return trajectoryValue(spec, inputs.trajectory);
  }
}

function reduce(spec: DeriveSpec, series: Series): number {
  if (!isSeriesKind(spec.kind)) throw new Error(`unknown kind ${spec.kind}`);
  return reduceSeries(spec.kind, windowed(series, spec.t_min, spec.t_max), { about: spec.about });
}

function runValue(kind: string, inputs: ContractInputs): number {
  switch (kind) {
    case 'gravity': {
      const g = inputs.trajectory?.gravity;
      if (!g) throw new Error('the run did not report its gravity');
      return Math.hypot(...g);
    }
    case 'end_time':
      if (inputs.run.status !== 'finished') {
        throw new Error('the script did not end by itself (it ran until the limit)');
      }
      return inputs.run.simTime;
    case 'sim_time':
      return inputs.run.simTime;
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

function trajectoryValue(spec: DeriveSpec, trajectory: Trajectory | null): number {
  if (!trajectory) throw new Error('the run’s motion was not recorded');
  if (spec.kind === 'moving_bodies') return trajectory.tracks.filter(isMoving).length;
  const chosen = selectBody(trajectory, spec.body);
  if (!chosen.track) throw new Error(chosen.reason);
  const track = chosen.track;
  const inWindow = (t: number) =>
    (spec.t_min == null || t >= spec.t_min) && (spec.t_max == null || t <= spec.t_max);
  const points = trackPositions(track).filter((_, i) => inWindow(track.t[i]));
  switch (spec.kind) {
    case 'mass':
      if (track.body.mass == null) throw new Error('the body’s mass was not reported');
      return track.body.mass;
    case 'circle_radius':
      return circleFit(points).radius;
    case 'circle_spread':
      return circleFit(points).spread;
    case 'line_deviation': {
      const fit = lineFit(points);
      return fit.along > 0 ? fit.deviation / fit.along : NaN;
    }
    case 'path_length': {
      let length = 0;
      for (let i = 1; i < points.length; i++) {
        const [a, b] = [points[i - 1], points[i]];
        length += Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
      }
      return length;
    }
  }
  const signal = (spec.signal ?? 'x') as Signal;
  if (!(SIGNALS as readonly string[]).includes(signal)) throw new Error(`unknown signal ${signal}`);
  return reduce(spec, signalSeries(trajectory, track, signal, { point: spec.point }));
}

function resolveNumber(
  value: number | string | undefined,
  values: Record<string, number>,
  params: Record<string, unknown>,
): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  const own = (o: object) => Object.prototype.hasOwnProperty.call(o, value);
  if (own(params) && typeof params[value] === 'number') return params[value] as number;
  return own(values) ? values[value] : null;
}

function runCheck(
  check: CheckSpec,
  values: Record<string, number>,
  params: Record<string, unknown>,
): CheckResult {
  const base = { key: check.key, kind: check.kind, desc: check.desc ?? null };
  const x = Object.prototype.hasOwnProperty.call(values, check.key) ? values[check.key] : undefined;
  if (x === undefined) return { ...base, ok: false, detail: `${check.key} is missing` };
  if (!Number.isFinite(x)) return { ...base, ok: false, detail: `${check.key} is not a number` };
  const num = (v: number | string | undefined) => resolveNumber(v, values, params);
  const fmt = (v: number) => Number(v.toPrecision(6)).toString();
  switch (check.kind) {
    case 'rel_tol':
    case 'abs_tol': {
      const target = num(check.target);
      if (target === null || check.tol === undefined) {
        return { ...base, ok: false, detail: `${check.kind} needs a target and a tol` };
      }
      const off =
        check.kind === 'rel_tol' ? Math.abs(x - target) / Math.abs(target) : Math.abs(x - target);
      return {
        ...base,
        ok: off <= check.tol,
        detail: `${check.key} = ${fmt(x)}, target ${fmt(target)}, ${check.kind === 'rel_tol' ? 'relative ' : ''}error ${fmt(off)} (tolerance ${fmt(check.tol)})`,
      };
    }
    case 'max':
    case 'min': {
      const bound = num(check.bound);
      if (bound === null) return { ...base, ok: false, detail: `${check.kind} needs a bound` };
      const ok = check.kind === 'max' ? x <= bound : x >= bound;
      return {
        ...base,
        ok,
        detail: `${check.key} = ${fmt(x)} ${check.kind === 'max' ? '≤' : '≥'} ${fmt(bound)}`,
      };
    }
    case 'range': {
      const lo = num(check.lo);
      const hi = num(check.hi);
      if (lo === null || hi === null)
        return { ...base, ok: false, detail: 'range needs lo and hi' };
      return {
        ...base,
        ok: x >= lo && x <= hi,
        detail: `${check.key} = ${fmt(x)} in [${fmt(lo)}, ${fmt(hi)}]`,
      };
    }
    default:
      return { ...base, ok: false, detail: `unknown check kind ${check.kind}` };
  }
}
