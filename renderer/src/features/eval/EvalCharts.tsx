// Bar charts of the leaderboard, one per figure, the models side by side: plain SVG (a
// handful of bars needs no plotting library), scaled to the figure's own range.
import type { LeaderboardRow } from '../../../../electron/common/eval/leaderboard';

interface Figure {
  title: string;
  value(row: LeaderboardRow): number | null;
  /** The top of the scale. */
  max: number;
  format(v: number): string;
}

const FIGURES: Figure[] = [
  { title: 'pass@1', value: (r) => r.pass1, max: 1, format: (v) => `${(100 * v).toFixed(0)}%` },
  { title: 'pass@k', value: (r) => r.passK, max: 1, format: (v) => `${(100 * v).toFixed(0)}%` },
  { title: 'CodeBLEU', value: (r) => r.codebleu, max: 1, format: (v) => v.toFixed(2) },
  { title: 'ROUGE-Lsum', value: (r) => r.rougeLsum, max: 1, format: (v) => v.toFixed(2) },
  { title: 'Judge', value: (r) => r.judge, max: 100, format: (v) => v.toFixed(0) },
  { title: 'Contract', value: (r) => r.contract, max: 100, format: (v) => v.toFixed(0) },
];

const BAR = 18;
const GAP = 6;
const LABEL = 130;
const WIDTH = 300;

function BarChart({ figure, rows }: { figure: Figure; rows: LeaderboardRow[] }) {
  const height = rows.length * (BAR + GAP) + GAP;
  return (
    <figure className="eval-chart" data-testid="eval-chart">
      <figcaption>{figure.title}</figcaption>
      <svg
        width={LABEL + WIDTH + 50}
        height={height}
        role="img"
        aria-label={`${figure.title} by model`}
      >
        {rows.map((r, i) => {
          const v = figure.value(r);
          const y = GAP + i * (BAR + GAP);
          const w = v === null ? 0 : Math.max(1, (Math.min(v, figure.max) / figure.max) * WIDTH);
          return (
            <g key={r.model}>
              <text x={LABEL - 6} y={y + BAR * 0.7} textAnchor="end" className="eval-chart-label">
                {r.model}
              </text>
              <rect x={LABEL} y={y} width={WIDTH} height={BAR} className="eval-chart-track" />
              <rect x={LABEL} y={y} width={w} height={BAR} className="eval-chart-bar" />
              <text x={LABEL + WIDTH + 6} y={y + BAR * 0.7} className="eval-chart-value">
                {v === null ? '–' : figure.format(v)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export function EvalCharts({ rows, attempts }: { rows: LeaderboardRow[]; attempts: number }) {
  if (rows.length === 0) return <p className="muted">No cells yet.</p>;
  // Without repairs pass@k is pass@1: one chart.
  const shown = FIGURES.filter(
    (f) => rows.some((r) => f.value(r) !== null) && (attempts > 1 || f.title !== 'pass@k'),
  );
  return (
    <div className="eval-charts">
      {shown.map((f) => (
        <BarChart key={f.title} figure={f} rows={rows} />
      ))}
    </div>
  );
}
