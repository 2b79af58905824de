// What a valid JSON message of the runtime stream is (python-runtime/PROTOCOL.md), with a
// cap on every count a reader would allocate by: items, shapes per item, visual-model
// clones, mesh vertices and triangles, points per line, heightfield cells. The host's
// stream handling and the recording loader check every message here before using it, so
// a script or a file that lies gets a refusal that says why, not a hang or a broken view.
//
// Hand-written rather than zod: on a 10 000-body scene a zod schema of it took 4 to 10
// times as long as the JSON.parse before it, these checks a fifth of the parse (40-110
// against 2.4-5 µs per body, same process, loaded 2-core machine; bench/stream.mjs prints
// parse and check times). They walk the parsed value once, in place, and stop at the first
// problem. Fields they do not know are kept (a newer bridge of the same protocol may add
// some).
import { StreamError, type JsonMessage, type Shape } from './stream';

const MIB = 1024 * 1024;

export const STREAM_LIMITS = {
  /** Bytes of one message, by kind. */
  sceneBytes: 64 * MIB,
  /** `meta` holds the script (runtime.start takes up to 5 MB of it, escaped in JSON). */
  metaBytes: 16 * MIB,
  jsonBytes: 1 * MIB,
  frameBytes: 256 * MIB,
  /** Items added (or removed) by one scene message. */
  items: 1_000_000,
  shapesPerItem: 4096,
  clones: 1_000_000,
  meshVertices: 4_000_000,
  meshTriangles: 8_000_000,
  linePoints: 100_000,
  /**
   * A 2048 x 2048 grid (a 20 m SCM patch at 1 cm): what a view can hold (about 60 bytes a
   * cell), and well below 2^24, where a HEIGHTS extra's float32 cell index stops being exact.
   */
  heightfieldCells: 1 << 22,
} as const;

const TEXT_MAX = 64 * 1024;
const PATH_MAX = 4096;

/** Where a check failed: the path into the message, and what was expected there. */
class Invalid {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {}
}

type Obj = Record<string, unknown>;

function fail(path: string, problem: string): never {
  throw new Invalid(path, problem);
}

function at(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

function object(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'expected an object');
  return v as Obj;
}

function finite(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'expected a finite number');
  return v;
}

function integer(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(path, 'expected a whole number');
  if (v < min || v > max) fail(path, `expected a whole number from ${min} to ${max}, not ${v}`);
  return v;
}

function string(v: unknown, path: string, max = TEXT_MAX): string {
  if (typeof v !== 'string') fail(path, 'expected a string');
  if (v.length > max) fail(path, `a string longer than ${max} characters`);
  return v;
}

function boolean(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, 'expected true or false');
  return v;
}

function oneOf<T extends string>(v: unknown, path: string, options: readonly T[]): T {
  if (!options.includes(v as T)) fail(path, `expected one of ${options.join(', ')}`);
  return v as T;
}

function nullable<T>(v: unknown, path: string, check: (v: unknown, path: string) => T): T | null {
  return v === null ? null : check(v, path);
}

function optional<T>(v: unknown, path: string, check: (v: unknown, path: string) => T): void {
  if (v !== undefined) check(v, path);
}

/** An array of at most `max` elements: its length is checked before any element. */
function array(v: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(v)) fail(path, 'expected an array');
  if (v.length > max) fail(path, `more than ${max} elements (${v.length})`);
  return v;
}

function vector(v: unknown, path: string, size: number): void {
  const a = array(v, path, size);
  if (a.length !== size) fail(path, `expected ${size} numbers`);
  for (let i = 0; i < size; i++) finite(a[i], at(path, i));
}

const vec3 = (v: unknown, path: string) => vector(v, path, 3);

/** Flat numbers (coordinates, heights) in groups of `multiple`, at most `max` of them. */
function numbers(v: unknown, path: string, max: number, multiple: number): number[] {
  const a = array(v, path, max);
  if (a.length % multiple !== 0) fail(path, `expected numbers in groups of ${multiple}`);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(at(path, i), 'expected a finite number');
  }
  return a as number[];
}

/** Triangle corners: whole numbers naming one of `count` vertices (or normals). */
function indices(v: unknown, path: string, count: number): number[] {
  const a = numbers(v, path, 3 * STREAM_LIMITS.meshTriangles, 3);
  for (let i = 0; i < a.length; i++) {
    const k = a[i];
    if (!Number.isInteger(k) || k < 0 || k >= count) {
      fail(at(path, i), `a triangle names vertex ${k}; the mesh has ${count}`);
    }
  }
  return a;
}

function checkMesh(v: unknown, path: string): void {
  const m = object(v, path);
  const vertices = numbers(m.vertices, at(path, 'vertices'), 3 * STREAM_LIMITS.meshVertices, 3);
  const corners = indices(m.indices, at(path, 'indices'), vertices.length / 3);
  if (m.normals !== undefined || m.normalIndices !== undefined) {
    const normals = numbers(m.normals, at(path, 'normals'), 3 * STREAM_LIMITS.meshVertices, 3);
    const normalCorners = indices(m.normalIndices, at(path, 'normalIndices'), normals.length / 3);
    if (normalCorners.length !== corners.length) {
      fail(at(path, 'normalIndices'), 'expected one normal per triangle corner');
    }
  }
}

const SHAPE_SIZES: Record<string, (s: Obj, path: string) => void> = {
  box: (s, p) => vec3(s.lengths, at(p, 'lengths')),
  sphere: (s, p) => finite(s.radius, at(p, 'radius')),
  ellipsoid: (s, p) => vec3(s.semiaxes, at(p, 'semiaxes')),
  cylinder: radiusHeight,
  capsule: radiusHeight,
  cone: radiusHeight,
  barrel: (s, p) => {
    optional(s.semiaxes, at(p, 'semiaxes'), vec3);
    for (const k of ['radius', 'height', 'hlow', 'hsup', 'rvert', 'rhor', 'roffset']) {
      optional(s[k], at(p, k), finite);
    }
  },
  roundedbox: (s, p) => {
    vec3(s.lengths, at(p, 'lengths'));
    finite(s.radius, at(p, 'radius'));
  },
  roundedcylinder: (s, p) => {
    radiusHeight(s, p);
    finite(s.sphereRadius, at(p, 'sphereRadius'));
  },
  mesh: (s, p) => {
    string(s.mesh, at(p, 'mesh'));
    boolean(s.wireframe, at(p, 'wireframe'));
    vec3(s.scale, at(p, 'scale'));
  },
  modelfile: (s, p) => {
    string(s.file, at(p, 'file'), PATH_MAX);
    vec3(s.scale, at(p, 'scale'));
  },
  line: checkLine,
  path: checkLine,
  segment: checkLine,
  pointpoint: checkLine,
  spring: checkLine,
  rotspring: checkLine,
  surface: (s, p) => string(s.mesh, at(p, 'mesh')),
  fea: (s, p) => {
    string(s.mesh, at(p, 'mesh'));
    if (s.dynamic !== true) fail(at(p, 'dynamic'), 'expected true');
  },
};

function radiusHeight(s: Obj, p: string): void {
  finite(s.radius, at(p, 'radius'));
  finite(s.height, at(p, 'height'));
}

function checkLine(s: Obj, p: string): void {
  const points = array(s.points, at(p, 'points'), STREAM_LIMITS.linePoints);
  for (let i = 0; i < points.length; i++) vec3(points[i], at(at(p, 'points'), i));
  boolean(s.dynamic, at(p, 'dynamic'));
  optional(s.radius, at(p, 'radius'), finite);
  optional(s.turns, at(p, 'turns'), finite);
}

/** A heightfield; version 1 carried its heights as JSON numbers (returned, to upgrade). */
function checkHeightfield(s: Obj, p: string, version: number): number[] | null {
  const cells = STREAM_LIMITS.heightfieldCells;
  const nx = integer(s.nx, at(p, 'nx'), 2, cells);
  const ny = integer(s.ny, at(p, 'ny'), 2, cells);
  if (nx * ny > cells) fail(p, `a heightfield of ${nx} x ${ny} cells is more than ${cells}`);
  finite(s.dx, at(p, 'dx'));
  finite(s.dy, at(p, 'dy'));
  vec3(s.origin, at(p, 'origin'));
  if (version === 1) {
    const heights = numbers(s.heights, at(p, 'heights'), cells, 1);
    if (heights.length !== nx * ny) fail(at(p, 'heights'), 'expected one height per cell');
    return heights;
  }
  if (s.heights !== undefined) fail(at(p, 'heights'), 'heights travel in a GRID extra, not JSON');
  nullable(s.flatHeight, at(p, 'flatHeight'), finite);
  return null;
}

function checkShape(v: unknown, p: string, version: number): Shape {
  const s = object(v, p);
  const frame = object(s.frame, at(p, 'frame'));
  vec3(frame.pos, at(at(p, 'frame'), 'pos'));
  vector(frame.rot, at(at(p, 'frame'), 'rot'), 4);
  vec3(s.color, at(p, 'color'));
  finite(s.opacity, at(p, 'opacity'));
  nullable(s.texture, at(p, 'texture'), (t, tp) => string(t, tp, PATH_MAX));
  const type = s.type;
  if (type === 'heightfield') {
    const heights = checkHeightfield(s, p, version);
    if (heights) {
      const { heights: _json, ...rest } = s;
      return { ...rest, flatHeight: null, heights: Float32Array.from(heights) } as Shape;
    }
    return s as unknown as Shape;
  }
  const sizes = typeof type === 'string' ? SHAPE_SIZES[type] : undefined;
  if (!sizes) fail(at(p, 'type'), `not a shape type of the protocol: ${JSON.stringify(type)}`);
  sizes(s, p);
  return s as unknown as Shape;
}

const ITEM_KINDS = ['body', 'link', 'mesh', 'other'] as const;

function checkScene(m: Obj, version: number): void {
  boolean(m.full, 'full');
  oneOf(m.upAxis, 'upAxis', ['Y', 'Z']);
  nullable(m.camera, 'camera', (c, p) => {
    const camera = object(c, p);
    vec3(camera.pos, at(p, 'pos'));
    vec3(camera.target, at(p, 'target'));
  });
  const add = array(m.add, 'add', STREAM_LIMITS.items);
  for (let i = 0; i < add.length; i++) {
    const p = at('add', i);
    const item = object(add[i], p);
    integer(item.key, at(p, 'key'), 0, 0xffffffff);
    integer(item.id, at(p, 'id'), -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    string(item.name, at(p, 'name'));
    oneOf(item.kind, at(p, 'kind'), ITEM_KINDS);
    boolean(item.fixed, at(p, 'fixed'));
    integer(item.clones, at(p, 'clones'), 0, STREAM_LIMITS.clones);
    const shapes = array(item.shapes, at(p, 'shapes'), STREAM_LIMITS.shapesPerItem);
    for (let k = 0; k < shapes.length; k++) {
      const checked = checkShape(shapes[k], at(at(p, 'shapes'), k), version);
      if (checked !== shapes[k]) shapes[k] = checked;
    }
  }
  const remove = array(m.remove, 'remove', STREAM_LIMITS.items);
  for (let i = 0; i < remove.length; i++) integer(remove[i], at('remove', i), 0, 0xffffffff);
  const meshes = object(m.meshes, 'meshes');
  for (const hash of Object.keys(meshes)) {
    if (hash.length > 256) fail('meshes', 'a mesh name longer than 256 characters');
    checkMesh(meshes[hash], at('meshes', hash));
  }
}

function checkHello(m: Obj, path = ''): void {
  integer(m.protocol, at(path, 'protocol'), 0, 0xffff);
  string(m.python, at(path, 'python'));
  nullable(m.pychrono, at(path, 'pychrono'), string);
  const modules = object(m.modules, at(path, 'modules'));
  for (const name of Object.keys(modules)) boolean(modules[name], at(at(path, 'modules'), name));
  nullable(m.dataPath, at(path, 'dataPath'), (v, p) => string(v, p, PATH_MAX));
  optional(m.bridge, at(path, 'bridge'), (v, p) => string(v, p, PATH_MAX));
}

const CHECKS: Record<string, (m: Obj, version: number) => void> = {
  hello: (m) => checkHello(m),
  scene: checkScene,
  log: (m) => {
    oneOf(m.level, 'level', ['info', 'warning']);
    string(m.message, 'message', Infinity);
  },
  error: (m) => {
    string(m.errorType, 'errorType');
    string(m.message, 'message', Infinity);
    nullable(m.line, 'line', (v, p) => integer(v, p, 0, Number.MAX_SAFE_INTEGER));
    string(m.traceback, 'traceback', Infinity);
    nullable(m.missingModule, 'missingModule', string);
    oneOf(m.phase, 'phase', ['syntax', 'check', 'run']);
  },
  end: (m) => {
    oneOf(m.status, 'status', ['finished', 'limit', 'stopped', 'error']);
    string(m.reason, 'reason', Infinity);
    finite(m.simTime, 'simTime');
    integer(m.steps, 'steps', 0, Number.MAX_SAFE_INTEGER);
    for (const k of ['streamSeconds', 'displayHz', 'streamShare']) optional(m[k], k, finite);
  },
  meta: (m) => {
    string(m.script, 'script', Infinity);
    nullable(m.scriptPath, 'scriptPath', (v, p) => string(v, p, PATH_MAX));
    string(m.createdAt, 'createdAt');
    string(m.twinforge, 'twinforge');
    nullable(m.hello, 'hello', (h, p) => checkHello(object(h, p), p));
  },
  display: (m) => {
    finite(m.hz, 'hz');
    nullable(m.targetHz, 'targetHz', finite);
    nullable(m.requestedHz, 'requestedHz', finite);
    for (const k of ['budget', 'share', 'sampleShare']) finite(m[k], k);
    oneOf(m.reason, 'reason', ['requested', 'budget', 'floor', 'samples', 'steps']);
  },
};

/**
 * Checks a parsed JSON message against the protocol of `version` (1: an old recording,
 * whose heightfields carried their heights, read here into float32) and returns it as
 * the current types; throws a StreamError naming the first problem and where it is.
 */
export function validateJsonMessage(value: unknown, version = 2): JsonMessage {
  const type =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Obj).type
      : undefined;
  const which =
    typeof type === 'string'
      ? `a ${JSON.stringify(type.slice(0, 40))} message`
      : 'a message without a type';
  const check = typeof type === 'string' && Object.hasOwn(CHECKS, type) ? CHECKS[type] : undefined;
  if (!check) throw new StreamError(`${which} is not one the protocol defines`);
  try {
    check(value as Obj, version);
  } catch (err) {
    if (!(err instanceof Invalid)) throw err;
    const where = err.path ? `${err.path}: ` : '';
    throw new StreamError(`${which} is not valid (${where}${err.problem})`);
  }
  return value as JsonMessage;
}
