// Tests for the sequence-VAE metrics against hand-computed values, seeded Monte-Carlo estimates, known limits and argument checks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';
import {
  activeUnits,
  elbo,
  gaussianKl,
  gaussianNegativeEntropy,
  importanceWeightedNll,
  klPerDimension,
  logNormalDiag,
  logStandardNormal,
  mean,
  mutualInformation,
  perplexityFromNll,
  summarizeElbo,
} from '../../src/metrics/vae.js';

const close = (actual: number, expected: number, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected} ± ${tolerance}, got ${actual}`);

const f64 = (values: number[]) => Float64Array.from(values);

/** One sample z = mu + exp(logVar / 2) * eps per posterior row, or K per row laid out (N, K, Z). */
function samplePosterior(rng: Rng, mu: Float64Array, logVar: Float64Array, Z: number, K = 1): Float64Array {
  const N = mu.length / Z;
  const z = new Float64Array(N * K * Z);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      for (let d = 0; d < Z; d++) {
        const posteriorIndex = n * Z + d; // (N, Z)
        z[(n * K + k) * Z + d] = mu[posteriorIndex] + Math.exp(0.5 * logVar[posteriorIndex]) * rng.normal(); // (N, K, Z)
      }
    }
  }
  return z;
}

function randomPosterior(rng: Rng, N: number, Z: number, muScale: number, logVarRange: [number, number]): { mu: Float64Array; logVar: Float64Array } {
  const mu = new Float64Array(N * Z);
  const logVar = new Float64Array(N * Z);
  for (let i = 0; i < N * Z; i++) {
    mu[i] = rng.normal(0, muScale);
    logVar[i] = logVarRange[0] + (logVarRange[1] - logVarRange[0]) * rng.uniform();
  }
  return { mu, logVar };
}

describe('gaussianKl and klPerDimension', () => {
  it('match hand-computed values', () => {
    // Sentence 0: mu = 0, logVar = 0 -> 0. Sentence 1: mu = 1, logVar = 0 -> 0.5 per dim. Sentence 2: mu = 0, logVar = log 2.
    const mu = f64([0, 0, 1, 1, 0, 0]);
    const logVar = f64([0, 0, 0, 0, Math.log(2), Math.log(2)]);
    const kl = gaussianKl(mu, logVar, 3, 2);
    assert.equal(kl.length, 3);
    close(kl[0], 0);
    close(kl[1], 1);
    close(kl[2], 2 * 0.5 * (2 - Math.log(2) - 1));

    const perDimension = klPerDimension(mu, logVar, 3, 2);
    assert.equal(perDimension.length, 2);
    close(perDimension[0], (0 + 0.5 + 0.5 * (1 - Math.log(2))) / 3);
    close(perDimension[0] + perDimension[1], mean(kl));
  });

  it('keep precision for tiny logVar and accept float32 input', () => {
    // exp(x) - x - 1 ~ x^2 / 2; naive evaluation would lose most digits at x = 1e-8.
    const kl = gaussianKl(f64([0]), f64([1e-8]), 1, 1);
    close(kl[0], 0.5 * (1e-16 / 2), 1e-22);
    const single = gaussianKl(Float32Array.from([1, 0]), Float32Array.from([0, Math.log(2)]), 1, 2);
    close(single[0], 0.5 + 0.5 * (2 - Math.log(2) - 1), 1e-6);
  });

  it('agree with a Monte-Carlo estimate of E_q[log q(z|x) - log p(z)] over 200k samples', () => {
    const rng = new Rng(1234);
    const Z = 3;
    const K = 200_000;
    const mu = f64([0.5, -0.3, 0.2, -0.4, 0.1, 0.6]);
    const logVar = f64([-0.5, 0.2, -0.1, 0.3, -0.8, 0]);
    const z = samplePosterior(rng, mu, logVar, Z, K);
    const logQ = logNormalDiag(z, mu, logVar, Z); // (N, K)
    const logP = logStandardNormal(z, Z); // (N, K)
    const kl = gaussianKl(mu, logVar, 2, Z);
    for (let n = 0; n < 2; n++) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += logQ[n * K + k] - logP[n * K + k];
      close(sum / K, kl[n], 1e-2);
    }
  });
});

describe('logNormalDiag, logStandardNormal and gaussianNegativeEntropy', () => {
  it('match hand-computed densities', () => {
    close(logStandardNormal(f64([0, 0]), 2)[0], -Math.log(2 * Math.PI));
    const twoRows = logStandardNormal(f64([1, 0, 0, 2]), 2);
    close(twoRows[1], -Math.log(2 * Math.PI) - 2);
    // N(1; 0, 4) = exp(-1/8) / sqrt(8 pi).
    close(logNormalDiag(f64([1]), f64([0]), f64([Math.log(4)]), 1)[0], -0.125 - 0.5 * Math.log(8 * Math.PI));
  });

  it('broadcast each posterior over its K samples laid out (N, K, Z)', () => {
    const mu = f64([0, 0, 3, 3]);
    const logVar = f64([0, 0, 0, 0]);
    const z = f64([0, 0, 1, 0, 3, 3, 3, 4]); // (2, 2, 2)
    const logDensities = logNormalDiag(z, mu, logVar, 2);
    assert.equal(logDensities.length, 4);
    const standard = logStandardNormal(f64([0, 0, 1, 0, 0, 0, 0, 1]), 2);
    for (let i = 0; i < 4; i++) close(logDensities[i], standard[i]);
  });

  it('give the closed-form negative entropy that the sampled log q(z|x) averages to', () => {
    const rng = new Rng(77);
    const Z = 2;
    const K = 100_000;
    const mu = f64([0.3, -1]);
    const logVar = f64([-1.5, 0.7]);
    const negativeEntropy = gaussianNegativeEntropy(logVar, 1, Z)[0];
    close(negativeEntropy, -Math.log(2 * Math.PI) - 0.5 * (-1.5 + 0.7) - 1);
    close(mean(logNormalDiag(samplePosterior(rng, mu, logVar, Z, K), mu, logVar, Z)), negativeEntropy, 1e-2);
  });
});

describe('activeUnits', () => {
  it('counts dimensions whose posterior-mean variance exceeds 0.01', () => {
    const N = 100;
    const Z = 4;
    const mu = new Float64Array(N * Z);
    for (let n = 0; n < N; n++) {
      const sign = n % 2 === 0 ? 1 : -1;
      mu[n * Z + 0] = 3 + sign; // variance 1: active
      mu[n * Z + 1] = sign * 0.05; // variance 0.0025: inactive
      mu[n * Z + 2] = 5; // variance 0: inactive
      mu[n * Z + 3] = -2 + sign * 0.2; // variance 0.04: active
    }
    const result = activeUnits(mu, N, Z);
    assert.equal(result.count, 2);
    close(result.variances[0], 1);
    close(result.variances[1], 0.0025);
    close(result.variances[2], 0);
    close(result.variances[3], 0.04);
    assert.equal(activeUnits(mu, N, Z, 0.03).count, 2);
    assert.equal(activeUnits(mu, N, Z, 0.001).count, 3);
    assert.equal(activeUnits(mu, N, Z, 1).count, 0); // strictly above the threshold
  });

  it('uses the population variance (divided by N) and survives a large common offset', () => {
    close(activeUnits(f64([0, 1]), 2, 1).variances[0], 0.25);
    close(activeUnits(f64([1e8, 1e8 + 1]), 2, 1).variances[0], 0.25);
    assert.equal(activeUnits(Float32Array.from([0, 0.3]), 2, 1).count, 1);
  });
});

describe('mutualInformation', () => {
  it('matches a direct evaluation of both of its terms on a random batch', () => {
    const rng = new Rng(5);
    const N = 7;
    const Z = 3;
    const { mu, logVar } = randomPosterior(rng, N, Z, 1, [-2, 0.5]);
    const z = samplePosterior(rng, mu, logVar, Z);
    let aggregate = 0;
    for (let i = 0; i < N; i++) {
      let density = 0;
      for (let j = 0; j < N; j++) {
        const row = z.subarray(i * Z, (i + 1) * Z);
        density += Math.exp(logNormalDiag(row, mu.subarray(j * Z, (j + 1) * Z), logVar.subarray(j * Z, (j + 1) * Z), Z)[0]);
      }
      aggregate += Math.log(density / N);
    }
    aggregate /= N;
    const sampledFirst = mean(logNormalDiag(z, mu, logVar, Z));
    const closedFirst = mean(gaussianNegativeEntropy(logVar, N, Z));
    close(mutualInformation(mu, logVar, z, N, Z, { firstTerm: 'sampled' }), sampledFirst - aggregate, 1e-10);
    close(mutualInformation(mu, logVar, z, N, Z), closedFirst - aggregate, 1e-10);
    close(mutualInformation(mu, logVar, z, N, Z, { firstTerm: 'closed-form' }), closedFirst - aggregate, 1e-10);
  });

  it('is 0 when every posterior is the same', () => {
    const rng = new Rng(11);
    const N = 2000;
    const Z = 2;
    const mu = new Float64Array(N * Z);
    const logVar = new Float64Array(N * Z);
    for (let n = 0; n < N; n++) {
      mu.set([0.7, -1.2], n * Z);
      logVar.set([-0.4, 0.3], n * Z);
    }
    const z = samplePosterior(rng, mu, logVar, Z);
    // Sampled first term: log q_agg(z) = log q(z|x) exactly, so only rounding is left.
    assert.ok(Math.abs(mutualInformation(mu, logVar, z, N, Z, { firstTerm: 'sampled' })) < 1e-9);
    // Closed form: what is left is the Monte-Carlo error of the sample mean of log q(z|x), std sqrt(Z / 2N) = 0.022.
    assert.ok(Math.abs(mutualInformation(mu, logVar, z, N, Z)) < 0.1);
  });

  it('approaches log N for far-apart, narrow posteriors', () => {
    const rng = new Rng(12);
    // One-hot codes: N = Z = 8, means 50 e_j, standard deviation 0.01.
    const N = 8;
    const mu = new Float64Array(N * N);
    const logVar = new Float64Array(N * N).fill(Math.log(1e-4));
    for (let j = 0; j < N; j++) mu[j * N + j] = 50;
    const z = samplePosterior(rng, mu, logVar, N);
    close(mutualInformation(mu, logVar, z, N, N, { firstTerm: 'sampled' }), Math.log(N), 1e-9);

    // Closed form on 1000 points one unit apart on a line, standard deviation 0.01: noise std sqrt(1 / 2000) = 0.022.
    const lineN = 1000;
    const lineMu = Float64Array.from({ length: lineN }, (_, j) => j);
    const lineLogVar = new Float64Array(lineN).fill(Math.log(1e-4));
    const lineZ = samplePosterior(rng, lineMu, lineLogVar, 1);
    close(mutualInformation(lineMu, lineLogVar, lineZ, lineN, 1), Math.log(lineN), 0.1);
  });

  it('never exceeds log N with the sampled first term', () => {
    const rng = new Rng(13);
    for (let trial = 0; trial < 25; trial++) {
      const N = rng.int(1, 30);
      const Z = rng.int(1, 6);
      const { mu, logVar } = randomPosterior(rng, N, Z, rng.uniform() * 5, [-6, 1]);
      const z = samplePosterior(rng, mu, logVar, Z);
      const mi = mutualInformation(mu, logVar, z, N, Z, { firstTerm: 'sampled' });
      assert.ok(mi <= Math.log(N) + 1e-12, `trial ${trial}: MI ${mi} > log ${N}`);
      assert.ok(Number.isFinite(mutualInformation(mu, logVar, z, N, Z)));
    }
  });

  it('stays finite when the sample is far from every other posterior', () => {
    // log q(z_i | x_j) is about -1e12 for j != i; the max shift keeps log q_agg finite.
    const mu = f64([0, 1e4]);
    const logVar = f64([Math.log(1e-4), Math.log(1e-4)]);
    close(mutualInformation(mu, logVar, f64([0, 1e4]), 2, 1, { firstTerm: 'sampled' }), Math.log(2), 1e-12);
  });
});

describe('importanceWeightedNll and perplexityFromNll', () => {
  it('is -(log p(x|z) + log p(z) - log q(z|x)) with K = 1', () => {
    const nll = importanceWeightedNll(f64([-30, -12.5]), f64([-3, -2]), f64([-1, 0.5]), 2, 1);
    close(nll[0], 32);
    close(nll[1], 15);
  });

  it('is minus the common log-weight when all K weights are equal', () => {
    for (const K of [1, 2, 5, 64]) {
      const nll = importanceWeightedNll(new Float64Array(K).fill(-40), new Float64Array(K).fill(-4), new Float64Array(K).fill(-2.5), 1, K);
      close(nll[0], 41.5, 1e-12);
    }
  });

  it('stays finite and exact for log-weights around -1e4', () => {
    // Weights -1e4 and -1e4 + log 3: log mean exp = -1e4 + log 2.
    const nll = importanceWeightedNll(f64([-1e4, -1e4 + Math.log(3)]), f64([0, 0]), f64([0, 0]), 1, 2);
    close(nll[0], 1e4 - Math.log(2), 1e-9);
    const spread = importanceWeightedNll(f64([-1e4, -2e4, -1e5]), f64([0, 0, 0]), f64([0, 0, 0]), 1, 3);
    close(spread[0], 1e4 + Math.log(3), 1e-9);
  });

  it('is +Infinity when every weight is zero', () => {
    assert.equal(importanceWeightedNll(f64([-Infinity, -Infinity]), f64([0, 0]), f64([0, 0]), 1, 2)[0], Infinity);
    close(importanceWeightedNll(f64([-Infinity, -5]), f64([0, 0]), f64([0, 0]), 1, 2)[0], 5 + Math.log(2));
  });

  it('is never looser than the mean of the single-sample bounds', () => {
    const rng = new Rng(21);
    for (let trial = 0; trial < 25; trial++) {
      const N = rng.int(1, 6);
      const K = rng.int(1, 50);
      const logLikelihoods = Float64Array.from({ length: N * K }, () => -100 + 20 * rng.normal());
      const logPriors = Float64Array.from({ length: N * K }, () => -5 + rng.normal());
      const logPosteriors = Float64Array.from({ length: N * K }, () => -3 + 2 * rng.normal());
      const nll = importanceWeightedNll(logLikelihoods, logPriors, logPosteriors, N, K);
      for (let n = 0; n < N; n++) {
        let meanNegativeWeight = 0;
        let maxWeight = -Infinity;
        for (let k = 0; k < K; k++) {
          const index = n * K + k; // (N, K)
          const weight = logLikelihoods[index] + logPriors[index] - logPosteriors[index];
          meanNegativeWeight -= weight / K;
          maxWeight = Math.max(maxWeight, weight);
        }
        assert.ok(nll[n] <= meanNegativeWeight + 1e-9, `trial ${trial}: IW-NLL ${nll[n]} > mean single-sample NLL ${meanNegativeWeight}`);
        assert.ok(nll[n] >= -maxWeight - 1e-9, `trial ${trial}: IW-NLL ${nll[n]} < -max weight ${-maxWeight}`);
      }
    }
  });

  it('computes perplexity as exp(total NLL / total tokens)', () => {
    // Sentences of 3 and 5 words plus end-of-sentence: 4 + 6 tokens, 10 + 20 nats.
    close(perplexityFromNll(f64([10, 20]), [4, 6]), Math.exp(3));
    close(perplexityFromNll([0], Int32Array.from([7])), 1);
  });
});

describe('elbo, summarizeElbo and mean', () => {
  it('negate reconstruction NLL plus KL and average over sentences', () => {
    const bound = elbo([90, 100], f64([2, 4]));
    assert.deepEqual(Array.from(bound), [-92, -104]);
    assert.deepEqual(summarizeElbo([90, 100], [2, 4]), { elbo: -98, reconstructionNll: 95, kl: 3 });
    assert.equal(mean(Float32Array.from([1, 2, 3, 6])), 3);
  });
});

describe('argument checks', () => {
  const message = (where: string) => new RegExp(`^${where}: .+ must .+, got .+$`);

  it('reject sizes that are not positive integers', () => {
    assert.throws(() => gaussianKl(f64([]), f64([]), 0, 1), { name: 'RangeError', message: 'gaussianKl: N must be a positive integer, got 0' });
    assert.throws(() => klPerDimension(f64([0]), f64([0]), 1, 1.5), { name: 'RangeError', message: 'klPerDimension: Z must be a positive integer, got 1.5' });
    assert.throws(() => importanceWeightedNll(f64([0]), f64([0]), f64([0]), 1, '1' as unknown as number), { name: 'TypeError', message: 'importanceWeightedNll: K must be a number, got string' });
    assert.throws(() => logStandardNormal(f64([0]), -1), RangeError);
  });

  it('reject arrays of the wrong type or length', () => {
    assert.throws(() => gaussianKl([0, 0] as unknown as Float64Array, f64([0, 0]), 1, 2), {
      name: 'TypeError',
      message: 'gaussianKl: mu must be a Float32Array or Float64Array, got array',
    });
    assert.throws(() => gaussianKl(f64([0, 0]), f64([0]), 1, 2), { name: 'RangeError', message: 'gaussianKl: logVar.length must equal N * Z = 2, got 1' });
    assert.throws(() => activeUnits(Int32Array.from([1, 2]) as unknown as Float64Array, 2, 1), { name: 'TypeError', message: message('activeUnits') });
    assert.throws(() => mutualInformation(f64([0, 0]), f64([0, 0]), f64([0]), 2, 1), { name: 'RangeError', message: 'mutualInformation: z.length must equal N * Z = 2, got 1' });
    assert.throws(() => logNormalDiag(f64([0, 0, 0]), f64([0, 0]), f64([0, 0]), 2), { name: 'RangeError', message: 'logNormalDiag: z.length must be a positive multiple of mu.length = 2, got 3' });
    assert.throws(() => logStandardNormal(f64([0, 0, 0]), 2), { name: 'RangeError', message: message('logStandardNormal') });
    assert.throws(() => importanceWeightedNll(f64([0, 0]), f64([0, 0]), f64([0]), 1, 2), { name: 'RangeError', message: 'importanceWeightedNll: logPosteriors.length must equal N * K = 2, got 1' });
    assert.throws(() => perplexityFromNll([1, 2], [3]), { name: 'RangeError', message: 'perplexityFromNll: tokensPerSentence.length must equal nllPerSentence.length = 2, got 1' });
    assert.throws(() => elbo([1], 'x' as unknown as number[]), { name: 'TypeError', message: 'elbo: kl must be an array or typed array, got string' });
    assert.throws(() => elbo([1, 2], [1]), { name: 'RangeError', message: 'elbo: kl.length must equal reconstructionNll.length = 2, got 1' });
  });

  it('reject values that are not finite where they must be', () => {
    assert.throws(() => gaussianKl(f64([0, NaN]), f64([0, 0]), 1, 2), { name: 'RangeError', message: 'gaussianKl: mu[1] must be finite, got NaN' });
    assert.throws(() => mutualInformation(f64([0]), f64([0]), f64([Infinity]), 1, 1), { name: 'RangeError', message: 'mutualInformation: z[0] must be finite, got Infinity' });
    assert.throws(() => importanceWeightedNll(f64([Infinity]), f64([0]), f64([0]), 1, 1), {
      name: 'RangeError',
      message: 'importanceWeightedNll: logLikelihoods[0] must be finite or -Infinity, got Infinity',
    });
    assert.throws(() => importanceWeightedNll(f64([0]), f64([0]), f64([-Infinity]), 1, 1), { name: 'RangeError', message: 'importanceWeightedNll: logPosteriors[0] must be finite, got -Infinity' });
    assert.throws(() => mean([1, NaN]), { name: 'RangeError', message: 'mean: values[1] must be a finite number, got NaN' });
  });

  it('reject bad options, thresholds, token counts and empty lists', () => {
    assert.throws(() => activeUnits(f64([0]), 1, 1, -0.1), { name: 'RangeError', message: 'activeUnits: threshold must be finite and >= 0, got -0.1' });
    assert.throws(() => mutualInformation(f64([0]), f64([0]), f64([0]), 1, 1, { firstTerm: 'exact' as 'sampled' }), {
      name: 'RangeError',
      message: "mutualInformation: options.firstTerm must be 'closed-form' or 'sampled', got exact",
    });
    assert.throws(() => perplexityFromNll([1], [0]), { name: 'RangeError', message: 'perplexityFromNll: tokensPerSentence[0] must be a positive integer (words + end-of-sentence), got 0' });
    assert.throws(() => perplexityFromNll([], []), { name: 'RangeError', message: 'perplexityFromNll: nllPerSentence.length must be at least 1, got 0' });
    assert.throws(() => summarizeElbo([], []), { name: 'RangeError', message: 'summarizeElbo: reconstructionNll.length must be at least 1, got 0' });
    assert.throws(() => mean([]), { name: 'RangeError', message: 'mean: values.length must be at least 1, got 0' });
  });
});
