// Names to show for a run's items. Scripts seldom call SetName, so an unnamed item is shown
// by the variable its script line assigns (`pend_1 = chrono.ChBody()`) or adds
// (`sys.Add(pend_1)`), else by its kind and key. Labels are for reading only: the scene
// diff matches by the names Chrono holds.
import type { RunScene } from '../../common/review/scene-diff';

const ASSIGNED = /^\s*([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)/;
const ADDED = /\.Add\w*\(\s*([A-Za-z_]\w*)\s*\)/;

export function itemLabels(scene: RunScene, script: string): Record<number, string> {
  const lines = script.split(/\r\n|\r|\n/);
  const at = (line: number | null | undefined) =>
    line !== null && line !== undefined ? (lines[line - 1] ?? '') : '';
  const labels = new Map<number, string>();
  const counts = new Map<string, number>();
  for (const item of scene.items) {
    const label =
      item.name ||
      ASSIGNED.exec(at(item.line))?.[1] ||
      ADDED.exec(at(item.addLine ?? item.line))?.[1] ||
      `${item.kind} ${item.key}`;
    labels.set(item.key, label);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const out: Record<number, string> = {};
  for (const [key, label] of labels) {
    out[key] = (counts.get(label) ?? 0) > 1 ? `${label} #${key}` : label;
  }
  return out;
}
