// Synthetic runs for the contract tests: exact motions of a rigid pendulum and a slider-crank,
// fed to the trajectory recorder as the bridge's sample frames would be.
import { FRAME_SAMPLE, POSE_STRIDE, type SceneItem, type Vec3 } from '../../stream';
import { TrajectoryRecorder, type Trajectory } from './trajectory';

export interface Pose {
  pos: Vec3;
  /** Rotation about +z, rad. */
  angle: number;
  vel: Vec3;
}

function item(key: number, name: string, fixed: boolean, mass: number): SceneItem {
  return { key, id: key, name, kind: 'body', fixed, clones: 0, shapes: [], mass };
}

/** Records bodies (key 1 is a fixed ground) whose poses come from `poseAt(key, t)`. */
export function recordMotion(
  bodies: { name: string; mass: number }[],
  poseAt: (index: number, t: number) => Pose,
  until: number,
  dt = 0.01,
  gravity: Vec3 = [0, -9.81, 0],
): Trajectory {
  const recorder = new TrajectoryRecorder();
  recorder.scene({
    type: 'scene',
    full: true,
    upAxis: 'Y',
    camera: null,
    add: [item(1, 'ground', true, 1), ...bodies.map((b, i) => item(i + 2, b.name, false, b.mass))],
    remove: [],
    meshes: {},
    system: { gravity, timestep: 1e-3, solver: null, timestepper: null, contactMethod: 'NSC' },
  });
  for (let step = 0; step * dt <= until + 1e-9; step++) {
    const t = step * dt;
    const keys = new Uint32Array(bodies.length + 1);
    const poses = new Float32Array((bodies.length + 1) * POSE_STRIDE);
    keys[0] = 1;
    poses.set([0, 0, 0, 1, 0, 0, 0, 0, 0, 0], 0);
    bodies.forEach((_, i) => {
      const p = poseAt(i, t);
      keys[i + 1] = i + 2;
      const h = p.angle / 2;
      poses.set([...p.pos, Math.cos(h), 0, 0, Math.sin(h), ...p.vel], (i + 1) * POSE_STRIDE);
    });
    recorder.frame({ simTime: t, flags: FRAME_SAMPLE, keys, poses });
  }
  return recorder.result();
}

/** θ(t) of a rigid pendulum (θ from the downward vertical), by RK4 with a fine step. */
export function pendulumAngle(
  theta0: number,
  omega2: number,
  until: number,
  h = 1e-4,
): (t: number) => { theta: number; omega: number } {
  const samples: { theta: number; omega: number }[] = [];
  let theta = theta0;
  let omega = 0;
  const f = (th: number) => -omega2 * Math.sin(th);
  for (let i = 0; i * h <= until + h; i++) {
    samples.push({ theta, omega });
    const k1t = omega;
    const k1o = f(theta);
    const k2t = omega + (h / 2) * k1o;
    const k2o = f(theta + (h / 2) * k1t);
    const k3t = omega + (h / 2) * k2o;
    const k3o = f(theta + (h / 2) * k2t);
    const k4t = omega + h * k3o;
    const k4o = f(theta + h * k3t);
    theta += (h / 6) * (k1t + 2 * k2t + 2 * k3t + k4t);
    omega += (h / 6) * (k1o + 2 * k2o + 2 * k3o + k4o);
  }
  return (t) => samples[Math.round(t / h)];
}

/** The exact period of a rigid pendulum of amplitude θ0: 4·K(sin(θ0/2))/√(ω²). */
export function pendulumPeriod(theta0: number, omega2: number): number {
  let a = 1;
  let b = Math.sqrt(1 - Math.sin(theta0 / 2) ** 2);
  for (let i = 0; i < 30; i++) [a, b] = [(a + b) / 2, Math.sqrt(a * b)];
  return (4 * (Math.PI / (2 * a))) / Math.sqrt(omega2);
}
