// The greedy chooser: the most probable allowed token of each row, ties to the lowest id.
import type { TokenChooser } from './token-loop.js';
import { argmax } from './argmax.js';
import { withBannedRemoved } from './banned-tokens.js';

/** A chooser taking, per row, the argmax over the tokens not in `bannedMask` (V). */
export function greedyChooser(vocabSize: number, bannedMask: Uint8Array): TokenChooser {
  const V = vocabSize;
  const scratch = new Float64Array(V);
  return (logProbs, choosing) => {
    const chosen = new Int32Array(choosing.length);
    for (let b = 0; b < choosing.length; b++) {
      if (choosing[b] === 1) chosen[b] = argmax(withBannedRemoved(logProbs.subarray(b * V, (b + 1) * V), bannedMask, scratch)); // (B, V) row b
    }
    return chosen;
  };
}
