// The public API of the model-based evaluators: the SeqGAN oracle (NLL-oracle) and reverse perplexity; they train or run models, so they sit above src/models.
export { reversePerplexity, type ReversePerplexityOptions } from './reverse-perplexity.js';
export { loadOracle, createOracle, saveOracle, sampleFromOracle, OracleScorer, ORACLE } from './oracle.js';
