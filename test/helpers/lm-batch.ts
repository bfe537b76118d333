// A random language-model batch for tests: B rows of T + 1 ids, as inputs x (B, T) and next-token targets y (B, T).
import type { Rng } from '../../src/engine/random.js';

export function shiftedBatch(rng: Rng, B: number, T: number, V: number): { x: Int32Array; y: Int32Array } {
  const tokens = Int32Array.from({ length: B * (T + 1) }, () => rng.int(0, V));
  const x = new Int32Array(B * T);
  const y = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      x[b * T + t] = tokens[b * (T + 1) + t];
      y[b * T + t] = tokens[b * (T + 1) + t + 1];
    }
  }
  return { x, y };
}
