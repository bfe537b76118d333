// Latent codes on the host: draws from the prior N(0, I) and straight-line interpolation between two codes.
import type { Rng } from '../engine/random.js';

/** `count` codes from the prior N(0, I), row-major (count, Z). */
export function priorCodes(rng: Rng, count: number, Z: number): Float32Array {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`priorCodes: count must be a positive integer, got ${count}`);
  if (!Number.isSafeInteger(Z) || Z < 1) throw new RangeError(`priorCodes: Z must be a positive integer, got ${Z}`);
  return rng.fillNormal(new Float32Array(count * Z));
}

/**
 * `steps` codes evenly spaced on the segment from a to b (Z each), endpoints included and exact:
 * row i is a + (i / (steps - 1)) (b - a), row-major (steps, Z).
 */
export function interpolateCodes(a: Float32Array, b: Float32Array, steps: number): Float32Array {
  const where = 'interpolateCodes';
  if (a.length !== b.length || a.length === 0) throw new RangeError(`${where}: b.length must equal a.length = ${a.length} (> 0), got ${b.length}`);
  if (!Number.isSafeInteger(steps) || steps < 2) throw new RangeError(`${where}: steps must be an integer >= 2, got ${steps}`);
  const Z = a.length;
  const out = new Float32Array(steps * Z); // (steps, Z)
  for (let i = 0; i < steps; i++) {
    const t = i / (steps - 1);
    for (let d = 0; d < Z; d++) out[i * Z + d] = i === steps - 1 ? b[d] : a[d] + t * (b[d] - a[d]);
  }
  return out;
}

/** Codes on the path from a to b: linear, or spherical (slerp, which keeps the norm typical of the prior). */
export function latentPath(a: Float32Array, b: Float32Array, steps: number, spherical: boolean): Float32Array {
  if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`interpolate: steps must be an integer >= 2, got ${steps}`);
  const Z = a.length;
  const out = new Float32Array(steps * Z); // (steps, Z)
  const norm = (v: Float32Array) => Math.hypot(...v);
  let dot = 0;
  for (let d = 0; d < Z; d++) dot += a[d] * b[d];
  const norms = norm(a) * norm(b);
  // a zero endpoint has no direction: omega 0 makes the path the line
  const omega = norms === 0 ? 0 : Math.acos(Math.min(1, Math.max(-1, dot / norms)));
  for (let i = 0; i < steps; i++) {
    const t = i / (steps - 1);
    // slerp degenerates to the line when a and b are (anti)parallel or zero
    const [wa, wb] = spherical && Math.sin(omega) > 1e-6 ? [Math.sin((1 - t) * omega) / Math.sin(omega), Math.sin(t * omega) / Math.sin(omega)] : [1 - t, t];
    for (let d = 0; d < Z; d++) out[i * Z + d] = i === 0 ? a[d] : i === steps - 1 ? b[d] : wa * a[d] + wb * b[d];
  }
  return out;
}
