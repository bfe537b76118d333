// Turning one row of log-probabilities (or logits) into probabilities at a given temperature.
import { requireFinite, requireNumberRow } from './checks.js';

/**
 * Probabilities proportional to exp(logits[i] / temperature), computed stably (the maximum is
 * subtracted first) in float64. Entries of -Infinity get probability exactly 0; at least one entry
 * must be finite, and none may be NaN or +Infinity.
 */
export function softmaxWithTemperature(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const where = 'softmaxWithTemperature';
  requireNumberRow(where, 'logits', logits);
  requireFinite(where, 'temperature', temperature);
  if (!(temperature > 0)) throw new RangeError(`${where}: temperature must be > 0, got ${temperature}`);
  let largest = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    const value = logits[i];
    if (Number.isNaN(value) || value === Infinity) throw new RangeError(`${where}: logits[${i}] must be finite or -Infinity, got ${value}`);
    if (value > largest) largest = value;
  }
  if (largest === -Infinity) throw new RangeError(`${where}: logits must have at least one finite entry, got all -Infinity`);
  const probs = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    probs[i] = Math.exp((logits[i] - largest) / temperature); // exp(-Infinity) is 0
    total += probs[i];
  }
  for (let i = 0; i < probs.length; i++) probs[i] /= total;
  return probs;
}
