// The seeded train / valid / test split of a list of lines, deterministic from the seed alone.
import { Rng } from '../engine/random.js';
import { DataError } from './data-error.js';

/** Fractions of the lines for train, valid and test. */
export type SplitFractions = [number, number, number];

export const DEFAULT_SPLIT: SplitFractions = [0.9, 0.05, 0.05];

export interface SplitParts<T> {
  train: T[];
  valid: T[];
  test: T[];
}

/** Checks three non-negative fractions that sum to 1 (within 1e-6), with a positive train share. */
export function checkSplitFractions(fractions: readonly number[]): void {
  const inRange = fractions.length === 3 && fractions.every((f) => Number.isFinite(f) && f >= 0) && fractions[0] > 0;
  if (!inRange || Math.abs(fractions[0] + fractions[1] + fractions[2] - 1) > 1e-6) {
    throw new RangeError(`split: expected [train, valid, test] fractions >= 0 summing to 1 with train > 0, got [${fractions.join(', ')}]`);
  }
}

/** How many lines go to valid and test: a share rounded to nearest, but at least one line for a positive share. */
function partSize(count: number, share: number): number {
  return share > 0 ? Math.max(1, Math.round(count * share)) : 0;
}

/**
 * Splits `items` by a seeded shuffle (new Rng(seed).fork('split')): valid takes the first shuffled positions, test the
 * next, train the rest. Each part keeps the items' original order, so running text stays in reading order.
 * `source` names the data in the error for too few lines.
 */
export function seededSplit<T>(items: readonly T[], fractions: SplitFractions, seed: number, source: string): SplitParts<T> {
  checkSplitFractions(fractions);
  const validCount = partSize(items.length, fractions[1]);
  const testCount = partSize(items.length, fractions[2]);
  if (validCount + testCount >= items.length) {
    throw new DataError(`data: ${source} has only ${items.length} text lines, too few to split into train/valid/test by [${fractions.join(', ')}]`);
  }
  const part = new Uint8Array(items.length); // 0 train, 1 valid, 2 test
  const order = new Rng(seed).fork('split').permutation(items.length);
  for (let i = 0; i < validCount; i++) part[order[i]] = 1;
  for (let i = validCount; i < validCount + testCount; i++) part[order[i]] = 2;
  const parts: SplitParts<T> = { train: [], valid: [], test: [] };
  const names = ['train', 'valid', 'test'] as const;
  items.forEach((item, i) => parts[names[part[i]]].push(item));
  return parts;
}
