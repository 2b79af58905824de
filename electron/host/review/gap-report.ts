// The trajectory gap as the report carries it: plain number arrays (JSON and IPC carry them
// as they are) with NaN, which JSON cannot hold, written as null.
import type { GapFigures, GapReport, ReviewItems } from '../../common/contract/review';
import type { ItemPair } from '../../common/review/scene-diff';
import type {
  BodyTrack,
  GapStats,
  TrackPair,
  TrajectoryGap,
} from '../../common/review/trajectory-gap';
import { trajectoryGap } from '../../common/review/trajectory-gap';

function finiteOrNull(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

function figures(stats: GapStats): GapFigures {
  return {
    max: finiteOrNull(stats.max),
    rms: finiteOrNull(stats.rms),
    final: finiteOrNull(stats.final),
  };
}

/** Samples (of all bodies together) the report carries; beyond, the series are thinned. */
export const MAX_REPORT_SAMPLES = 1_000_000;

/** Every `stride`-th value and the last one. */
function every<T>(values: ArrayLike<number>, stride: number, map: (v: number) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += stride) out.push(map(values[i]));
  if (stride > 1 && values.length > 0 && (values.length - 1) % stride !== 0) {
    out.push(map(values[values.length - 1]));
  }
  return out;
}

export function toGapReport(
  gap: TrajectoryGap,
  notes: string[] = [],
  maxSamples = MAX_REPORT_SAMPLES,
): GapReport {
  const total = gap.bodies.reduce((n, b) => n + b.times.length, 0);
  const stride = Math.max(1, Math.ceil(total / maxSamples));
  const same = (v: number) => v;
  return {
    bodies: gap.bodies.map((b) => ({
      name: b.name,
      twinKey: b.twinKey,
      referenceKey: b.referenceKey,
      grid: b.grid,
      times: every(b.times, stride, same),
      position: every(b.position, stride, finiteOrNull),
      angle: every(b.angle, stride, finiteOrNull),
      // The figures are of every sample, thinned or not.
      positionStats: figures(b.positionStats),
      angleStats: figures(b.angleStats),
    })),
    overall: gap.overall
      ? { position: figures(gap.overall.position), angle: figures(gap.overall.angle) }
      : null,
    skipped: gap.skipped.map((s) => ({ ...s })),
    notes:
      stride > 1
        ? [
            ...notes,
            `The series shown and exported keep every ${stride}th sample of ${total} (max, RMS and final use them all).`,
          ]
        : notes,
  };
}

/** The matched pairs of bodies (not meshes or other items) the gap follows. */
export function bodyPairs(pairs: readonly ItemPair[], items?: ReviewItems | null): TrackPair[] {
  return pairs
    .filter((p) => p.twin.kind === 'body' && p.reference.kind === 'body')
    .map((p) => {
      const twin = items?.twin[p.twin.key]?.label ?? p.twin.name;
      const reference = items?.reference[p.reference.key]?.label ?? p.reference.name;
      return {
        twin: p.twin.key,
        reference: p.reference.key,
        name:
          twin && reference && twin !== reference
            ? `${twin} / ${reference}`
            : twin || reference || `body ${p.twin.key}`,
      };
    });
}

/** The gap of the matched bodies, as the report carries it. */
export function gapOf(
  twin: readonly BodyTrack[],
  reference: readonly BodyTrack[],
  pairs: readonly ItemPair[],
  items?: ReviewItems | null,
  notes: string[] = [],
): GapReport {
  return toGapReport(trajectoryGap(twin, reference, bodyPairs(pairs, items)), notes);
}
