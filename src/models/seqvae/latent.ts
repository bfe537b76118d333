// Host-side latent codes (prior draws, interpolation) now live in src/nn; re-exported for existing importers.
export { priorCodes, interpolateCodes } from '../../nn/latent-codes.js';
