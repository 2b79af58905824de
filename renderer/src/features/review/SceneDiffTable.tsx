// The scene diff as tables: bodies and other items (matched pairs with the rule that
// matched them, then those only one side has), links by type, and the two systems. A
// click on a row selects its items in both views.
import type {
  ItemFacts,
  ReviewItems,
  ReviewReport,
} from '../../../../electron/common/contract/review';
import type { DiffValue, ItemPair, SceneDiff } from '../../../../electron/common/review/scene-diff';
import type { SceneSystem } from '../../../../electron/common/stream';

const RULES: Record<ItemPair['rule'], string> = {
  name: 'name',
  'kind-order': 'shape kind and order',
  nearest: 'nearest start',
};

export function formatNumber(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e6 ? v.toExponential(2) : String(Number(v.toPrecision(digits)));
}

function formatValue(v: DiffValue | undefined): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return `(${v.map((x) => formatNumber(x)).join(', ')})`;
  return typeof v === 'number' ? formatNumber(v) : String(v);
}

function both(a: string, b: string): string {
  return a === b ? a : `${a} / ${b}`;
}

function Who({ facts, itemKey }: { facts: ItemFacts | undefined; itemKey: number }) {
  return (
    <span title={facts?.line ? `made on line ${facts.line}` : undefined}>
      {facts?.label ?? `#${itemKey}`}
      {facts?.line ? <span className="viewer-muted"> l.{facts.line}</span> : null}
    </span>
  );
}

interface Selection {
  twin: number | null;
  reference: number | null;
}

export interface SceneDiffTableProps {
  scene: SceneDiff;
  items: ReviewItems | null;
  systems: ReviewReport['systems'];
  selected: Selection;
  onSelect(selection: Selection): void;
}

const SYSTEM_ROWS: { key: keyof SceneSystem; label: string; unit: string }[] = [
  { key: 'gravity', label: 'Gravity', unit: 'm/s²' },
  { key: 'timestep', label: 'Time step', unit: 's' },
  { key: 'solver', label: 'Solver', unit: '' },
  { key: 'timestepper', label: 'Time stepper', unit: '' },
  { key: 'contactMethod', label: 'Contact method', unit: '' },
];

export function SceneDiffTable({ scene, items, systems, selected, onSelect }: SceneDiffTableProps) {
  const twinFacts = (key: number) => items?.twin[key];
  const refFacts = (key: number) => items?.reference[key];
  const differing = new Set(scene.system.map((d) => d.field));
  const rowProps = (twin: number | null, reference: number | null) => ({
    className: selected.twin === twin && selected.reference === reference ? 'selected' : undefined,
    onClick: () => onSelect({ twin, reference }),
    tabIndex: 0,
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onSelect({ twin, reference });
      }
    },
  });
  return (
    <div className="review-scene" data-testid="review-scene">
      <p className="viewer-muted">
        {scene.pairs.length} matched · {scene.unmatched.twin.length} only in the twin ·{' '}
        {scene.unmatched.reference.length} only in the reference. Click a row to select its bodies
        in both views.
      </p>
      <table className="review-table" data-testid="review-scene-items">
        <thead>
          <tr>
            <th>Twin</th>
            <th>Reference</th>
            <th>Matched by</th>
            <th>Shapes</th>
            <th>Mass (kg)</th>
            <th>Fixed</th>
            <th>Start (m)</th>
            <th>Differences</th>
          </tr>
        </thead>
        <tbody>
          {scene.pairs.map((p) => {
            const t = twinFacts(p.twin.key);
            const r = refFacts(p.reference.key);
            return (
              <tr
                key={`p${p.twin.key}-${p.reference.key}`}
                {...rowProps(p.twin.key, p.reference.key)}
              >
                <td>
                  <Who facts={t} itemKey={p.twin.key} />
                </td>
                <td>
                  <Who facts={r} itemKey={p.reference.key} />
                </td>
                <td>{RULES[p.rule]}</td>
                <td>{both(t?.shapes || p.twin.shapeKind, r?.shapes || p.reference.shapeKind)}</td>
                <td className="num">{both(formatNumber(t?.mass), formatNumber(r?.mass))}</td>
                <td>{both(t?.fixed ? 'yes' : 'no', r?.fixed ? 'yes' : 'no')}</td>
                <td className="num">
                  {p.distance === null ? '—' : `${formatNumber(p.distance)} apart`}
                </td>
                <td className={p.differences.length ? 'bad' : 'ok'}>
                  {p.differences.length === 0
                    ? 'same'
                    : p.differences.map((d, i) => (
                        <div key={i}>
                          {d.what}: {formatValue(d.twin)} vs {formatValue(d.reference)}
                          {d.unit ? ` ${d.unit}` : ''}
                        </div>
                      ))}
                </td>
              </tr>
            );
          })}
          {scene.unmatched.twin.map((it) => (
            <tr key={`t${it.key}`} {...rowProps(it.key, null)}>
              <td>
                <Who facts={twinFacts(it.key)} itemKey={it.key} />
              </td>
              <td className="bad">—</td>
              <td>only in the twin</td>
              <td>{twinFacts(it.key)?.shapes || it.shapeKind}</td>
              <td className="num">{formatNumber(twinFacts(it.key)?.mass)}</td>
              <td>{twinFacts(it.key)?.fixed ? 'yes' : 'no'}</td>
              <td className="num">{formatValue(twinFacts(it.key)?.position ?? null)}</td>
              <td />
            </tr>
          ))}
          {scene.unmatched.reference.map((it) => (
            <tr key={`r${it.key}`} {...rowProps(null, it.key)}>
              <td className="bad">—</td>
              <td>
                <Who facts={refFacts(it.key)} itemKey={it.key} />
              </td>
              <td>only in the reference</td>
              <td>{refFacts(it.key)?.shapes || it.shapeKind}</td>
              <td className="num">{formatNumber(refFacts(it.key)?.mass)}</td>
              <td>{refFacts(it.key)?.fixed ? 'yes' : 'no'}</td>
              <td className="num">{formatValue(refFacts(it.key)?.position ?? null)}</td>
              <td />
            </tr>
          ))}
        </tbody>
      </table>
      <div className="review-scene-side">
        <table className="review-table" data-testid="review-scene-links">
          <thead>
            <tr>
              <th>Links by type</th>
              <th>Twin</th>
              <th>Reference</th>
            </tr>
          </thead>
          <tbody>
            {scene.links.counts.length === 0 && (
              <tr>
                <td colSpan={3} className="viewer-muted">
                  No links on either side
                </td>
              </tr>
            )}
            {scene.links.counts.map((c) => (
              <tr key={c.linkType} className={c.twin !== c.reference ? 'bad' : undefined}>
                <td>{c.linkType}</td>
                <td className="num">{c.twin}</td>
                <td className="num">{c.reference}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="review-table" data-testid="review-scene-system">
          <thead>
            <tr>
              <th>System</th>
              <th>Twin</th>
              <th>Reference</th>
            </tr>
          </thead>
          <tbody>
            {SYSTEM_ROWS.map(({ key, label, unit }) => {
              const field = key === 'contactMethod' ? 'contact-method' : key;
              return (
                <tr key={key} className={differing.has(field) ? 'bad' : undefined}>
                  <td>
                    {label}
                    {unit ? ` (${unit})` : ''}
                  </td>
                  <td>{formatValue(systems?.twin?.[key] ?? null)}</td>
                  <td>{formatValue(systems?.reference?.[key] ?? null)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
