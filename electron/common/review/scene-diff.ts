// The scene diff of a review: which item of the twin is which item of the reference, and
// how each matched pair differs (shapes, mass, initial pose, fixed flag), how their links
// and their systems differ. Pure; the host feeds it the two runs' scene messages and first
// frames.
import type {
  ItemKind,
  SceneItem,
  SceneMessage,
  SceneSystem,
  Shape,
  ShapeFrame,
  ShapeType,
} from '../stream';
import { rotationAngle } from './rotation';

/** One run's scene as the review compares it. */
export interface RunScene {
  /** Every item the run built since its last full scene, in the order they appeared. */
  items: SceneItem[];
  /** The latest system block, or null (older recordings have none). */
  system: SceneSystem | null;
  /** World pose (visual-model frame) of each item in the first frame that holds it. */
  initialPoses: ReadonlyMap<number, ShapeFrame>;
}

/** What `accumulateScene` reads of a frame (a stream `Frame` fits, float32 or float64). */
export interface PosedFrame {
  keys: ArrayLike<number>;
  /** POSE_STRIDE numbers per key, starting x y z qw qx qy qz. */
  poses: ArrayLike<number>;
}

const POSE_STRIDE = 10;

/**
 * Builds a run's scene from its scene messages (the full one, then diffs) and its frames
 * (only the first pose of each item is kept). Items removed during the run stay: the diff
 * is about what each script built. A later full scene starts over.
 */
export function accumulateScene(
  messages: Iterable<SceneMessage>,
  frames: Iterable<PosedFrame> = [],
): RunScene {
  const items = new Map<number, SceneItem>();
  let system: SceneSystem | null = null;
  for (const message of messages) {
    if (message.full) items.clear();
    for (const item of message.add) {
      items.delete(item.key); // a re-added key moves to the end, as it appeared again
      items.set(item.key, item);
    }
    if (message.system) system = message.system;
  }
  const initialPoses = new Map<number, ShapeFrame>();
  for (const frame of frames) {
    for (let i = 0; i < frame.keys.length; i++) {
      const key = frame.keys[i];
      if (initialPoses.has(key)) continue;
      const o = i * POSE_STRIDE;
      const p = frame.poses;
      initialPoses.set(key, {
        pos: [p[o], p[o + 1], p[o + 2]],
        rot: [p[o + 3], p[o + 4], p[o + 5], p[o + 6]],
      });
    }
  }
  return { items: [...items.values()], system, initialPoses };
}

export type MatchRule = 'name' | 'kind-order' | 'nearest';

export interface ItemRef {
  key: number;
  name: string;
  kind: ItemKind;
  /** The item's shape types, distinct and sorted, joined by '+' ('none' without shapes). */
  shapeKind: string;
}

export interface LinkRef {
  key: number;
  name: string;
  /** The link's Chrono class as the bridge could tell it, or null. */
  linkType: string | null;
}

export type DiffValue = number | string | boolean | null | readonly number[];

export type DifferenceField =
  | 'shape-count'
  | 'shape-type'
  | 'shape-size'
  | 'mass'
  | 'position'
  | 'orientation'
  | 'fixed'
  | 'link-type'
  | 'gravity'
  | 'timestep'
  | 'solver'
  | 'timestepper'
  | 'contact-method';

/** One row of a "what | twin | reference" table. */
export interface Difference {
  field: DifferenceField;
  /** The row's label, e.g. "Shape 2 radius" (units apart, in `unit`). */
  what: string;
  twin: DiffValue;
  reference: DiffValue;
  /**
   * How far apart: the distance for positions and vectors, the angle (rad) for
   * orientations, |twin − reference| for numbers; null for kinds, names and unknown values.
   */
  gap: number | null;
  unit: string | null;
  /** For shape rows: the index of the shape in both items' visual models. */
  shapeIndex?: number;
}

export interface ItemPair {
  twin: ItemRef;
  reference: ItemRef;
  rule: MatchRule;
  /** Distance (m) between the two initial positions; null when either pose is unknown. */
  distance: number | null;
  /** Angle (rad) between the two initial orientations; null when either pose is unknown. */
  angle: number | null;
  /** Empty when the pair agrees within the tolerances. */
  differences: Difference[];
}

export interface LinkPair {
  twin: LinkRef;
  reference: LinkRef;
  rule: 'name' | 'kind-order';
  differences: Difference[];
}

export interface LinkTypeCount {
  /** The Chrono class, or 'unknown' for links whose type the bridge could not tell. */
  linkType: string;
  twin: number;
  reference: number;
}

export interface SceneDiff {
  /** Matched bodies, FEA meshes and other items (each only with its own kind). */
  pairs: ItemPair[];
  unmatched: { twin: ItemRef[]; reference: ItemRef[] };
  links: {
    /** One row per link type seen on either side, sorted by type. */
    counts: LinkTypeCount[];
    pairs: LinkPair[];
    unmatched: { twin: LinkRef[]; reference: LinkRef[] };
  };
  /** Gravity, step size, solver, time stepper and contact method rows that differ. */
  system: Difference[];
}

export interface SceneDiffOptions {
  /** Numbers agree when |a − b| ≤ absolute + relative · max(|a|, |b|); vectors by norm. */
  relativeTolerance?: number;
  absoluteTolerance?: number;
  /** Orientations agree within this angle (rad). */
  angleTolerance?: number;
}

const DEFAULTS: Required<SceneDiffOptions> = {
  // Poses arrive as float32 in display frames: 1e-6 relative is above their rounding.
  relativeTolerance: 1e-6,
  absoluteTolerance: 1e-9,
  angleTolerance: 1e-6,
};

/**
 * Matches the twin's items to the reference's and lists how they differ.
 *
 * Items are matched only with items of the same kind (body, mesh, other), in three
 * passes over what is still unmatched: (1) `name`: equal non-empty names, in creation order
 * when a name repeats; (2) `kind-order`: items of the same shape kind, in creation order,
 * when both sides have as many of that shape kind left; (3) `nearest`: by initial position,
 * greedily, closest pair first (in rounds over each item's few nearest candidates, so large
 * scenes stay fast), first among items of the same shape kind, then across shape kinds.
 * Items without a known initial pose are left out of the last pass. Links are matched by
 * equal non-empty names, then by type in creation order.
 */
export function diffScenes(
  twin: RunScene,
  reference: RunScene,
  options: SceneDiffOptions = {},
): SceneDiff {
  const tol = { ...DEFAULTS, ...options };
  const twinItems = twin.items.filter((it) => it.kind !== 'link');
  const refItems = reference.items.filter((it) => it.kind !== 'link');
  const matches = matchItems(twinItems, refItems, twin.initialPoses, reference.initialPoses);
  const pairs = matches.map(([t, r, rule]) =>
    comparePair(t, r, rule, twin.initialPoses, reference.initialPoses, tol),
  );
  const pairedTwin = new Set(matches.map(([t]) => t.key));
  const pairedRef = new Set(matches.map(([, r]) => r.key));
  return {
    pairs,
    unmatched: {
      twin: twinItems.filter((it) => !pairedTwin.has(it.key)).map(itemRef),
      reference: refItems.filter((it) => !pairedRef.has(it.key)).map(itemRef),
    },
    links: diffLinks(
      twin.items.filter((it) => it.kind === 'link'),
      reference.items.filter((it) => it.kind === 'link'),
    ),
    system: diffSystems(twin.system, reference.system, tol),
  };
}

export function shapeKind(item: SceneItem): string {
  const types = [...new Set(item.shapes.map((s) => s.type))].sort();
  return types.length ? types.join('+') : 'none';
}

function itemRef(item: SceneItem): ItemRef {
  return { key: item.key, name: item.name, kind: item.kind, shapeKind: shapeKind(item) };
}

function linkRef(item: SceneItem): LinkRef {
  return { key: item.key, name: item.name, linkType: item.linkType ?? null };
}

// ---- matching ----------------------------------------------------------------------

type Match = [SceneItem, SceneItem, MatchRule];

function matchItems(
  twin: SceneItem[],
  reference: SceneItem[],
  twinPoses: ReadonlyMap<number, ShapeFrame>,
  refPoses: ReadonlyMap<number, ShapeFrame>,
): Match[] {
  const matches: Match[] = [];
  const freeTwin = new Set(twin);
  const freeRef = new Set(reference);
  const take = (t: SceneItem, r: SceneItem, rule: MatchRule) => {
    matches.push([t, r, rule]);
    freeTwin.delete(t);
    freeRef.delete(r);
  };
  const zipGroups = (
    keyOf: (it: SceneItem) => string | null,
    rule: MatchRule,
    equalOnly: boolean,
  ) => {
    const groups = new Map<string, { twin: SceneItem[]; ref: SceneItem[] }>();
    const group = (k: string) => {
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { twin: [], ref: [] }));
      return g;
    };
    for (const t of freeTwin) {
      const k = keyOf(t);
      if (k !== null) group(k).twin.push(t);
    }
    for (const r of freeRef) {
      const k = keyOf(r);
      if (k !== null) group(k).ref.push(r);
    }
    for (const g of groups.values()) {
      if (equalOnly && g.twin.length !== g.ref.length) continue;
      const n = Math.min(g.twin.length, g.ref.length);
      for (let i = 0; i < n; i++) take(g.twin[i], g.ref[i], rule);
    }
  };
  zipGroups((it) => (it.name ? `${it.kind}\u0000${it.name}` : null), 'name', false);
  zipGroups((it) => `${it.kind}\u0000${shapeKind(it)}`, 'kind-order', true);
  const kinds = new Map([...twin, ...reference].map((it) => [it, shapeKind(it)]));
  for (const sameShapeKind of [true, false]) {
    const posed = (items: Set<SceneItem>, poses: ReadonlyMap<number, ShapeFrame>) =>
      [...items].flatMap((it) => {
        const pose = poses.get(it.key);
        return pose ? [{ it, pos: pose.pos }] : [];
      });
    const fits = (t: SceneItem, r: SceneItem) =>
      t.kind === r.kind && (!sameShapeKind || kinds.get(t) === kinds.get(r));
    for (;;) {
      const pairs = nearestPairs(posed(freeTwin, twinPoses), posed(freeRef, refPoses), fits);
      if (pairs.length === 0) break;
      for (const [t, r] of pairs) take(t, r, 'nearest');
    }
  }
  return matches;
}

/** Candidates per twin item in one round of the nearest pass. */
const NEAREST_CANDIDATES = 4;

/**
 * One round of greedy nearest matching: each twin item's few nearest fitting reference
 * items are the candidates, taken closest first while both ends are free. The closest
 * free pair overall is always among them, so every round matches at least one pair; the
 * caller repeats rounds over what is left. Keeps large scenes (particles) to O(n·m) time
 * per round and O(n) memory instead of sorting every one of the n·m pairs.
 */
function nearestPairs(
  twin: { it: SceneItem; pos: readonly number[] }[],
  reference: { it: SceneItem; pos: readonly number[] }[],
  fits: (t: SceneItem, r: SceneItem) => boolean,
): [SceneItem, SceneItem][] {
  const candidates: { t: number; r: number; d: number }[] = [];
  twin.forEach((t, ti) => {
    const best: { r: number; d: number }[] = [];
    reference.forEach((r, ri) => {
      if (!fits(t.it, r.it)) return;
      const d = distance(t.pos, r.pos);
      if (best.length === NEAREST_CANDIDATES && d >= best[best.length - 1].d) return;
      let at = best.length;
      while (at > 0 && best[at - 1].d > d) at--;
      best.splice(at, 0, { r: ri, d });
      if (best.length > NEAREST_CANDIDATES) best.pop();
    });
    for (const b of best) candidates.push({ t: ti, r: b.r, d: b.d });
  });
  candidates.sort((a, b) => a.d - b.d || a.t - b.t || a.r - b.r);
  const usedT = new Set<number>();
  const usedR = new Set<number>();
  const out: [SceneItem, SceneItem][] = [];
  for (const c of candidates) {
    if (usedT.has(c.t) || usedR.has(c.r)) continue;
    usedT.add(c.t);
    usedR.add(c.r);
    out.push([twin[c.t].it, reference[c.r].it]);
  }
  return out;
}

function diffLinks(twin: SceneItem[], reference: SceneItem[]): SceneDiff['links'] {
  const typeOf = (it: SceneItem) => it.linkType ?? 'unknown';
  const counts = new Map<string, LinkTypeCount>();
  const count = (it: SceneItem, side: 'twin' | 'reference') => {
    const type = typeOf(it);
    const row = counts.get(type) ?? { linkType: type, twin: 0, reference: 0 };
    row[side]++;
    counts.set(type, row);
  };
  twin.forEach((it) => count(it, 'twin'));
  reference.forEach((it) => count(it, 'reference'));

  const pairs: LinkPair[] = [];
  const freeTwin = new Set(twin);
  const freeRef = new Set(reference);
  const pairUp = (keyOf: (it: SceneItem) => string | null, rule: LinkPair['rule']) => {
    const refs = [...freeRef];
    for (const t of [...freeTwin]) {
      const k = keyOf(t);
      const r = k === null ? undefined : refs.find((x) => freeRef.has(x) && keyOf(x) === k);
      if (!r) continue;
      freeTwin.delete(t);
      freeRef.delete(r);
      const differences: Difference[] =
        typeOf(t) === typeOf(r)
          ? []
          : [categorical('link-type', 'Link type', t.linkType ?? null, r.linkType ?? null)];
      pairs.push({ twin: linkRef(t), reference: linkRef(r), rule, differences });
    }
  };
  pairUp((it) => it.name || null, 'name');
  pairUp(typeOf, 'kind-order');
  return {
    counts: [...counts.values()].sort((a, b) => a.linkType.localeCompare(b.linkType)),
    pairs,
    unmatched: { twin: [...freeTwin].map(linkRef), reference: [...freeRef].map(linkRef) },
  };
}

// ---- differences -------------------------------------------------------------------

type Tolerances = Required<SceneDiffOptions>;

function comparePair(
  t: SceneItem,
  r: SceneItem,
  rule: MatchRule,
  twinPoses: ReadonlyMap<number, ShapeFrame>,
  refPoses: ReadonlyMap<number, ShapeFrame>,
  tol: Tolerances,
): ItemPair {
  const differences: Difference[] = [];
  differences.push(...compareShapes(t.shapes, r.shapes, tol));
  if (t.mass !== undefined || r.mass !== undefined) {
    const d = numberDifference('mass', 'Mass', t.mass ?? null, r.mass ?? null, 'kg', tol);
    if (d) differences.push(d);
  }
  const pt = twinPoses.get(t.key);
  const pr = refPoses.get(r.key);
  let dist: number | null = null;
  let angle: number | null = null;
  if (pt && pr) {
    dist = distance(pt.pos, pr.pos);
    angle = rotationAngle(pt.rot, 0, pr.rot, 0);
    if (!within(dist, Math.max(norm(pt.pos), norm(pr.pos)), tol)) {
      differences.push({
        field: 'position',
        what: 'Initial position',
        twin: pt.pos,
        reference: pr.pos,
        gap: dist,
        unit: 'm',
      });
    }
    if (!(angle <= tol.angleTolerance)) {
      differences.push({
        field: 'orientation',
        what: 'Initial orientation (w, x, y, z)',
        twin: pt.rot,
        reference: pr.rot,
        gap: angle,
        unit: 'rad',
      });
    }
  } else if (pt || pr) {
    differences.push({
      field: 'position',
      what: 'Initial position',
      twin: pt?.pos ?? null,
      reference: pr?.pos ?? null,
      gap: null,
      unit: 'm',
    });
  }
  if (t.fixed !== r.fixed) differences.push(categorical('fixed', 'Fixed', t.fixed, r.fixed));
  return { twin: itemRef(t), reference: itemRef(r), rule, distance: dist, angle, differences };
}

/** The size parameters compared per shape type, with their units. */
const SIZE_FIELDS: Partial<Record<ShapeType, readonly [string, string | null][]>> = {
  box: [['lengths', 'm']],
  sphere: [['radius', 'm']],
  ellipsoid: [['semiaxes', 'm']],
  cylinder: [
    ['radius', 'm'],
    ['height', 'm'],
  ],
  capsule: [
    ['radius', 'm'],
    ['height', 'm'],
  ],
  cone: [
    ['radius', 'm'],
    ['height', 'm'],
  ],
  barrel: [
    ['hlow', 'm'],
    ['hsup', 'm'],
    ['rvert', 'm'],
    ['rhor', 'm'],
    ['roffset', 'm'],
  ],
  roundedbox: [
    ['lengths', 'm'],
    ['radius', 'm'],
  ],
  roundedcylinder: [
    ['radius', 'm'],
    ['height', 'm'],
    ['sphereRadius', 'm'],
  ],
  mesh: [
    ['mesh', null],
    ['scale', null],
  ],
  modelfile: [
    ['file', null],
    ['scale', null],
  ],
  surface: [['mesh', null]],
  fea: [['mesh', null]],
  heightfield: [
    ['nx', null],
    ['ny', null],
    ['dx', 'm'],
    ['dy', 'm'],
  ],
};

function compareShapes(twin: Shape[], reference: Shape[], tol: Tolerances): Difference[] {
  const out: Difference[] = [];
  if (twin.length !== reference.length) {
    out.push({
      field: 'shape-count',
      what: 'Number of visual shapes',
      twin: twin.length,
      reference: reference.length,
      gap: Math.abs(twin.length - reference.length),
      unit: null,
    });
  }
  for (let i = 0; i < Math.min(twin.length, reference.length); i++) {
    const a = twin[i];
    const b = reference[i];
    const label = `Shape ${i + 1}`;
    if (a.type !== b.type) {
      out.push({ ...categorical('shape-type', `${label} kind`, a.type, b.type), shapeIndex: i });
      continue;
    }
    const fa = a as unknown as Record<string, unknown>;
    const fb = b as unknown as Record<string, unknown>;
    for (const [param, unit] of SIZE_FIELDS[a.type] ?? []) {
      const d = valueDifference(
        'shape-size',
        `${label} (${a.type}) ${param}`,
        fa[param],
        fb[param],
        unit,
        tol,
      );
      if (d) out.push({ ...d, shapeIndex: i });
    }
  }
  return out;
}

function diffSystems(
  twin: SceneSystem | null,
  reference: SceneSystem | null,
  tol: Tolerances,
): Difference[] {
  if (!twin && !reference) return [];
  const t: Partial<SceneSystem> = twin ?? {};
  const r: Partial<SceneSystem> = reference ?? {};
  const rows = [
    valueDifference('gravity', 'Gravity', t.gravity, r.gravity, 'm/s²', tol),
    valueDifference('timestep', 'Time step', t.timestep, r.timestep, 's', tol),
    valueDifference('solver', 'Solver', t.solver, r.solver, null, tol),
    valueDifference('timestepper', 'Time stepper', t.timestepper, r.timestepper, null, tol),
    valueDifference(
      'contact-method',
      'Contact method',
      t.contactMethod,
      r.contactMethod,
      null,
      tol,
    ),
  ];
  return rows.filter((d): d is Difference => d !== null);
}

/** A row when the two values differ; numbers and number arrays within the tolerances agree. */
function valueDifference(
  field: DifferenceField,
  what: string,
  a: unknown,
  b: unknown,
  unit: string | null,
  tol: Tolerances,
): Difference | null {
  const va = asValue(a);
  const vb = asValue(b);
  if (typeof va === 'number' || typeof vb === 'number') {
    return numberDifference(field, what, numOrNull(va), numOrNull(vb), unit, tol);
  }
  if (Array.isArray(va) && Array.isArray(vb) && va.length === vb.length) {
    const gap = distance(va, vb);
    return within(gap, Math.max(norm(va), norm(vb)), tol)
      ? null
      : { field, what, twin: va, reference: vb, gap, unit };
  }
  if (sameValue(va, vb)) return null;
  return { field, what, twin: va, reference: vb, gap: null, unit };
}

function numberDifference(
  field: DifferenceField,
  what: string,
  a: number | null,
  b: number | null,
  unit: string | null,
  tol: Tolerances,
): Difference | null {
  if (a === null || b === null) {
    return a === b ? null : { field, what, twin: a, reference: b, gap: null, unit };
  }
  const gap = Math.abs(a - b);
  return within(gap, Math.max(Math.abs(a), Math.abs(b)), tol)
    ? null
    : { field, what, twin: a, reference: b, gap, unit };
}

function categorical(
  field: DifferenceField,
  what: string,
  twin: DiffValue,
  reference: DiffValue,
): Difference {
  return { field, what, twin, reference, gap: null, unit: null };
}

function asValue(v: unknown): DiffValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v as number[];
  return JSON.stringify(v);
}

function numOrNull(v: DiffValue): number | null {
  return typeof v === 'number' ? v : null;
}

function sameValue(a: DiffValue, b: DiffValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

function within(gap: number, scale: number, tol: Tolerances): boolean {
  return gap <= tol.absoluteTolerance + tol.relativeTolerance * scale;
}

function distance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

function norm(a: readonly number[]): number {
  let s = 0;
  for (const v of a) s += v * v;
  return Math.sqrt(s);
}
