import { describe, expect, it } from 'vitest';
import { evaluateContract, lastJsonLine, type ContractInputs } from './evaluate';
import { parseContract } from './schema';
import { pendulumAngle, pendulumPeriod, recordMotion } from './test-motion';

// A ChronoBench v2 contract in its own form: one turn at the top level.
const CHRONOBENCH = JSON.stringify({
  task: 'pendulum',
  turn: 1,
  run: {
    entry: 'truth1.py',
    timeout: 120,
    expect_csv: 'out.csv',
    expect_json_keys: ['period_est'],
  },
  L2_caps: { revolute_joint: 'Revolute', step_loop: 'DoStepDynamics', absent: 'ChLinkTSDA' },
  derive: [{ name: 'period', kind: 'period', csv: 'out.csv', column: 'theta', time_column: 't' }],
  L3: [{ kind: 'rel_tol', key: 'period', target: 2.0061, tol: 0.1, desc: 'small-angle period' }],
});

function csv(period: number): string {
  let text = 't,theta\n';
  for (let i = 0; i <= 1000; i++) {
    const t = i * 0.01;
    text += `${t},${0.1 * Math.sin((2 * Math.PI * t) / period)}\n`;
  }
  return text;
}

const passedRun = {
  ok: true,
  status: 'limit',
  reason: 'Reached the simulated-time limit',
  failure: null,
  simTime: 10,
};

function inputs(over: Partial<ContractInputs> = {}): ContractInputs {
  return {
    source: 'j = chrono.ChLinkLockRevolute()\nsys.DoStepDynamics(1e-3)\n',
    run: passedRun,
    files: { 'out.csv': csv(2.0) },
    stdout: 'starting\n{"period_est": 1.0}\n{"period_est": 2.0}\n{not json\n',
    trajectory: null,
    ...over,
  };
}

const turn1 = () => parseContract(CHRONOBENCH).turns.get(1)!;

describe('evaluateContract (ChronoBench semantics)', () => {
  it('scores a correct candidate 100·(0.3 + 0.2·l2 + 0.5) with the derived period from its CSV', () => {
    const v = evaluateContract(turn1(), inputs());
    expect(v.L1).toEqual({ ok: true, triage: null, detail: null });
    expect(v.L2).toEqual([
      { name: 'revolute_joint', ok: true },
      { name: 'step_loop', ok: true },
      { name: 'absent', ok: false },
    ]);
    expect(v.derived.period).toBeCloseTo(2.0, 6);
    expect(v.triage).toBe('pass');
    expect(v.score).toBe(Math.round(1000 * (0.3 + (0.2 * 2) / 3 + 0.5)) / 10);
  });

  it('caps a run with wrong physics at 40, whatever it claims in its JSON line', () => {
    const v = evaluateContract(turn1(), inputs({ files: { 'out.csv': csv(2.5) } }));
    expect(v.L3[0].ok).toBe(false);
    expect(v.L3[0].detail).toMatch(/period = 2\.5, target 2\.0061/);
    expect(v.triage).toBe('invariant-fail');
    expect(v.score).toBe(40);
  });

  it('scores 0 when L1 fails: an exception, no CSV, no JSON line', () => {
    const error = evaluateContract(
      turn1(),
      inputs({ run: { ...passedRun, ok: false, status: 'error', failure: 'NameError: x' } }),
    );
    expect([error.triage, error.score, error.L1.detail]).toEqual([
      'run:exception',
      0,
      'NameError: x',
    ]);
    expect(evaluateContract(turn1(), inputs({ files: { 'out.csv': null } })).triage).toBe(
      'missing-output:csv',
    );
    const noJson = evaluateContract(turn1(), inputs({ stdout: 'period 2.0\n' }));
    expect([noJson.triage, noJson.L1.detail]).toEqual([
      'missing-output:json',
      'the run printed no JSON line',
    ]);
  });

  it('takes the last JSON line of stdout', () => {
    expect(lastJsonLine('{"a": 1}\nx\n{"a": 2, "b": [1]}\n{oops\n')).toEqual({ a: 2, b: [1] });
    expect(lastJsonLine('[1, 2]\n')).toBeNull();
  });

  it('lets later turn scoring override the contract’s and fails unknown kinds', () => {
    const c = parseContract(
      JSON.stringify({
        scoring: { weights: { L1: 0.5, L2: 0, L3: 0.5 }, invariant_fail_cap: 10 },
        turns: [
          {
            turn: 2,
            scoring: { invariant_fail_cap: 25 },
            derive: [{ name: 'n', kind: 'count', csv: 'out.csv', column: 'theta' }],
            L3: [
              { kind: 'min', key: 'n', bound: 1000 },
              { kind: 'median', key: 'n', target: 1 },
            ],
          },
        ],
      }),
    ).turns.get(2)!;
    const v = evaluateContract(c, inputs());
    expect(v.L3.map((r) => r.ok)).toEqual([true, false]);
    expect(v.L3[1].detail).toBe('unknown check kind median');
    expect(v.score).toBe(25);
  });
});

describe('evaluateContract (TwinForge observables)', () => {
  // SimBench's reference pendulum: centre of mass 1 m from the pivot, inertia 1 kg·m²
  // about it (2 about the pivot), released horizontal.
  const omega2 = (1 * 9.81 * 1) / 2;
  const swing = pendulumAngle(Math.PI / 2, omega2, 12);
  const trajectory = recordMotion(
    [{ name: '', mass: 1 }],
    (_, t) => {
      const { theta, omega } = swing(t);
      return {
        pos: [Math.sin(theta), 1 - Math.cos(theta) - 1, 1],
        angle: theta - Math.PI / 2,
        vel: [Math.cos(theta) * omega, Math.sin(theta) * omega, 0],
      };
    },
    12,
  );

  const contract = parseContract(
    JSON.stringify({
      turns: [
        {
          turn: 1,
          derive: [
            { name: 'g', kind: 'gravity', source: 'run' },
            { name: 'radius', kind: 'circle_radius', body: { pick: 'first-moving' } },
            { name: 'spread', kind: 'circle_spread', body: {} },
            { name: 'period', kind: 'period', signal: 'principal', about: 'mid', body: {} },
            { name: 'ratio', kind: 'expr', expr: 'period / (2*pi*sqrt(radius/g))' },
            { name: 'loss', kind: 'peak_decay', signal: 'height', body: {}, t_max: 8 },
            { name: 'mass', kind: 'mass', body: { pick: 'heaviest' } },
            { name: 'moving', kind: 'moving_bodies' },
            { name: 'ticks', kind: 'count', source: 'stdout', pattern: 'E = (\\S+)' },
            { name: 'energy_drift', kind: 'drift_rel', source: 'stdout', pattern: 'E = (\\S+)' },
          ],
          L3: [
            { kind: 'max', key: 'spread', bound: 0.01 },
            { kind: 'range', key: 'ratio', lo: 0.98, hi: 3 },
            { kind: 'max', key: 'loss', bound: 0.05 },
            { kind: 'abs_tol', key: 'mass', target: 'expected_mass', tol: 1e-9 },
          ],
          params: { expected_mass: 1 },
        },
      ],
    }),
  ).turns.get(1)!;

  it('measures an exact pendulum: radius, period against the simple pendulum, no energy lost', () => {
    const v = evaluateContract(
      contract,
      inputs({ trajectory, stdout: 'E = 10.0\nE = 10.1\nE = 9.9\n' }),
    );
    expect(v.derived.g).toBeCloseTo(9.81, 12);
    expect(v.derived.radius).toBeCloseTo(1, 6);
    expect(v.derived.period).toBeCloseTo(pendulumPeriod(Math.PI / 2, omega2), 2);
    // √2 from the inertia (2 about the pivot against m·d² = 1), 1.18 from the amplitude.
    expect(v.derived.ratio).toBeCloseTo(Math.SQRT2 * 1.18034, 2);
    expect(v.derived.loss).toBeLessThan(1e-3);
    expect(v.derived).toMatchObject({ mass: 1, moving: 1, ticks: 3 });
    expect(v.derived.energy_drift).toBeCloseTo(0.01, 12);
    expect(v.L3.every((c) => c.ok)).toBe(true);
  });

  it('fails, with the reason, what cannot be measured', () => {
    const v = evaluateContract(contract, inputs({ trajectory: null }));
    expect(v.derived.radius).toBeNull();
    expect(v.notes.radius).toBe('the run’s motion was not recorded');
    expect(v.notes.ratio).toMatch(/not measurable|uses/);
    expect(v.L3.filter((c) => !c.ok).map((c) => c.key)).toEqual([
      'spread',
      'ratio',
      'loss',
      'mass',
    ]);
    expect(v.score).toBe(40);
  });
});

describe('parseContract', () => {
  it('names what is wrong with a file', () => {
    expect(() => parseContract('{', 'x/contract.json')).toThrow(/x\/contract.json is not JSON/);
    expect(() => parseContract('{"task": "a"}')).toThrow(/names no turn/);
    expect(() => parseContract('{"turns": [{"turn": 7}]}')).toThrow(/turns.0.turn/);
    expect(() => parseContract('{"turns": [{"turn": 1}, {"turn": 1}]}')).toThrow(/turn 1 twice/);
  });
});

describe('needsTrajectory', () => {
  it('tells when the host must record the run’s motion or scene', async () => {
    const { needsTrajectory } = await import('./schema');
    const turn = (derive: unknown[]) =>
      parseContract(JSON.stringify({ turn: 1, derive })).turns.get(1)!;
    expect(
      needsTrajectory(turn([{ name: 'p', kind: 'period', csv: 'out.csv', column: 'x' }])),
    ).toBe(false);
    expect(needsTrajectory(turn([{ name: 'h', kind: 'final', signal: 'height' }]))).toBe(true);
    expect(needsTrajectory(turn([{ name: 'g', kind: 'gravity' }]))).toBe(true);
    expect(needsTrajectory(turn([{ name: 'e', kind: 'end_time' }]))).toBe(false);
  });
});
