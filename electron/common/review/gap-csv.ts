// The trajectory gap of a review report as CSV (the same columns as `gapCsv`): the report
// carries plain arrays with null for NaN; the CSV writes NaN back, which pandas reads.
import type { GapReport } from '../contract/review';
import { gapCsv, type TrajectoryGap } from './trajectory-gap';

const toFloats = (values: readonly (number | null)[]) =>
  Float64Array.from(values, (v) => (v === null ? NaN : v));

export function gapReportCsv(gap: GapReport): string {
  const stats = { max: NaN, rms: NaN, final: NaN };
  const asGap: TrajectoryGap = {
    bodies: gap.bodies.map((b) => ({
      name: b.name,
      twinKey: b.twinKey,
      referenceKey: b.referenceKey,
      grid: b.grid,
      times: Float64Array.from(b.times),
      position: toFloats(b.position),
      angle: toFloats(b.angle),
      positionStats: stats,
      angleStats: stats,
    })),
    overall: null,
    skipped: [],
  };
  return gapCsv(asGap);
}
