// The trajectory gap over simulated time (uPlot, as the Plots tab draws): one line per
// matched body, position or orientation, a cursor that follows the timelines (a click
// takes both runs to that time), max / RMS / final per body and overall, and CSV export.
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { GapFigures, GapReport } from '../../../../electron/common/contract/review';
import { gapReportCsv } from '../../../../electron/common/review/gap-csv';
import { GAP_PALETTE } from '../../../../electron/common/review/gap-svg';
import { downloadBlob, timestamp } from '../viewer/files';
import type { ViewerSession } from '../viewer/viewer-session';
import { formatNumber } from './SceneDiffTable';
import { seekBoth } from './view-links';

const AXIS: uPlot.Axis = {
  stroke: '#8a9099',
  grid: { stroke: 'rgba(138, 144, 153, 0.25)', width: 1 },
  ticks: { stroke: 'rgba(138, 144, 153, 0.4)', width: 1 },
};

type Which = 'position' | 'angle';

/** The bodies' series on one time axis (the union of their grids; gaps where absent). */
export function alignGap(gap: GapReport, which: Which): uPlot.AlignedData {
  const times = [...new Set(gap.bodies.flatMap((b) => b.times))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const columns = gap.bodies.map((b) => {
    const column: (number | null)[] = new Array(times.length).fill(null);
    const values = which === 'position' ? b.position : b.angle;
    b.times.forEach((t, i) => (column[index.get(t) as number] = values[i]));
    return column;
  });
  return [times, ...columns] as uPlot.AlignedData;
}

function Figures({ f }: { f: GapFigures | undefined }) {
  return (
    <>
      <td className="num">{formatNumber(f?.max)}</td>
      <td className="num">{formatNumber(f?.rms)}</td>
      <td className="num">{formatNumber(f?.final)}</td>
    </>
  );
}

export interface GapPlotProps {
  gap: GapReport;
  /** The sessions whose cursor the plot follows and moves (twin first). */
  sessions: readonly ViewerSession[];
}

export function GapPlot({ gap, sessions }: GapPlotProps) {
  const box = useRef<HTMLDivElement>(null);
  const [which, setWhich] = useState<Which>('position');
  const data = useMemo(() => alignGap(gap, which), [gap, which]);
  const unit = which === 'position' ? 'm' : 'rad';

  useEffect(() => {
    const el = box.current;
    if (!el || gap.bodies.length === 0) return;
    const size = () => ({
      width: Math.max(240, el.clientWidth),
      height: Math.max(140, el.clientHeight - 64),
    });
    let placeCursor = () => {};
    const u = new uPlot(
      {
        ...size(),
        title: which === 'position' ? 'Position gap (m)' : 'Orientation gap (rad)',
        series: [
          { label: 't (s)' },
          ...gap.bodies.map((b, i) => ({
            label: `${b.name} (${unit})`,
            stroke: GAP_PALETTE[i % GAP_PALETTE.length],
            width: 1.5,
            spanGaps: false,
            points: { show: false },
          })),
        ],
        scales: { x: { time: false } },
        axes: [AXIS, AXIS],
        hooks: { draw: [() => placeCursor()] },
        legend: { live: true },
        cursor: { drag: { x: true, y: false } },
      },
      data,
      el,
    );
    const line = document.createElement('div');
    line.className = 'plots-cursor';
    line.style.height = '100%';
    u.over.appendChild(line);
    const lead = sessions[0];
    placeCursor = () => {
      const x = u.valToPos(lead.cursor.getState().time, 'x');
      line.style.display =
        Number.isFinite(x) && x >= 0 && x <= u.over.clientWidth ? 'block' : 'none';
      line.style.left = `${x}px`;
    };
    placeCursor();
    const off = lead.cursor.subscribe(placeCursor);
    const resize = new ResizeObserver(() => u.setSize(size()));
    resize.observe(el);
    let down = 0;
    const onDown = (e: MouseEvent) => (down = e.clientX);
    const onUp = (e: MouseEvent) => {
      if (Math.abs(e.clientX - down) < 4) seekBoth(sessions, u.posToVal(e.offsetX, 'x'));
    };
    u.over.addEventListener('mousedown', onDown);
    u.over.addEventListener('mouseup', onUp);
    return () => {
      off();
      resize.disconnect();
      u.destroy();
    };
  }, [gap, data, which, unit, sessions]);

  const exportCsv = () =>
    downloadBlob(
      new Blob([gapReportCsv(gap)], { type: 'text/csv' }),
      `twinforge-review-gap-${timestamp()}.csv`,
    );

  return (
    <div className="review-gap" data-testid="review-gap">
      <div className="review-toolbar">
        <button
          type="button"
          className={`tool-button${which === 'position' ? ' on' : ''}`}
          aria-pressed={which === 'position'}
          onClick={() => setWhich('position')}
        >
          Position
        </button>
        <button
          type="button"
          className={`tool-button${which === 'angle' ? ' on' : ''}`}
          aria-pressed={which === 'angle'}
          onClick={() => setWhich('angle')}
        >
          Orientation
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="tool-button"
          onClick={exportCsv}
          data-testid="review-gap-csv"
        >
          Export CSV
        </button>
      </div>
      {gap.notes.map((n) => (
        <p key={n} className="review-note">
          {n}
        </p>
      ))}
      {gap.bodies.length === 0 ? (
        <p className="viewer-muted">No matched body has samples in both runs.</p>
      ) : (
        <div className="review-gap-body">
          <div className="review-gap-chart" ref={box} data-testid="review-gap-chart" />
          <table className="review-table" data-testid="review-gap-table">
            <thead>
              <tr>
                <th rowSpan={2}>Body</th>
                <th colSpan={3}>Position gap (m)</th>
                <th colSpan={3}>Angle gap (rad)</th>
              </tr>
              <tr>
                <th>max</th>
                <th>RMS</th>
                <th>final</th>
                <th>max</th>
                <th>RMS</th>
                <th>final</th>
              </tr>
            </thead>
            <tbody>
              {gap.bodies.map((b, i) => (
                <tr key={`${b.twinKey}-${b.referenceKey}`}>
                  <td>
                    <span
                      className="review-swatch"
                      style={{ background: GAP_PALETTE[i % GAP_PALETTE.length] }}
                    />
                    {b.name}
                  </td>
                  <Figures f={b.positionStats} />
                  <Figures f={b.angleStats} />
                </tr>
              ))}
              {gap.overall && (
                <tr className="review-total">
                  <td>overall</td>
                  <Figures f={gap.overall.position} />
                  <Figures f={gap.overall.angle} />
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {gap.skipped.length > 0 && (
        <p className="viewer-muted">
          Not compared: {gap.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}.
        </p>
      )}
    </div>
  );
}
