// Geometry for each Chrono shape kind, with Chrono's conventions baked in so that an
// instance only needs the item pose times the shape frame: cylinders, capsules and cones
// run along local Z (three.js builds them along Y), the cone's base sits at z = 0 with its
// apex at z = h, and box lengths are full lengths.
import {
  BufferAttribute,
  BufferGeometry,
  CapsuleGeometry,
  ConeGeometry,
  CylinderGeometry,
  LatheGeometry,
  SphereGeometry,
  BoxGeometry,
  Vector2,
} from 'three';
import { RoundedBoxGeometry } from 'three/examples/jsm/geometries/RoundedBoxGeometry.js';
import type { MeshData, Shape } from '../../../electron/common/stream';

/** Segments around round shapes: fine by default, coarse for crowded batches. */
export type Detail = 'fine' | 'coarse';
const SEGMENTS: Record<Detail, number> = { fine: 24, coarse: 8 };

/** Shape kinds whose tessellation can be coarsened (boxes and meshes cannot). */
export const TESSELLATED = new Set([
  'sphere',
  'ellipsoid',
  'cylinder',
  'capsule',
  'cone',
  'barrel',
  'roundedbox',
  'roundedcylinder',
]);
const HALF_PI = Math.PI / 2;

/** Shape kinds drawn as solid, instanced geometry. */
export const SOLID_TYPES = new Set([
  'box',
  'sphere',
  'ellipsoid',
  'cylinder',
  'capsule',
  'cone',
  'barrel',
  'roundedbox',
  'roundedcylinder',
  'mesh',
  'surface',
]);

const round = (v: number): string => (Math.round(v * 1e6) / 1e6).toString();

/**
 * A key that is equal for shapes with equal geometry, so that they share one geometry and
 * one instanced draw call. Null for shapes that are not solid primitives or meshes.
 */
export function geometryKey(shape: Shape): string | null {
  switch (shape.type) {
    case 'box':
      return `box:${shape.lengths.map(round).join(',')}`;
    case 'sphere':
      return `sphere:${round(shape.radius)}`;
    case 'ellipsoid':
      return `ellipsoid:${shape.semiaxes.map(round).join(',')}`;
    case 'cylinder':
    case 'capsule':
    case 'cone':
      return `${shape.type}:${round(shape.radius)},${round(shape.height)}`;
    case 'barrel': {
      const b = barrelProfile(shape);
      return `barrel:${[b.hlow, b.hsup, b.rvert, b.rhor, b.roffset].map(round).join(',')}`;
    }
    case 'roundedbox':
      return `roundedbox:${shape.lengths.map(round).join(',')},${round(shape.radius)}`;
    case 'roundedcylinder':
      return `roundedcylinder:${round(shape.radius)},${round(shape.height)},${round(shape.sphereRadius)}`;
    case 'mesh':
      return `mesh:${shape.mesh}:${shape.scale.map(round).join(',')}`;
    case 'surface':
      return `mesh:${shape.mesh}:1,1,1`;
    default:
      return null;
  }
}

interface BarrelProfile {
  hlow: number;
  hsup: number;
  rvert: number;
  rhor: number;
  roffset: number;
}

/**
 * Chrono's barrel (ChVisualShapeBarrel, drawn by Irrlicht's createEllipticalMesh): an arc
 * of the ellipse with semi-axes `rhor` (across) and `rvert` (along local Y), moved out by
 * `roffset`, swept around local Y from y = hlow to y = hsup. Older streams sent only a
 * radius and height: they get a centred barrel of that size.
 */
function barrelProfile(shape: Extract<Shape, { type: 'barrel' }>): BarrelProfile {
  const { hlow, hsup, rvert, rhor, roffset } = shape;
  if (hlow !== undefined && hsup !== undefined && rvert && rhor !== undefined) {
    return { hlow, hsup, rvert: Math.abs(rvert), rhor, roffset: roffset ?? 0 };
  }
  const radius = shape.radius ?? shape.semiaxes?.[0] ?? 0.5;
  const height = shape.height ?? (shape.semiaxes ? 2 * shape.semiaxes[1] : 1);
  return { hlow: -height / 2, hsup: height / 2, rvert: height, rhor: radius, roffset: 0 };
}

/** Builds the geometry of a solid shape; meshes are looked up in the scene's table. */
export function buildGeometry(
  shape: Shape,
  meshes: ReadonlyMap<string, MeshData>,
  detail: Detail = 'fine',
): BufferGeometry | null {
  const RADIAL = SEGMENTS[detail];
  switch (shape.type) {
    case 'box':
      return new BoxGeometry(shape.lengths[0], shape.lengths[1], shape.lengths[2]);
    case 'sphere':
      return new SphereGeometry(shape.radius, RADIAL, RADIAL / 2);
    case 'ellipsoid': {
      const g = new SphereGeometry(1, RADIAL, RADIAL / 2);
      g.scale(shape.semiaxes[0], shape.semiaxes[1], shape.semiaxes[2]);
      return g;
    }
    case 'cylinder':
      return new CylinderGeometry(shape.radius, shape.radius, shape.height, RADIAL).rotateX(
        HALF_PI,
      );
    case 'capsule':
      // Chrono's capsule height is the length of its cylindrical part, like three's.
      return new CapsuleGeometry(shape.radius, shape.height, RADIAL / 4, RADIAL).rotateX(HALF_PI);
    case 'cone':
      return new ConeGeometry(shape.radius, shape.height, RADIAL)
        .rotateX(HALF_PI)
        .translate(0, 0, shape.height / 2);
    case 'barrel':
      return barrelGeometry(barrelProfile(shape), RADIAL);
    case 'roundedbox': {
      // Chrono's rounded box is the box swept by a sphere: the outer size grows by 2r.
      const [x, y, z] = shape.lengths;
      const r = shape.radius;
      return new RoundedBoxGeometry(x + 2 * r, y + 2 * r, z + 2 * r, RADIAL / 8, r);
    }
    case 'roundedcylinder':
      return roundedCylinderGeometry(shape.radius, shape.height, shape.sphereRadius, RADIAL);
    case 'mesh': {
      const data = meshes.get(shape.mesh);
      if (!data) return null;
      const g = meshGeometry(data);
      g.scale(shape.scale[0], shape.scale[1], shape.scale[2]);
      return g;
    }
    case 'surface': {
      const data = meshes.get(shape.mesh);
      return data ? meshGeometry(data) : null;
    }
    default:
      return null;
  }
}

/** The barrel's surface of revolution around local Y, closed at both ends. */
function barrelGeometry(b: BarrelProfile, radial: number): BufferGeometry {
  // The ellipse has no points beyond ±rvert: the ends are cut there.
  const low = Math.max(Math.min(b.hlow, b.hsup), -b.rvert);
  const high = Math.min(Math.max(b.hlow, b.hsup), b.rvert);
  const radiusAt = (y: number) =>
    Math.max(0, b.roffset + b.rhor * Math.sqrt(Math.max(0, 1 - (y / b.rvert) ** 2)));
  const steps = 16;
  const heights = Array.from({ length: steps + 1 }, (_, i) => low + ((high - low) * i) / steps);
  // The widest ring, at y = 0, is always drawn.
  if (low < 0 && high > 0 && !heights.includes(0)) heights.push(0);
  heights.sort((a, b) => a - b);
  const points = [
    new Vector2(0, low),
    ...heights.map((y) => new Vector2(radiusAt(y), y)),
    new Vector2(0, high),
  ];
  return new LatheGeometry(points, radial);
}

/** A cylinder along local Z swept by a sphere (rounded rims), as Chrono defines it. */
function roundedCylinderGeometry(
  radius: number,
  height: number,
  sr: number,
  radial: number,
): BufferGeometry {
  const half = height / 2;
  const points: Vector2[] = [new Vector2(0, -half - sr)];
  const arc = 6;
  for (let i = 0; i <= arc; i++) {
    const a = -HALF_PI + (i / arc) * HALF_PI;
    points.push(new Vector2(radius + sr * Math.cos(a), -half + sr * Math.sin(a)));
  }
  for (let i = 0; i <= arc; i++) {
    const a = (i / arc) * HALF_PI;
    points.push(new Vector2(radius + sr * Math.cos(a), half + sr * Math.sin(a)));
  }
  points.push(new Vector2(0, half + sr));
  return new LatheGeometry(points, radial).rotateX(HALF_PI);
}

/**
 * A triangle mesh from the scene's table. Chrono indexes normals apart from vertices, so
 * when normals come with their own indices the triangles are unrolled (three.js needs one
 * index for both); without normals they are computed.
 */
export function meshGeometry(data: MeshData): BufferGeometry {
  const g = new BufferGeometry();
  const { vertices, indices, normals, normalIndices } = data;
  if (normals && normalIndices && normalIndices.length === indices.length) {
    const pos = new Float32Array(indices.length * 3);
    const nor = new Float32Array(indices.length * 3);
    for (let i = 0; i < indices.length; i++) {
      const v = indices[i] * 3;
      const n = normalIndices[i] * 3;
      pos[i * 3] = vertices[v];
      pos[i * 3 + 1] = vertices[v + 1];
      pos[i * 3 + 2] = vertices[v + 2];
      nor[i * 3] = normals[n];
      nor[i * 3 + 1] = normals[n + 1];
      nor[i * 3 + 2] = normals[n + 2];
    }
    g.setAttribute('position', new BufferAttribute(pos, 3));
    g.setAttribute('normal', new BufferAttribute(nor, 3));
  } else {
    g.setAttribute('position', new BufferAttribute(new Float32Array(vertices), 3));
    g.setIndex(indices);
    g.computeVertexNormals();
  }
  g.computeBoundingSphere();
  return g;
}
