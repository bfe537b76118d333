// Host-side float64 metrics of a sequence VAE from its Gaussian posterior parameters: KL, active units, mutual information, importance-weighted NLL, perplexity and the ELBO.

/** A row-major block of values as the engine hands it over; every computation here reads it into float64. */
export type FloatArray = Float32Array | Float64Array;

/** Which estimate of E_x E_q(z|x)[log q(z|x)], the first term of the mutual information, to use. */
export type MutualInformationFirstTerm = 'closed-form' | 'sampled';

export interface MutualInformationOptions {
  /**
   * 'closed-form' (default, as He et al.'s code): the negative entropy -Z/2 log(2 pi) - 1/2 sum_d (1 + logVar_d), averaged over sentences.
   * 'sampled': log q(z_x|x) at the caller's sample z_x, averaged over sentences; with it the estimate never exceeds log N.
   */
  firstTerm?: MutualInformationFirstTerm;
}

export interface ActiveUnits {
  /** Number of dimensions whose posterior-mean variance over sentences is strictly above the threshold. */
  count: number;
  /** Population variance (divided by N) over sentences of each dimension's posterior mean, Float64Array(Z). */
  variances: Float64Array;
}

export interface ElboSummary {
  /** Mean over sentences of -(reconstruction NLL + KL), the evidence lower bound in nats. */
  elbo: number;
  /** Mean over sentences of the reconstruction NLL, -E_q[log p(x|z)]. */
  reconstructionNll: number;
  /** Mean over sentences of KL(q(z|x) || p(z)). */
  kl: number;
}

const LOG_TWO_PI = Math.log(2 * Math.PI);
const DEFAULT_ACTIVE_UNIT_THRESHOLD = 0.01; // Burda et al. 2016

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  return typeof value;
}

function requireCount(where: string, what: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${where}: ${what} must be a number, got ${kindOf(value)}`);
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${where}: ${what} must be a positive integer, got ${value}`);
  return value;
}

/** Checks the type and exact length of a float block; `shape` names the expected size in the message, e.g. 'N * Z'. */
function requireFloatArray(where: string, what: string, value: unknown, length: number, shape: string): FloatArray {
  if (!(value instanceof Float32Array) && !(value instanceof Float64Array)) {
    throw new TypeError(`${where}: ${what} must be a Float32Array or Float64Array, got ${kindOf(value)}`);
  }
  if (value.length !== length) throw new RangeError(`${where}: ${what}.length must equal ${shape} = ${length}, got ${value.length}`);
  return value;
}

function requireFiniteEntries(where: string, what: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`${where}: ${what}[${i}] must be finite, got ${values[i]}`);
  }
}

/** Log-densities may be -Infinity (probability zero) but never NaN or +Infinity. */
function requireLogDensityEntries(where: string, what: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Number.isNaN(value) || value === Infinity) throw new RangeError(`${where}: ${what}[${i}] must be finite or -Infinity, got ${value}`);
  }
}

/** Checks mu and logVar, both (N, Z) and finite. */
function requirePosterior(where: string, mu: unknown, logVar: unknown, sentences: unknown, latentSize: unknown): { N: number; Z: number; mu: FloatArray; logVar: FloatArray } {
  const N = requireCount(where, 'N', sentences);
  const Z = requireCount(where, 'Z', latentSize);
  const checkedMu = requireFloatArray(where, 'mu', mu, N * Z, 'N * Z');
  const checkedLogVar = requireFloatArray(where, 'logVar', logVar, N * Z, 'N * Z');
  requireFiniteEntries(where, 'mu', checkedMu);
  requireFiniteEntries(where, 'logVar', checkedLogVar);
  return { N, Z, mu: checkedMu, logVar: checkedLogVar };
}

/** log sum_i exp(values[i]) for i in [start, end), shifted by the maximum so nothing overflows; -Infinity when every term is. */
function logSumExpRange(values: ArrayLike<number>, start: number, end: number): number {
  let max = -Infinity;
  for (let i = start; i < end; i++) if (values[i] > max) max = values[i];
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = start; i < end; i++) sum += Math.exp(values[i] - max);
  return max + Math.log(sum);
}

/** exp(logVar) - logVar - 1, through expm1 so it keeps its precision when logVar is near 0. */
function varianceKlTerm(logVar: number): number {
  return Math.expm1(logVar) - logVar;
}

/** (z - mu)^2 / exp(logVar), read as 0 when z equals mu even if the variance underflows. */
function scaledSquare(diff: number, logVar: number): number {
  return diff === 0 ? 0 : diff * diff * Math.exp(-logVar);
}

/**
 * KL(N(mu, diag exp(logVar)) || N(0, I)) = 0.5 * sum_d (mu_d^2 + exp(logVar_d) - logVar_d - 1) for each sentence.
 * mu and logVar are (N, Z); returns Float64Array(N).
 */
export function gaussianKl(mu: FloatArray, logVar: FloatArray, N: number, Z: number): Float64Array {
  const posterior = requirePosterior('gaussianKl', mu, logVar, N, Z);
  const kl = new Float64Array(posterior.N);
  for (let n = 0; n < posterior.N; n++) {
    let sum = 0;
    for (let d = 0; d < posterior.Z; d++) {
      const index = n * posterior.Z + d; // (N, Z)
      const mean = posterior.mu[index];
      sum += mean * mean + varianceKlTerm(posterior.logVar[index]);
    }
    kl[n] = 0.5 * sum;
  }
  return kl;
}

/** The KL of each latent dimension averaged over sentences, Float64Array(Z); it sums to the mean of gaussianKl. */
export function klPerDimension(mu: FloatArray, logVar: FloatArray, N: number, Z: number): Float64Array {
  const posterior = requirePosterior('klPerDimension', mu, logVar, N, Z);
  const klSum = new Float64Array(posterior.Z);
  for (let n = 0; n < posterior.N; n++) {
    for (let d = 0; d < posterior.Z; d++) {
      const index = n * posterior.Z + d; // (N, Z)
      const mean = posterior.mu[index];
      klSum[d] += 0.5 * (mean * mean + varianceKlTerm(posterior.logVar[index]));
    }
  }
  for (let d = 0; d < posterior.Z; d++) klSum[d] /= posterior.N;
  return klSum;
}

/**
 * Active units (Burda et al. 2016): dimension d is active when Var_x(mu_d(x)) > threshold (default 0.01).
 * The variance is the population variance over the N sentences (divided by N, as He et al.'s covariance over the dataset),
 * computed in two passes (mean, then squared deviations) so a large common offset does not cancel it away.
 */
export function activeUnits(mu: FloatArray, N: number, Z: number, threshold = DEFAULT_ACTIVE_UNIT_THRESHOLD): ActiveUnits {
  const where = 'activeUnits';
  const sentences = requireCount(where, 'N', N);
  const latentSize = requireCount(where, 'Z', Z);
  const means = requireFloatArray(where, 'mu', mu, sentences * latentSize, 'N * Z');
  requireFiniteEntries(where, 'mu', means);
  if (typeof threshold !== 'number') throw new TypeError(`${where}: threshold must be a number, got ${kindOf(threshold)}`);
  if (!Number.isFinite(threshold) || threshold < 0) throw new RangeError(`${where}: threshold must be finite and >= 0, got ${threshold}`);

  const centre = new Float64Array(latentSize);
  for (let n = 0; n < sentences; n++) for (let d = 0; d < latentSize; d++) centre[d] += means[n * latentSize + d]; // (N, Z)
  for (let d = 0; d < latentSize; d++) centre[d] /= sentences;
  const variances = new Float64Array(latentSize);
  for (let n = 0; n < sentences; n++) {
    for (let d = 0; d < latentSize; d++) {
      const deviation = means[n * latentSize + d] - centre[d]; // (N, Z)
      variances[d] += deviation * deviation;
    }
  }
  let count = 0;
  for (let d = 0; d < latentSize; d++) {
    variances[d] /= sentences;
    if (variances[d] > threshold) count++;
  }
  return { count, variances };
}

/**
 * log N(z; mu, diag exp(logVar)) = -1/2 sum_d (log 2 pi + logVar_d + (z_d - mu_d)^2 / exp(logVar_d)) for every row of z.
 * mu and logVar are (N, Z); z is (N, Z) or (N, K, Z), K samples per posterior, with K = z.length / (N * Z).
 * Returns Float64Array(N) or Float64Array(N * K), row-major (N, K).
 */
export function logNormalDiag(z: FloatArray, mu: FloatArray, logVar: FloatArray, Z: number): Float64Array {
  const where = 'logNormalDiag';
  const latentSize = requireCount(where, 'Z', Z);
  if (!(mu instanceof Float32Array) && !(mu instanceof Float64Array)) throw new TypeError(`${where}: mu must be a Float32Array or Float64Array, got ${kindOf(mu)}`);
  if (mu.length === 0 || mu.length % latentSize !== 0) throw new RangeError(`${where}: mu.length must be a positive multiple of Z = ${latentSize}, got ${mu.length}`);
  const posteriors = mu.length / latentSize;
  requireFloatArray(where, 'logVar', logVar, mu.length, 'mu.length');
  if (!(z instanceof Float32Array) && !(z instanceof Float64Array)) throw new TypeError(`${where}: z must be a Float32Array or Float64Array, got ${kindOf(z)}`);
  if (z.length === 0 || z.length % mu.length !== 0) throw new RangeError(`${where}: z.length must be a positive multiple of mu.length = ${mu.length}, got ${z.length}`);
  requireFiniteEntries(where, 'z', z);
  requireFiniteEntries(where, 'mu', mu);
  requireFiniteEntries(where, 'logVar', logVar);

  const samplesPerPosterior = z.length / mu.length;
  const logDensities = new Float64Array(posteriors * samplesPerPosterior);
  for (let n = 0; n < posteriors; n++) {
    let constant = latentSize * LOG_TWO_PI;
    for (let d = 0; d < latentSize; d++) constant += logVar[n * latentSize + d]; // (N, Z)
    for (let k = 0; k < samplesPerPosterior; k++) {
      const row = n * samplesPerPosterior + k; // (N, K)
      let quadratic = 0;
      for (let d = 0; d < latentSize; d++) {
        const posteriorIndex = n * latentSize + d; // (N, Z)
        quadratic += scaledSquare(z[row * latentSize + d] - mu[posteriorIndex], logVar[posteriorIndex]); // z: (N, K, Z)
      }
      logDensities[row] = -0.5 * (constant + quadratic);
    }
  }
  return logDensities;
}

/** log N(z; 0, I) = -1/2 sum_d (log 2 pi + z_d^2) for every Z-row of z; returns Float64Array(z.length / Z). */
export function logStandardNormal(z: FloatArray, Z: number): Float64Array {
  const where = 'logStandardNormal';
  const latentSize = requireCount(where, 'Z', Z);
  if (!(z instanceof Float32Array) && !(z instanceof Float64Array)) throw new TypeError(`${where}: z must be a Float32Array or Float64Array, got ${kindOf(z)}`);
  if (z.length === 0 || z.length % latentSize !== 0) throw new RangeError(`${where}: z.length must be a positive multiple of Z = ${latentSize}, got ${z.length}`);
  requireFiniteEntries(where, 'z', z);
  const rows = z.length / latentSize;
  const logDensities = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    let squares = 0;
    for (let d = 0; d < latentSize; d++) {
      const value = z[row * latentSize + d]; // (rows, Z)
      squares += value * value;
    }
    logDensities[row] = -0.5 * (latentSize * LOG_TWO_PI + squares);
  }
  return logDensities;
}

/**
 * The closed-form negative entropy of each posterior, E_q(z|x)[log q(z|x)] = -Z/2 log(2 pi) - 1/2 sum_d logVar_d - Z/2.
 * logVar is (N, Z); returns Float64Array(N).
 */
export function gaussianNegativeEntropy(logVar: FloatArray, N: number, Z: number): Float64Array {
  const where = 'gaussianNegativeEntropy';
  const sentences = requireCount(where, 'N', N);
  const latentSize = requireCount(where, 'Z', Z);
  const logVariances = requireFloatArray(where, 'logVar', logVar, sentences * latentSize, 'N * Z');
  requireFiniteEntries(where, 'logVar', logVariances);
  const negativeEntropy = new Float64Array(sentences);
  for (let n = 0; n < sentences; n++) {
    let sum = 0;
    for (let d = 0; d < latentSize; d++) sum += 1 + logVariances[n * latentSize + d]; // (N, Z)
    negativeEntropy[n] = -0.5 * (latentSize * LOG_TWO_PI + sum);
  }
  return negativeEntropy;
}

/**
 * Mutual information I(x; z) under q (He et al. 2019): mean_x E_q(z|x)[log q(z|x)] - mean_x log q_agg(z_x), where
 * z_x is one sample from q(z|x) per sentence (drawn by the caller, (N, Z)) and
 * log q_agg(z) = logmeanexp_j log N(z; mu_j, exp(logVar_j)) over the N sentences of the batch.
 *
 * The first term defaults to its closed form, the negative entropy E_q[log q(z|x)] = -Z/2 log(2 pi) - 1/2 sum_d logVar_d - Z/2,
 * as He et al.'s code does; `firstTerm: 'sampled'` uses log q(z_x|x) instead. Since log q_agg(z_x) >= log q(z_x|x) - log N,
 * the sampled estimate never exceeds log N; the closed-form one can, by Monte-Carlo noise of standard deviation about sqrt(Z / 2N).
 * Either estimate can be slightly negative. Costs O(N^2 Z).
 */
export function mutualInformation(mu: FloatArray, logVar: FloatArray, z: FloatArray, N: number, Z: number, options: MutualInformationOptions = {}): number {
  const where = 'mutualInformation';
  const posterior = requirePosterior(where, mu, logVar, N, Z);
  const samples = requireFloatArray(where, 'z', z, posterior.N * posterior.Z, 'N * Z');
  requireFiniteEntries(where, 'z', samples);
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options must be an object, got ${kindOf(options)}`);
  const firstTerm = options.firstTerm ?? 'closed-form';
  if (firstTerm !== 'closed-form' && firstTerm !== 'sampled') throw new RangeError(`${where}: options.firstTerm must be 'closed-form' or 'sampled', got ${String(firstTerm)}`);

  const sentences = posterior.N;
  const latentSize = posterior.Z;
  const inverseVariances = new Float64Array(sentences * latentSize); // (N, Z)
  const normalisers = new Float64Array(sentences); // -1/2 (Z log 2 pi + sum_d logVar_jd), (N)
  for (let j = 0; j < sentences; j++) {
    let logVarSum = 0;
    for (let d = 0; d < latentSize; d++) {
      const index = j * latentSize + d; // (N, Z)
      inverseVariances[index] = Math.exp(-posterior.logVar[index]);
      logVarSum += posterior.logVar[index];
    }
    normalisers[j] = -0.5 * (latentSize * LOG_TWO_PI + logVarSum);
  }

  const pairLogDensities = new Float64Array(sentences); // log q(z_i | x_j) for one i, (N)
  let sampledFirstTermSum = 0;
  let aggregateSum = 0;
  for (let i = 0; i < sentences; i++) {
    for (let j = 0; j < sentences; j++) {
      let quadratic = 0;
      for (let d = 0; d < latentSize; d++) {
        const diff = samples[i * latentSize + d] - posterior.mu[j * latentSize + d]; // (N, Z)
        if (diff !== 0) quadratic += diff * diff * inverseVariances[j * latentSize + d];
      }
      pairLogDensities[j] = normalisers[j] - 0.5 * quadratic;
    }
    sampledFirstTermSum += pairLogDensities[i];
    aggregateSum += logSumExpRange(pairLogDensities, 0, sentences) - Math.log(sentences);
  }

  let firstTermMean: number;
  if (firstTerm === 'sampled') {
    firstTermMean = sampledFirstTermSum / sentences;
  } else {
    firstTermMean = mean(gaussianNegativeEntropy(posterior.logVar, sentences, latentSize));
  }
  return firstTermMean - aggregateSum / sentences;
}

/**
 * Importance-weighted NLL per sentence with K samples z_k ~ q(z|x):
 * -[logsumexp_k (log p(x|z_k) + log p(z_k) - log q(z_k|x)) - log K], the negative of a lower bound on log p(x) that tightens
 * as K grows (K = 1 is the single-sample ELBO). All three inputs are (N, K); returns Float64Array(N).
 * log p(x|z) and log p(z) may be -Infinity (the sentence's NLL is then +Infinity if every weight is); log q(z|x) must be finite.
 */
export function importanceWeightedNll(logLikelihoods: FloatArray, logPriors: FloatArray, logPosteriors: FloatArray, N: number, K: number): Float64Array {
  const where = 'importanceWeightedNll';
  const sentences = requireCount(where, 'N', N);
  const samplesPerSentence = requireCount(where, 'K', K);
  const size = sentences * samplesPerSentence;
  const likelihoods = requireFloatArray(where, 'logLikelihoods', logLikelihoods, size, 'N * K');
  const priors = requireFloatArray(where, 'logPriors', logPriors, size, 'N * K');
  const posteriors = requireFloatArray(where, 'logPosteriors', logPosteriors, size, 'N * K');
  requireLogDensityEntries(where, 'logLikelihoods', likelihoods);
  requireLogDensityEntries(where, 'logPriors', priors);
  requireFiniteEntries(where, 'logPosteriors', posteriors);

  const logWeights = new Float64Array(size); // (N, K)
  for (let index = 0; index < size; index++) logWeights[index] = likelihoods[index] + priors[index] - posteriors[index];
  const logK = Math.log(samplesPerSentence);
  const nll = new Float64Array(sentences);
  for (let n = 0; n < sentences; n++) {
    nll[n] = logK - logSumExpRange(logWeights, n * samplesPerSentence, (n + 1) * samplesPerSentence); // (N, K)
  }
  return nll;
}

/**
 * Corpus perplexity exp(sum_n NLL_n / sum_n tokens_n), NLL in nats per sentence. Each sentence's token count must include
 * its end-of-sentence token (T + 1 for T words), the convention of the PTB sentence-VAE numbers.
 */
export function perplexityFromNll(nllPerSentence: ArrayLike<number>, tokensPerSentence: ArrayLike<number>): number {
  const where = 'perplexityFromNll';
  if (!isArrayLike(nllPerSentence)) throw new TypeError(`${where}: nllPerSentence must be an array or typed array, got ${kindOf(nllPerSentence)}`);
  if (!isArrayLike(tokensPerSentence)) throw new TypeError(`${where}: tokensPerSentence must be an array or typed array, got ${kindOf(tokensPerSentence)}`);
  if (tokensPerSentence.length !== nllPerSentence.length) {
    throw new RangeError(`${where}: tokensPerSentence.length must equal nllPerSentence.length = ${nllPerSentence.length}, got ${tokensPerSentence.length}`);
  }
  if (nllPerSentence.length === 0) throw new RangeError(`${where}: nllPerSentence.length must be at least 1, got 0`);
  let totalNll = 0;
  let totalTokens = 0;
  for (let n = 0; n < nllPerSentence.length; n++) {
    const nll = nllPerSentence[n];
    const tokens = tokensPerSentence[n];
    if (typeof nll !== 'number' || !Number.isFinite(nll)) throw new RangeError(`${where}: nllPerSentence[${n}] must be a finite number, got ${String(nll)}`);
    if (typeof tokens !== 'number' || !Number.isSafeInteger(tokens) || tokens < 1) {
      throw new RangeError(`${where}: tokensPerSentence[${n}] must be a positive integer (words + end-of-sentence), got ${String(tokens)}`);
    }
    totalNll += nll;
    totalTokens += tokens;
  }
  return Math.exp(totalNll / totalTokens);
}

/** The per-sentence ELBO, -(reconstruction NLL + KL), from two equally long per-sentence arrays; returns Float64Array(N). */
export function elbo(reconstructionNll: ArrayLike<number>, kl: ArrayLike<number>): Float64Array {
  const where = 'elbo';
  requireNumberArray(where, 'reconstructionNll', reconstructionNll);
  requireNumberArray(where, 'kl', kl);
  if (kl.length !== reconstructionNll.length) throw new RangeError(`${where}: kl.length must equal reconstructionNll.length = ${reconstructionNll.length}, got ${kl.length}`);
  const bound = new Float64Array(reconstructionNll.length);
  for (let n = 0; n < bound.length; n++) bound[n] = -(reconstructionNll[n] + kl[n]);
  return bound;
}

/** The means over sentences of the ELBO, the reconstruction NLL and the KL. */
export function summarizeElbo(reconstructionNll: ArrayLike<number>, kl: ArrayLike<number>): ElboSummary {
  const bound = elbo(reconstructionNll, kl);
  if (bound.length === 0) throw new RangeError(`summarizeElbo: reconstructionNll.length must be at least 1, got 0`);
  return { elbo: mean(bound), reconstructionNll: mean(reconstructionNll), kl: mean(kl) };
}

/** The arithmetic mean of a non-empty list of finite numbers, summed in float64. */
export function mean(values: ArrayLike<number>): number {
  const where = 'mean';
  requireNumberArray(where, 'values', values);
  if (values.length === 0) throw new RangeError(`${where}: values.length must be at least 1, got 0`);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function requireNumberArray(where: string, what: string, values: unknown): asserts values is ArrayLike<number> {
  if (!isArrayLike(values)) throw new TypeError(`${where}: ${what} must be an array or typed array, got ${kindOf(values)}`);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${where}: ${what}[${i}] must be a finite number, got ${String(value)}`);
  }
}
