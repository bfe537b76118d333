// The sequence VAE (Bowman et al. 2016): config, model, graphs, evaluation, encoding, latent codes and decoding.
export { SEQVAE_PRESETS, validateSeqVaeConfig, type SeqVaeConfig, type SeqVaeCell, type SeqVaeConditioning, type FreeBitsMode, type SeqVaePreset } from './config.js';
export { SeqVae, timeRows, type Posterior } from './model.js';
export { trainLoss, evalBatch, encodeGraph } from './graphs.js';
export { evaluateSeqVae, SeqVaeEvaluator, type SeqVaeEvalOptions, type SeqVaeEvaluation } from './evaluate.js';
export { encodeSentences, type EncodeOptions, type EncodedPosteriors } from './encode.js';
export { reconstructionScores, type Reconstruction } from './reconstruction.js';
export { priorCodes, interpolateCodes } from '../../nn/latent-codes.js';
export { latentStepModel, type LatentDecodeState } from './step-model.js';
export { sampleFromPrior, type PriorSampleOptions } from './sample.js';
export { SeqVaeTask, type SeqVaeTrainingSettings } from './task.js';
export { seqVaeFamily, type SeqVaeTrainResult, type LoadedSeqVae } from './family.js';
