// The public API of the metrics: BLEU and Self-BLEU (exact to NLTK), diversity, copy rate, and the combined text metrics.
export * from './bleu.js';
export { distinctN, ngramEntropy, diversityReport } from './diversity.js';
export { copyRate } from './copy-rate.js';
export { textMetrics, type TextMetrics } from './text-metrics.js';
export * from './vae.js';
