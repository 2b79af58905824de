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

function series(values: Float64Array): (number | null)[] {
  return Array.from(values, finiteOrNull);
}

export function toGapReport(gap: TrajectoryGap, notes: string[] = []): GapReport {
  return {
    bodies: gap.bodies.map((b) => ({
      name: b.name,
      twinKey: b.twinKey,
      referenceKey: b.referenceKey,
      grid: b.grid,
      times: Array.from(b.times),
      position: series(b.position),
      angle: series(b.angle),
      positionStats: figures(b.positionStats),
      angleStats: figures(b.angleStats),
    })),
    overall: gap.overall
      ? { position: figures(gap.overall.position), angle: figures(gap.overall.angle) }
      : null,
    skipped: gap.skipped.map((s) => ({ ...s })),
    notes,
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
