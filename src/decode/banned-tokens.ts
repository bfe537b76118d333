// The set of tokens a decoder may never produce, as a vocabulary mask, and applying it to a row.
import { requireArray, requireIntegerIn } from './checks.js';

/** A (V) mask with 1 at each banned token id; every id must be an integer in [0, vocabSize). */
export function bannedTokenMask(where: string, bannedTokens: unknown, vocabSize: number): Uint8Array {
  const mask = new Uint8Array(vocabSize);
  if (bannedTokens === undefined) return mask;
  requireArray(where, 'bannedTokens', bannedTokens);
  bannedTokens.forEach((token, i) => {
    requireIntegerIn(where, `bannedTokens[${i}]`, token, 0, vocabSize);
    mask[token] = 1;
  });
  return mask;
}

/** Copies `row` into `out` (both length V) with banned entries set to -Infinity, and returns `out`. */
export function withBannedRemoved(row: ArrayLike<number>, mask: Uint8Array, out: Float64Array): Float64Array {
  for (let v = 0; v < row.length; v++) out[v] = mask[v] === 1 ? -Infinity : row[v];
  return out;
}
