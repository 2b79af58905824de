// What is known of the selected body: name, identifier, shape kinds, and its position,
// orientation and velocity at the time cursor (read by direct subscription).
import { useEffect, useRef, useState } from 'react';
import type { SceneItem } from '../../../../electron/common/stream';
import { useViewerSession, useViewState } from './session-context';
import { useSourceLink } from './source-link';
import type { Pose } from './viewer-session';
import { shapeKinds } from './viewer-store';

/** Five significant digits, without trailing zeros. */
const fmt = (v: number) => (Math.abs(v) < 1e-9 ? '0' : String(Number(v.toPrecision(5))));
const vec = (v: readonly number[]) => v.map(fmt).join(', ');

export function poseLines(pose: Pose | null): [string, string][] {
  if (!pose) return [['Pose', 'not received yet']];
  return [
    ['Position', vec(pose.position)],
    ['Orientation (e0..e3)', vec(pose.rotation)],
    ['Velocity', vec(pose.velocity)],
    ['Speed', fmt(Math.hypot(...pose.velocity))],
  ];
}

function PoseReadout({ itemKey }: { itemKey: number }) {
  const viewerSession = useViewerSession();
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    let queued = 0;
    const draw = () => {
      queued = 0;
      const rows = poseLines(viewerSession.poseAt(itemKey));
      const el = body.current;
      if (!el) return;
      el.replaceChildren(
        ...rows.map(([label, value]) => {
          const tr = document.createElement('tr');
          const th = document.createElement('th');
          th.textContent = label;
          const td = document.createElement('td');
          td.textContent = value;
          tr.append(th, td);
          return tr;
        }),
      );
    };
    draw();
    const unsubscribe = viewerSession.cursor.subscribe(() => {
      if (!queued) queued = requestAnimationFrame(draw);
    });
    return () => {
      unsubscribe();
      if (queued) cancelAnimationFrame(queued);
    };
  }, [itemKey, viewerSession]);
  return <tbody ref={body} data-testid="info-pose" />;
}

/** Where the script made the item: a link to the line in the editor, when the view has one. */
function MadeAt({ item }: { item: SceneItem }) {
  const link = useSourceLink();
  const [stale, setStale] = useState<number | null>(null);
  useEffect(() => setStale(null), [item.key]);
  if (item.line == null) return null;
  const lines = [item.line, ...(item.addLine != null ? [item.addLine] : [])];
  return (
    <tr>
      <th>Made at</th>
      <td data-testid="info-made-at">
        {lines.map((line, i) => (
          <span key={line}>
            {i > 0 && ', added at '}
            {link ? (
              <button
                type="button"
                className="link-button"
                data-testid="info-line-link"
                onClick={() => setStale(link.reveal(line) ? null : line)}
              >
                line {line}
              </button>
            ) : (
              `line ${line}`
            )}
          </span>
        ))}
        {stale !== null && (
          <p className="viewer-muted" role="status" data-testid="info-line-stale">
            The script has changed since this run, so line {stale} may hold something else now. Run
            it again to link its items to their lines.
          </p>
        )}
      </td>
    </tr>
  );
}

export function InfoPanel() {
  const selection = useViewState((s) => s.selection);
  const items = useViewState((s) => s.items);
  const follow = useViewState((s) => s.follow);
  const setFollow = useViewState((s) => s.setFollow);
  const select = useViewState((s) => s.select);
  const key = selection[selection.length - 1];
  const item = key !== undefined ? items.get(key) : undefined;
  if (!item) return null;
  return (
    <aside className="viewer-info" data-testid="info-panel" aria-label="Selected body">
      <header>
        <strong data-testid="info-name">{item.name || `(unnamed ${item.kind})`}</strong>
        <button
          type="button"
          className="tool-button"
          aria-label="Clear selection"
          onClick={() => select(null)}
        >
          ×
        </button>
      </header>
      <table>
        <tbody>
          <tr>
            <th>Identifier</th>
            <td>{item.id}</td>
          </tr>
          <tr>
            <th>Kind</th>
            <td>
              {item.kind}
              {item.fixed ? ' (fixed)' : ''}
            </td>
          </tr>
          <tr>
            <th>Shapes</th>
            <td>{shapeKinds(item).join(', ') || 'none'}</td>
          </tr>
          <MadeAt item={item} />
        </tbody>
        <PoseReadout itemKey={item.key} />
      </table>
      <label className="viewer-check">
        <input
          type="checkbox"
          checked={follow}
          onChange={(e) => setFollow(e.currentTarget.checked)}
        />
        Follow with the camera
      </label>
      {selection.length > 1 && (
        <p className="viewer-muted">{selection.length} bodies selected (Shift+click)</p>
      )}
    </aside>
  );
}
