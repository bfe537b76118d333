// Checking what a model's step returned before any decoder reads it.
import { kindOf } from './checks.js';

/**
 * Checks that `logProbs` is a Float32Array of length rows * V and that every row marked in `rowsToCheck`
 * has no NaN or +Infinity and at least one finite entry outside the banned mask.
 */
export function checkStepOutput(where: string, output: unknown, rows: number, V: number, rowsToCheck: Uint8Array, bannedMask: Uint8Array): Float32Array {
  const logProbs = (typeof output === 'object' && output !== null ? (output as { logProbs?: unknown }).logProbs : undefined);
  if (!(logProbs instanceof Float32Array)) throw new TypeError(`${where}: model.step(...).logProbs must be a Float32Array, got ${kindOf(logProbs)}`);
  if (logProbs.length !== rows * V) throw new RangeError(`${where}: model.step(...).logProbs must have length ${rows} * ${V} = ${rows * V}, got ${logProbs.length}`);
  for (let b = 0; b < rows; b++) {
    if (rowsToCheck[b] !== 1) continue;
    let hasAllowed = false;
    for (let v = 0; v < V; v++) {
      const value = logProbs[b * V + v]; // (B, V)
      if (Number.isNaN(value) || value === Infinity) throw new RangeError(`${where}: model.step(...).logProbs[${b}, ${v}] must be finite or -Infinity, got ${value}`);
      if (value !== -Infinity && bannedMask[v] !== 1) hasAllowed = true;
    }
    if (!hasAllowed) throw new RangeError(`${where}: model.step(...).logProbs row ${b} must have a finite entry outside bannedTokens, got none`);
  }
  return logProbs;
}
