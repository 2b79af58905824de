// How the evaluation panel writes its figures: rates as percentages, means with three
// decimals, a dash for what does not exist (never 0 for a missing value).
import type { ContractVerdict } from '../../../../electron/common/eval/contracts/evaluate';

export const DASH = '–';

export function pct(v: number | null | undefined): string {
  return v == null ? DASH : `${(100 * v).toFixed(1)}%`;
}

export function mean3(v: number | null | undefined): string {
  return v == null ? DASH : v.toFixed(3);
}

export function score1(v: number | null | undefined): string {
  return v == null ? DASH : v.toFixed(1);
}

/** The contract's three levels as badges: passed, failed, or not reached (L1 failed). */
export function contractBadges(
  v: ContractVerdict | null,
): { level: 'L1' | 'L2' | 'L3'; state: 'ok' | 'fail' | 'none'; title: string }[] {
  if (!v) return [];
  const l3 = v.L1.ok ? (v.L3.every((c) => c.ok) ? 'ok' : 'fail') : 'none';
  return [
    {
      level: 'L1',
      state: v.L1.ok ? 'ok' : 'fail',
      title: v.L1.ok ? 'runs and writes its outputs' : `L1: ${v.triage}`,
    },
    {
      level: 'L2',
      state: v.l2 === 1 ? 'ok' : 'fail',
      title: `capabilities: ${v.L2.filter((c) => c.ok).length} of ${v.L2.length}`,
    },
    {
      level: 'L3',
      state: l3,
      title: v.L1.ok
        ? `checks: ${v.L3.filter((c) => c.ok).length} of ${v.L3.length} pass`
        : 'not measured: the run failed',
    },
  ];
}
