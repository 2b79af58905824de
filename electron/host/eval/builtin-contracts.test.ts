// TwinForge's own contracts (resources/contracts): each reads, names a task of SimBench's
// set, and justifies every tolerance; and the pendulum's holds on an exact pendulum and
// fails a wrong one.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateContract, type ContractInputs } from '../../common/eval/contracts/evaluate';
import { parseContract } from '../../common/eval/contracts/schema';
import { pendulumAngle, recordMotion } from '../../common/eval/contracts/test-motion';
import { builtinContractsDir } from './task-set';

const dir = builtinContractsDir();
const tasks = readdirSync(dir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

describe('resources/contracts', () => {
  it('holds at least five contracts, each for a task of the shared set', () => {
    expect(tasks.length).toBeGreaterThanOrEqual(5);
    for (const task of tasks) {
      const text = readFileSync(join(dir, task, 'contract.json'), 'utf8');
      const contract = parseContract(text, `${task}/contract.json`);
      expect(contract.task).toBe(task);
      expect(contract.source).toMatch(/TwinForge's own/);
    }
  });

  it('gives a why for every tolerance, bound and range', () => {
    for (const task of tasks) {
      const contract = parseContract(readFileSync(join(dir, task, 'contract.json'), 'utf8'));
      for (const turn of contract.turns.values()) {
        for (const check of turn.checks) {
          expect([task, turn.turn, check.key, (check.why ?? '').length > 40]).toEqual([
            task,
            turn.turn,
            check.key,
            true,
          ]);
        }
        expect(turn.checks.length).toBeGreaterThan(0);
      }
    }
  });

  describe('pendulum, turn 1', () => {
    const turn = parseContract(
      readFileSync(join(dir, 'pendulum', 'contract.json'), 'utf8'),
    ).turns.get(1)!;
    const source =
      'j = chrono.ChLinkLockRevolute()\nsys.SetGravitationalAcceleration(g)\nb.SetMass(1)\nsys.DoStepDynamics(1e-3)';
    const run = { ok: true, status: 'limit', reason: 'limit', failure: null, simTime: 12 };

    /** A pendulum 1 m from its pivot with inertia `ipivot` about it, released horizontal,
     *  losing energy at `loss` per second (a damped one). */
    function swing(ipivot: number, g: number, loss = 0): ContractInputs {
      const omega2 = (1 * g * 1) / ipivot;
      const motion = pendulumAngle(Math.PI / 2, omega2, 12);
      const trajectory = recordMotion(
        [{ name: 'pend', mass: 1 }],
        (_, t) => {
          const theta = motion(t).theta * Math.exp(-loss * t);
          return { pos: [Math.sin(theta), -Math.cos(theta), 1], angle: theta, vel: [0, 0, 0] };
        },
        12,
        0.01,
        [0, -g, 0],
      );
      return { source, run, files: {}, stdout: '', trajectory };
    }

    it('passes SimBench’s reference pendulum, scoring 100', () => {
      const v = evaluateContract(turn, swing(2, 9.81));
      expect(v.L3.map((c) => [c.key, c.ok])).toEqual([
        ['radius_spread', true],
        ['period_ratio', true],
        ['height_loss', true],
      ]);
      expect(v.score).toBe(100);
    });

    it('fails a pendulum that swings faster than any rigid pendulum could (gravity four times too strong for the scene’s)', () => {
      // The motion of g = 39.24 while the scene says 9.81: the period is half what it must be.
      const inputs = swing(2, 4 * 9.81);
      inputs.trajectory!.gravity = [0, -9.81, 0];
      const v = evaluateContract(turn, inputs);
      expect(v.L3.find((c) => c.key === 'period_ratio')?.ok).toBe(false);
      expect(v.score).toBe(40);
    });

    it('fails a pendulum that loses its energy', () => {
      const v = evaluateContract(turn, swing(2, 9.81, 0.03));
      expect(v.L3.find((c) => c.key === 'height_loss')?.ok).toBe(false);
      expect(v.triage).toBe('invariant-fail');
    });
  });
});
