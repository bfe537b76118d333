// The index of the largest entry of a row, the greedy choice.
import { requireNumberRow } from './checks.js';

/** The index of the largest entry; ties go to the lowest index and NaN entries are never chosen. */
export function argmax(row: ArrayLike<number>): number {
  requireNumberRow('argmax', 'row', row);
  let best = -1;
  for (let i = 0; i < row.length; i++) {
    const value = row[i];
    if (Number.isNaN(value)) continue;
    if (best === -1 || value > row[best]) best = i;
  }
  if (best === -1) throw new RangeError(`argmax: row must have a non-NaN entry, got all ${row.length} NaN`);
  return best;
}
