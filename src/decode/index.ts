// Batched decoding for any autoregressive model behind the StepModel interface: greedy, sampling and beam search.
export type { StepModel } from './step-model.js';
export { checkStrategy, type DecodeStrategy, type GreedyStrategy, type SampleStrategy, type BeamStrategy } from './strategy.js';
export type { DecodeOptions, DecodedSequence } from './options.js';
export type { ScoredSequence } from './hypothesis.js';
export { decode, beamSearch, type BeamSearchOptions } from './decode.js';
export { softmaxWithTemperature } from './softmax.js';
export { keepTopK } from './top-k.js';
export { keepTopP } from './top-p.js';
export { argmax } from './argmax.js';
export { drawFromCdf } from './draw.js';
export { lengthNormalizedScore } from './length-penalty.js';
