// Optimizers that run inside the training-step graph.
export { adam, adamw, type AdamOptions } from './adam.js';
export { sgd, type SgdOptions } from './sgd.js';
export { clipByGlobalNorm, globalNorm } from '../engine/clip.js';
