// A run's scene in Foxglove's terms (the `@foxglove/schemas` messages): each item becomes a
// coordinate frame `<name>#<key>` posed from `world` by FrameTransforms, and a SceneEntity in
// that frame (frame_locked, so Foxglove moves it with the frame) holding the primitives its
// shapes map to. Shapes Foxglove has no primitive for, or that move by themselves (FEA
// vertices, link end points, particle clouds), are returned as "not drawn" with the reason.
import type {
  Color,
  CubePrimitive,
  CylinderPrimitive,
  FrameTransform,
  KeyValuePair,
  LinePrimitive,
  Point3,
  Pose,
  SceneEntity,
  SpherePrimitive,
  Time,
  TriangleListPrimitive,
} from '@foxglove/schemas';
import type { MeshData, SceneItem, Shape } from '../../common/stream';

/** The fixed frame every item is posed in. */
export const WORLD_FRAME = 'world';

/** Height fields larger than this many vertices are not exported (one JSON point each). */
export const MAX_HEIGHTFIELD_VERTICES = 250_000;

type Vec3 = readonly [number, number, number];
/** Chrono's order: scalar first. */
type QuatWxyz = readonly [number, number, number, number];

export interface NotDrawn {
  /** The item's frame id and the shape's index in it: `pendulum#12/0`. */
  shape: string;
  type: string;
  reason: string;
}

/** The coordinate frame of an item: its name (or kind, when unnamed) and its key. */
export function frameIdOf(item: Pick<SceneItem, 'name' | 'kind' | 'key'>): string {
  return `${item.name || item.kind}#${item.key}`;
}

/** Simulated seconds as a Foxglove time (seconds and nanoseconds since the epoch 0). */
export function timeOf(simTime: number): Time {
  const ns = nanosecondsOf(simTime);
  return { sec: Number(ns / 1_000_000_000n), nsec: Number(ns % 1_000_000_000n) };
}

/** Simulated seconds as whole nanoseconds (MCAP log time); negative times clamp to 0. */
export function nanosecondsOf(simTime: number): bigint {
  return BigInt(Math.max(0, Math.round(simTime * 1e9)));
}

/** The transform from `world` to an item's frame, from its pose `x y z qw qx qy qz`. */
export function frameTransform(
  childFrame: string,
  pose: ArrayLike<number>,
  time: Time,
): FrameTransform {
  return {
    timestamp: time,
    parent_frame_id: WORLD_FRAME,
    child_frame_id: childFrame,
    translation: { x: pose[0], y: pose[1], z: pose[2] },
    rotation: { x: pose[4], y: pose[5], z: pose[6], w: pose[3] },
  };
}

/**
 * The entity of one item, with what of it could not be drawn; the entity is null when no
 * shape of the item could be.
 */
export function sceneEntity(
  item: SceneItem,
  meshes: ReadonlyMap<string, MeshData>,
  time: Time,
): { entity: SceneEntity | null; notDrawn: NotDrawn[] } {
  const frameId = frameIdOf(item);
  const entity: SceneEntity = {
    timestamp: time,
    frame_id: frameId,
    id: frameId,
    lifetime: { sec: 0, nsec: 0 },
    frame_locked: true,
    metadata: itemMetadata(item),
    arrows: [],
    cubes: [],
    spheres: [],
    cylinders: [],
    lines: [],
    triangles: [],
    texts: [],
    models: [],
  };
  const notDrawn: NotDrawn[] = [];
  let drawn = 0;
  item.shapes.forEach((shape, index) => {
    const skip = (reason: string) =>
      notDrawn.push({ shape: `${frameId}/${index}`, type: shape.type, reason });
    if (item.clones > 0) {
      skip(`one of ${item.clones} particle clones, which move by their own positions`);
      return;
    }
    const reason = addShape(entity, shape, meshes);
    if (reason) skip(reason);
    else drawn += 1;
  });
  return { entity: drawn > 0 ? entity : null, notDrawn };
}

/** Adds the primitives of one shape; returns why it could not, or null. */
function addShape(
  entity: SceneEntity,
  shape: Shape,
  meshes: ReadonlyMap<string, MeshData>,
): string | null {
  const pose = poseOf(shape.frame.pos, shape.frame.rot);
  const color = colorOf(shape.color, shape.opacity);
  switch (shape.type) {
    case 'box':
      entity.cubes.push(cube(pose, shape.lengths, color));
      return null;
    case 'roundedbox': {
      // Chrono's rounded box is the box swept by a sphere: the outer size grows by 2r.
      const grow = 2 * shape.radius;
      const [x, y, z] = shape.lengths;
      entity.cubes.push(cube(pose, [x + grow, y + grow, z + grow], color));
      return null;
    }
    case 'sphere':
      entity.spheres.push(
        sphere(pose, 2 * shape.radius, 2 * shape.radius, 2 * shape.radius, color),
      );
      return null;
    case 'ellipsoid': {
      const [a, b, c] = shape.semiaxes;
      entity.spheres.push(sphere(pose, 2 * a, 2 * b, 2 * c, color));
      return null;
    }
    case 'cylinder':
      entity.cylinders.push(cylinder(pose, shape.radius, shape.height, 1, color));
      return null;
    case 'roundedcylinder': {
      const r = shape.radius + shape.sphereRadius;
      entity.cylinders.push(cylinder(pose, r, shape.height + 2 * shape.sphereRadius, 1, color));
      return null;
    }
    case 'capsule': {
      // The height is the cylindrical part's; a sphere caps each end.
      const { radius, height } = shape;
      entity.cylinders.push(cylinder(pose, radius, height, 1, color));
      for (const end of [-height / 2, height / 2]) {
        const at = offsetPose(shape.frame.pos, shape.frame.rot, [0, 0, end]);
        entity.spheres.push(sphere(at, 2 * radius, 2 * radius, 2 * radius, color));
      }
      return null;
    }
    case 'cone': {
      // Chrono's cone has its base at z = 0; Foxglove's cylinder is centred.
      const centre = offsetPose(shape.frame.pos, shape.frame.rot, [0, 0, shape.height / 2]);
      entity.cylinders.push(cylinder(centre, shape.radius, shape.height, 0, color));
      return null;
    }
    case 'barrel': {
      const radius = shape.radius ?? sum(shape.rhor, shape.roffset);
      const height = shape.height ?? difference(shape.hsup, shape.hlow);
      if (radius === null || height === null) return 'a barrel without its radius and height';
      // Chrono's barrel runs along local Y; Foxglove's cylinder along Z. Drawn as a cylinder.
      const rot = multiply(shape.frame.rot, Z_TO_Y);
      entity.cylinders.push(cylinder(poseOf(shape.frame.pos, rot), radius, height, 1, color));
      return null;
    }
    case 'mesh':
    case 'surface': {
      const data = meshes.get(shape.mesh);
      if (!data) return `its mesh ${shape.mesh} is not in the recording`;
      const scale = shape.type === 'mesh' ? shape.scale : ([1, 1, 1] as const);
      entity.triangles.push(triangles(pose, data, scale, color));
      return null;
    }
    case 'heightfield':
      return addHeightfield(entity, shape, pose, color);
    case 'line':
    case 'path':
      if (shape.dynamic) return 'its points move with the run (POINTS extras)';
      entity.lines.push(line(pose, shape.points, color));
      return null;
    case 'segment':
    case 'pointpoint':
    case 'spring':
    case 'rotspring':
      return "its end points follow the link's bodies (POINTS extras), which the export does not follow";
    case 'fea':
      return 'an FEA mesh moves by its vertices (VERTICES extras), which the export does not follow';
    case 'modelfile':
      return `a model file (${shape.file}) is not embedded`;
    default:
      return 'Foxglove has no primitive for it';
  }
}

function addHeightfield(
  entity: SceneEntity,
  shape: Extract<Shape, { type: 'heightfield' }>,
  pose: Pose,
  color: Color,
): string | null {
  const { nx, ny, dx, dy, origin } = shape;
  const heights: ArrayLike<number> | undefined = shape.heights;
  // Newer streams send a flat grid as one height instead of every cell's.
  const flat = (shape as { flatHeight?: number | null }).flatHeight;
  const full = heights !== undefined && heights.length >= nx * ny;
  if (nx < 2 || ny < 2 || (!full && typeof flat !== 'number')) {
    return 'a height field without a full grid of heights';
  }
  if (nx * ny > MAX_HEIGHTFIELD_VERTICES) {
    return `a height field of ${nx * ny} vertices is larger than the export draws (${MAX_HEIGHTFIELD_VERTICES})`;
  }
  const points: Point3[] = [];
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const h = full ? heights[iy * nx + ix] : (flat as number);
      points.push({ x: origin[0] + ix * dx, y: origin[1] + iy * dy, z: origin[2] + h });
    }
  }
  const indices: number[] = [];
  for (let iy = 0; iy < ny - 1; iy++) {
    for (let ix = 0; ix < nx - 1; ix++) {
      const a = iy * nx + ix;
      indices.push(a, a + 1, a + nx, a + 1, a + nx + 1, a + nx);
    }
  }
  entity.triangles.push({ pose, points, color, colors: [], indices });
  // Drawn as first sent: terrain deformation (HEIGHTS extras) is not followed.
  return null;
}

function itemMetadata(item: SceneItem): KeyValuePair[] {
  const pairs: KeyValuePair[] = [
    { key: 'name', value: item.name },
    { key: 'kind', value: item.kind },
    { key: 'id', value: String(item.id) },
    { key: 'fixed', value: String(item.fixed) },
  ];
  if (item.mass !== undefined && item.mass !== null) {
    pairs.push({ key: 'mass', value: String(item.mass) });
  }
  if (item.linkType) pairs.push({ key: 'linkType', value: item.linkType });
  if (item.line !== undefined && item.line !== null) {
    pairs.push({ key: 'line', value: String(item.line) });
  }
  return pairs;
}

function cube(pose: Pose, size: Vec3, color: Color): CubePrimitive {
  return { pose, size: { x: size[0], y: size[1], z: size[2] }, color };
}

function sphere(pose: Pose, x: number, y: number, z: number, color: Color): SpherePrimitive {
  return { pose, size: { x, y, z }, color };
}

function cylinder(
  pose: Pose,
  radius: number,
  height: number,
  topScale: number,
  color: Color,
): CylinderPrimitive {
  return {
    pose,
    size: { x: 2 * radius, y: 2 * radius, z: height },
    bottom_scale: 1,
    top_scale: topScale,
    color,
  };
}

function triangles(pose: Pose, mesh: MeshData, scale: Vec3, color: Color): TriangleListPrimitive {
  const points: Point3[] = [];
  const v = mesh.vertices;
  for (let i = 0; i + 2 < v.length; i += 3) {
    points.push({ x: v[i] * scale[0], y: v[i + 1] * scale[1], z: v[i + 2] * scale[2] });
  }
  return { pose, points, color, colors: [], indices: Array.from(mesh.indices) };
}

function line(pose: Pose, points: readonly Vec3[], color: Color): LinePrimitive {
  return {
    type: 0, // LINE_STRIP
    pose,
    thickness: 2,
    scale_invariant: true,
    points: points.map(([x, y, z]) => ({ x, y, z })),
    color,
    colors: [],
    indices: [],
  };
}

function colorOf(rgb: Vec3, opacity: number): Color {
  return { r: rgb[0], g: rgb[1], b: rgb[2], a: opacity };
}

function poseOf(pos: Vec3, rot: QuatWxyz): Pose {
  return {
    position: { x: pos[0], y: pos[1], z: pos[2] },
    orientation: { x: rot[1], y: rot[2], z: rot[3], w: rot[0] },
  };
}

/** The shape's pose moved by `local` (in the shape's own axes). */
function offsetPose(pos: Vec3, rot: QuatWxyz, local: Vec3): Pose {
  const [dx, dy, dz] = rotate(rot, local);
  return poseOf([pos[0] + dx, pos[1] + dy, pos[2] + dz], rot);
}

/** A quarter turn about X taking local Z onto local Y (w, x, y, z). */
const Z_TO_Y: QuatWxyz = [Math.SQRT1_2, -Math.SQRT1_2, 0, 0];

function multiply(a: QuatWxyz, b: QuatWxyz): QuatWxyz {
  const [aw, ax, ay, az] = a;
  const [bw, bx, by, bz] = b;
  return [
    aw * bw - ax * bx - ay * by - az * bz,
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
  ];
}

function rotate(q: QuatWxyz, v: Vec3): Vec3 {
  const [w, x, y, z] = q;
  // v' = v + 2w (u × v) + 2 u × (u × v), with u the vector part.
  const cx = y * v[2] - z * v[1];
  const cy = z * v[0] - x * v[2];
  const cz = x * v[1] - y * v[0];
  return [
    v[0] + 2 * (w * cx + y * cz - z * cy),
    v[1] + 2 * (w * cy + z * cx - x * cz),
    v[2] + 2 * (w * cz + x * cy - y * cx),
  ];
}

function sum(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined ? null : a + b;
}

function difference(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined ? null : a - b;
}
