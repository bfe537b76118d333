// Copy rate: the share of generated sentences whose token sequence appears verbatim in the training data.
import { sequenceKey } from './diversity.js';

/** Fraction of `generated` sentences equal, token for token, to some training sentence; 0 when nothing was generated. */
export function copyRate(generated: readonly (readonly string[])[], training: readonly (readonly string[])[]): number {
  if (generated.length === 0) return 0;
  const seen = new Set<string>();
  for (const sentence of training) seen.add(sequenceKey(sentence));
  let copied = 0;
  for (const sentence of generated) if (seen.has(sequenceKey(sentence))) copied++;
  return copied / generated.length;
}
