// The Gaussian KL terms now live in src/nn/gaussian-latent.ts; re-exported for existing importers.
export { gaussianKlPerDimension, klTerms, type KlTerms } from '../../nn/gaussian-latent.js';
