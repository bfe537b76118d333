// The decoding entry points: decode() with any strategy, and beamSearch() for every input's n-best list.
import type { StepModel } from './step-model.js';
import type { ScoredSequence } from './hypothesis.js';
import { checkStrategy } from './strategy.js';
import { planDecode, requireRng, type DecodedSequence, type DecodeOptions } from './options.js';
import { runTokenLoop } from './token-loop.js';
import { greedyChooser } from './greedy.js';
import { sampleChooser } from './sample.js';
import { runBeamSearch } from './beam-search.js';

/**
 * Decodes `options.count` sequences, or one per prompt, as one static batch (one `model.step` per
 * position for all rows), returning them in input order. With the beam strategy each input's
 * best-scoring hypothesis is returned (see `beamSearch` for all of them).
 */
export async function decode<S>(model: StepModel<S>, options: DecodeOptions): Promise<DecodedSequence[]> {
  const where = 'decode';
  const plan = planDecode(where, model, options);
  const strategy: unknown = options.strategy;
  checkStrategy(where, strategy);
  switch (strategy.kind) {
    case 'greedy':
      return runTokenLoop(where, model, plan, greedyChooser(model.vocabSize, plan.bannedMask));
    case 'sample':
      requireRng(where, options.rng);
      return runTokenLoop(where, model, plan, sampleChooser(model.vocabSize, strategy, plan.bannedMask, options.rng));
    case 'beam': {
      const nBest = await runBeamSearch(where, model, plan, strategy.beamSize, strategy.lengthPenalty ?? 0);
      return nBest.map(([best]) => ({ tokens: best.tokens, logProb: best.logProb }));
    }
  }
}

/** `decode` options for beam search, with the beam settings in place of `strategy` and `rng`. */
export type BeamSearchOptions = Omit<DecodeOptions, 'strategy' | 'rng'> & { beamSize: number; lengthPenalty?: number };

/** Beam search returning, per input, its finished hypotheses (up to beamSize) best first by score. */
export async function beamSearch<S>(model: StepModel<S>, options: BeamSearchOptions): Promise<ScoredSequence[][]> {
  const where = 'beamSearch';
  const plan = planDecode(where, model, { ...options, strategy: { kind: 'greedy' } });
  const strategy = { kind: 'beam', beamSize: options.beamSize, lengthPenalty: options.lengthPenalty };
  checkStrategy(where, strategy);
  return runBeamSearch(where, model, plan, options.beamSize, options.lengthPenalty ?? 0);
}
