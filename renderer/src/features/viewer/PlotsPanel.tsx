// The Plots tab: position and velocity components of the selected bodies over the run's
// sampled frames (uPlot: thousands of points, drag to zoom, wheel to zoom, Shift+wheel to
// pan, double-click to reset), a cursor linked to the timeline (click a plot to seek),
// several bodies at once, and CSV export.
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { downloadBlob, timestamp } from './files';
import { buildPlotData, toCsv, type PlotData } from './plot-data';
import { useTimeline, useViewerSession, useViewState } from './session-context';
import './viewer.css';

const PALETTE = ['#e06c75', '#61afef', '#98c379', '#e5c07b', '#c678dd', '#56b6c2', '#d19a66'];
const DASH: number[][] = [[], [8, 4], [2, 3]];
/** Neutral greys that read on the light and the dark theme. */
const AXIS: uPlot.Axis = {
  stroke: '#8a9099',
  grid: { stroke: 'rgba(138, 144, 153, 0.25)', width: 1 },
  ticks: { stroke: 'rgba(138, 144, 153, 0.4)', width: 1 },
};

function chartSeries(data: PlotData, offset: number, unit: string): uPlot.Series[] {
  const series: uPlot.Series[] = [{ label: 't (s)' }];
  data.bodies.forEach((b, i) => {
    ['x', 'y', 'z'].forEach((axis, c) => {
      series.push({
        label: `${b.label} ${offset ? 'v' : ''}${axis}${unit}`,
        stroke: PALETTE[i % PALETTE.length],
        dash: DASH[c],
        width: 1.5,
        spanGaps: false,
        points: { show: false },
      });
    });
  });
  return series;
}

function alignedData(data: PlotData, offset: number): uPlot.AlignedData {
  const columns: (number | null)[][] = [];
  for (const b of data.bodies) for (let c = 0; c < 3; c++) columns.push(b.values[offset + c]);
  return [data.time, ...columns] as uPlot.AlignedData;
}

/** Wheel zooms the time axis around the pointer; Shift+wheel pans it. */
function wheelPlugin(): uPlot.Plugin {
  return {
    hooks: {
      ready: (u) => {
        u.over.addEventListener(
          'wheel',
          (e) => {
            e.preventDefault();
            const { min, max } = u.scales.x;
            if (min === undefined || max === undefined) return;
            const range = max - min;
            if (e.shiftKey) {
              const shift = (range * Math.sign(e.deltaY || e.deltaX)) / 10;
              u.setScale('x', { min: min + shift, max: max + shift });
              return;
            }
            const at = u.posToVal(e.offsetX, 'x');
            const factor = e.deltaY < 0 ? 0.8 : 1.25;
            u.setScale('x', { min: at - (at - min) * factor, max: at + (max - at) * factor });
          },
          { passive: false },
        );
      },
    },
  };
}

function Chart({
  data,
  offset,
  title,
  unit,
}: {
  data: PlotData;
  offset: 0 | 3;
  title: string;
  unit: string;
}) {
  const viewerSession = useViewerSession();
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = data.bodies.map((b) => b.key).join(',');

  // (Re)build when the set of bodies changes; new frames only update the data.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let placeCursor = () => {};
    const size = () => ({
      width: Math.max(200, el.clientWidth),
      height: Math.max(120, el.clientHeight - 30),
    });
    const u = new uPlot(
      {
        ...size(),
        title,
        series: chartSeries(data, offset, unit),
        scales: { x: { time: false } },
        axes: [AXIS, AXIS],
        // uPlot sets its scales after construction: place the cursor on every draw.
        hooks: { draw: [() => placeCursor()] },
        legend: { live: true },
        cursor: { drag: { x: true, y: false } },
        plugins: [wheelPlugin()],
      },
      alignedData(data, offset),
      el,
    );
    plot.current = u;
    const line = document.createElement('div');
    line.className = 'plots-cursor';
    line.style.height = '100%';
    u.over.appendChild(line);
    placeCursor = () => {
      const x = u.valToPos(viewerSession.cursor.getState().time, 'x');
      line.style.display =
        Number.isFinite(x) && x >= 0 && x <= u.over.clientWidth ? 'block' : 'none';
      line.style.left = `${x}px`;
    };
    placeCursor();
    const unsubscribe = viewerSession.cursor.subscribe(placeCursor);
    const resize = new ResizeObserver(() => u.setSize(size()));
    resize.observe(el);
    // A click (not a drag-zoom) moves the timeline to that time.
    let down = 0;
    const onDown = (e: MouseEvent) => (down = e.clientX);
    const onUp = (e: MouseEvent) => {
      if (Math.abs(e.clientX - down) < 4) viewerSession.seekTime(u.posToVal(e.offsetX, 'x'));
    };
    u.over.addEventListener('mousedown', onDown);
    u.over.addEventListener('mouseup', onUp);
    return () => {
      unsubscribe();
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rebuilt only when the bodies change
  }, [shape, offset, title, unit, viewerSession]);

  useEffect(() => {
    plot.current?.setData(alignedData(data, offset), true);
  }, [data, offset]);

  return (
    <div
      className="plots-chart"
      ref={box}
      data-testid={`plot-${offset ? 'velocity' : 'position'}`}
    />
  );
}

export function PlotsPanel() {
  const viewerSession = useViewerSession();
  const selection = useViewState((s) => s.selection);
  const items = useViewState((s) => s.items);
  const frameCount = useTimeline((s) => s.frameCount);
  const dropped = useTimeline((s) => s.dropped);
  const [error, setError] = useState<string | null>(null);

  const bodies = useMemo(
    () =>
      selection
        .map((key) => items.get(key))
        .filter((item) => item !== undefined)
        .map((item) => ({ key: item.key, label: item.name || `#${item.id}` })),
    [selection, items],
  );
  // frameCount and dropped change when the store does: rebuild the numbers then.
  const data = useMemo(
    () => buildPlotData(viewerSession.frames.frames, bodies),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [bodies, frameCount, dropped, viewerSession],
  );

  if (bodies.length === 0) {
    return (
      <div className="plots-panel" data-testid="plots-panel">
        <p className="plots-empty">
          Click a body in the 3D view to plot its position and velocity (Shift+click adds more).
        </p>
      </div>
    );
  }
  const exportCsv = () => {
    try {
      downloadBlob(
        new Blob([toCsv(data)], { type: 'text/csv' }),
        `twinforge-plots-${timestamp()}.csv`,
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="plots-panel" data-testid="plots-panel">
      <div className="plots-toolbar">
        <span data-testid="plots-bodies">{bodies.map((b) => b.label).join(', ')}</span>
        <span className="viewer-muted">{data.time.length} samples</span>
        <button
          type="button"
          className="tool-button"
          onClick={exportCsv}
          data-testid="plots-export"
        >
          Export CSV
        </button>
        {error && <span className="viewer-thinned">{error}</span>}
      </div>
      <div className="plots-charts">
        <Chart data={data} offset={0} title="Position" unit=" (m)" />
        <Chart data={data} offset={3} title="Velocity" unit=" (m/s)" />
      </div>
    </div>
  );
}
