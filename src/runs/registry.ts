// The model families textforge knows: adding a family is its folder under src/models plus one line here.
import type { Family } from '../train/family.js';
import { lmFamily } from '../models/lm/family.js';
import { seqVaeFamily } from '../models/seqvae/family.js';
import { seqGanFamily } from '../models/seqgan/family.js';

/** Each family's own settings and result types stay inside it; the registry sees the common shape. */
type AnyFamily = Family<never, never>;

export const FAMILIES: readonly AnyFamily[] = [
  lmFamily as unknown as AnyFamily,
  seqVaeFamily as unknown as AnyFamily,
  seqGanFamily as unknown as AnyFamily,
];

/** The family called `name`, or a one-line error listing the known ones. */
export function familyNamed(name: string): Family {
  const family = FAMILIES.find((f) => f.name === name);
  if (family === undefined) throw new RangeError(`unknown model family '${name}'; known: ${FAMILIES.map((f) => f.name).join(', ')}`);
  return family as unknown as Family;
}
