// The sampling chooser: one uniform per row per step, in row order, inverted through each row's sampling distribution.
import type { Rng } from '../engine/random.js';
import type { SampleStrategy } from './strategy.js';
import type { TokenChooser } from './token-loop.js';
import { samplingDistribution } from './sampling-distribution.js';
import { drawFromCdf } from './draw.js';

/**
 * A chooser drawing each row's token from `samplingDistribution` with `rng.uniform()`. Exactly one
 * uniform is consumed per row per step, in row order, including rows that are inside their prompt
 * or finished: for a given seed and batch size, the uniform row b gets at step t is always the
 * (t * B + b)-th, whatever the other rows' prompts and finishing times.
 */
export function sampleChooser(vocabSize: number, strategy: SampleStrategy, bannedMask: Uint8Array, rng: Rng): TokenChooser {
  const V = vocabSize;
  const scratch = new Float64Array(V);
  return (logProbs, choosing) => {
    const chosen = new Int32Array(choosing.length);
    for (let b = 0; b < choosing.length; b++) {
      const u = rng.uniform();
      if (choosing[b] === 0) continue;
      const row = logProbs.subarray(b * V, (b + 1) * V); // (B, V) row b
      chosen[b] = drawFromCdf(samplingDistribution(row, strategy, bannedMask, scratch), u);
    }
    return chosen;
  };
}
