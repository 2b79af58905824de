// Quaternion helpers of the review, scalar part first (Chrono's e0..e3), float64.

/**
 * The angle (radians, 0..π) of the rotation that takes orientation a to orientation b,
 * i.e. of a⁻¹·b, with q and −q the same orientation. Neither needs to be normalised.
 * atan2 of the vector and scalar parts stays accurate for tiny angles (acos does not), and
 * a quaternion compared with itself gives exactly 0.
 */
export function rotationAngle(
  a: ArrayLike<number>,
  ai: number,
  b: ArrayLike<number>,
  bi: number,
): number {
  const aw = a[ai],
    ax = -a[ai + 1],
    ay = -a[ai + 2],
    az = -a[ai + 3];
  const bw = b[bi],
    bx = b[bi + 1],
    by = b[bi + 2],
    bz = b[bi + 3];
  // conj(a) ⊗ b, with the terms paired so that each pair cancels exactly when b = ±a.
  const w = aw * bw - ax * bx - ay * by - az * bz;
  const x = aw * bx + ax * bw + (ay * bz - az * by);
  const y = aw * by + ay * bw + (az * bx - ax * bz);
  const z = aw * bz + az * bw + (ax * by - ay * bx);
  return 2 * Math.atan2(Math.hypot(x, y, z), Math.abs(w));
}

/**
 * Spherical interpolation from q0 (u = 0) to q1 (u = 1) along the shorter arc, written
 * into out[oi..oi+3]; normalised linear interpolation when the two are nearly equal.
 */
export function slerpInto(
  q: ArrayLike<number>,
  i0: number,
  i1: number,
  u: number,
  out: Float64Array,
  oi: number,
): void {
  let dot = q[i0] * q[i1] + q[i0 + 1] * q[i1 + 1] + q[i0 + 2] * q[i1 + 2] + q[i0 + 3] * q[i1 + 3];
  const sign = dot < 0 ? -1 : 1;
  dot *= sign;
  let w0: number, w1: number;
  if (dot > 0.9995) {
    w0 = 1 - u;
    w1 = u;
  } else {
    const theta = Math.acos(Math.min(1, dot));
    const s = Math.sin(theta);
    w0 = Math.sin((1 - u) * theta) / s;
    w1 = Math.sin(u * theta) / s;
  }
  w1 *= sign;
  let norm = 0;
  for (let k = 0; k < 4; k++) {
    const v = w0 * q[i0 + k] + w1 * q[i1 + k];
    out[oi + k] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let k = 0; k < 4; k++) out[oi + k] /= norm;
}
