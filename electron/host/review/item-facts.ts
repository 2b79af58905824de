// What the review shows of each item of a run: a name to read it by, its mass, fixed flag,
// shapes and initial position. Scripts seldom call SetName, so an unnamed item is called
// by the variable its script line assigns (`pend_1 = chrono.ChBody()`) or adds
// (`sys.Add(pend_1)`), else by its kind and key. Labels are for reading only: the scene
// diff matches by the names Chrono holds.
import type { ItemFacts } from '../../common/contract/review';
import type { RunScene } from '../../common/review/scene-diff';
import type { Shape } from '../../common/stream';

const ASSIGNED = /^\s*([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)/;
const ADDED = /\.Add\w*\(\s*([A-Za-z_]\w*)\s*\)/;

function n(v: number | undefined): string {
  return v === undefined ? '?' : String(Number(v.toPrecision(4)));
}

/** A shape in a few words: "box 0.4×0.1×0.4", "cylinder r 0.2 h 2". */
export function shapeSummary(shape: Shape): string {
  switch (shape.type) {
    case 'box':
    case 'roundedbox':
      return `${shape.type} ${shape.lengths.map(n).join('×')}`;
    case 'sphere':
      return `sphere r ${n(shape.radius)}`;
    case 'ellipsoid':
      return `ellipsoid ${shape.semiaxes.map(n).join('×')}`;
    case 'cylinder':
    case 'capsule':
    case 'cone':
    case 'roundedcylinder':
      return `${shape.type} r ${n(shape.radius)} h ${n(shape.height)}`;
    case 'mesh':
      return `mesh ${shape.mesh.slice(0, 8)}`;
    case 'modelfile':
      return `model ${shape.file.split(/[\\/]/).pop() ?? shape.file}`;
    default:
      return shape.type;
  }
}

export function itemFacts(scene: RunScene, script: string): Record<number, ItemFacts> {
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
  const out: Record<number, ItemFacts> = {};
  for (const item of scene.items) {
    const label = labels.get(item.key) ?? '';
    const pose = scene.initialPoses.get(item.key);
    out[item.key] = {
      label: (counts.get(label) ?? 0) > 1 ? `${label} #${item.key}` : label,
      kind: item.kind,
      mass: item.mass ?? null,
      fixed: item.fixed,
      shapes: item.shapes.map(shapeSummary).join(', '),
      line: item.line ?? null,
      position: pose ? [pose.pos[0], pose.pos[1], pose.pos[2]] : null,
      linkType: item.linkType ?? null,
    };
  }
  return out;
}
