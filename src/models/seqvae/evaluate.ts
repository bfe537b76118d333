// Sequence-VAE evaluation: ELBO, reconstruction, KL, importance-weighted NLL and perplexity, mutual information and active units.
import { compile, type CompiledFunction } from '../../engine/compile.js';
import { Rng } from '../../engine/random.js';
import { epochBatches, materialize, type Batch } from '../../data/batches.js';
import { activeUnits, gaussianKl, importanceWeightedNll, logNormalDiag, logStandardNormal, mean, mutualInformation, perplexityFromNll, summarizeElbo } from '../../metrics/vae.js';
import { evalBatch } from './graphs.js';
import type { SeqVae } from './model.js';

export interface SeqVaeEvalOptions {
  /** Posterior samples per sentence for the importance-weighted NLL (K = 1 gives a single-sample ELBO estimate). */
  K: number;
  /** Sentences per batch (the decoder runs on batchSize * K rows). */
  batchSize: number;
  /** Seeds the batching and the host-drawn eps, so an evaluation is repeatable. */
  seed: number;
  /** The longest sentence in tokens. */
  maxLen: number;
  /**
   * The most decoder token positions (rows x T) one run may hold; a batch's K samples are decoded in chunks under it.
   * Each position holds a vocabulary-wide row of logits, so with K = 500 an unchunked batch of 16 PTB sentences of
   * length 88 would need 28 GB for its logits alone. Default 8,192 (about 330 MB of logits at V = 10,000).
   */
  maxDecoderTokens?: number;
  /** Called after each batch with the sentences done so far and the total (a K = 500 test evaluation takes many minutes). */
  onProgress?: (sentencesDone: number, total: number) => void;
}

const DEFAULT_MAX_DECODER_TOKENS = 8192;

/** Means over sentences, in nats, except the counts and the perplexity. */
export interface SeqVaeEvaluation {
  /** -(rec + kl). */
  elbo: number;
  /** -E_q[log p(x|z)], estimated with the K samples of each sentence. */
  rec: number;
  /** KL(q(z|x) || p(z)) in closed form. */
  kl: number;
  /** -log p(x) estimated with K importance samples from q(z|x); at most -elbo up to sampling noise. */
  iwNll: number;
  /** exp(sum of iwNll / sum of tokens), each sentence counting its words plus the end-of-sentence token. */
  perplexity: number;
  mutualInformation: number;
  activeUnits: number;
  sentences: number;
  tokens: number;
}

/** The evaluation program of one model, compiled once per batch shape. */
export class SeqVaeEvaluator {
  private readonly fn: CompiledFunction;

  constructor(readonly model: SeqVae) {
    this.fn = compile({ params: model.params, name: 'seqvae_eval', build: evalBatch(model) });
  }

  async evaluate(encoded: readonly Int32Array[], options: SeqVaeEvalOptions): Promise<SeqVaeEvaluation> {
    const where = 'evaluateSeqVae';
    const { K, batchSize, seed, maxLen } = options;
    const maxDecoderTokens = options.maxDecoderTokens ?? DEFAULT_MAX_DECODER_TOKENS;
    if (!Number.isSafeInteger(maxDecoderTokens) || maxDecoderTokens < 1) throw new RangeError(`${where}: maxDecoderTokens must be a positive integer, got ${maxDecoderTokens}`);
    if (encoded.length === 0) throw new RangeError(`${where}: sentences must be non-empty, got 0 sentences`);
    if (!Number.isSafeInteger(K) || K < 1) throw new RangeError(`${where}: K must be a positive integer, got ${K}`);
    const Z = this.model.latentSize;
    const N = encoded.length;
    const mu = new Float32Array(N * Z); // (N, Z) by sentence index
    const logVar = new Float32Array(N * Z);
    const firstSample = new Float32Array(N * Z); // one z per sentence, for the mutual information
    const rec = new Float64Array(N);
    const iwNll = new Float64Array(N);
    const epsRng = new Rng(seed).fork('eps');
    let done = 0;
    for (const batch of epochBatches(encoded, 0, seed, { batchSize, maxLen })) {
      const b = materialize(batch, encoded);
      const B = b.shape[0];
      const eps = epsRng.fillNormal(new Float32Array(B * K * Z)); // (B*K, Z)
      const out = await this.decodeInChunks(b, eps, K, Math.max(1, Math.floor(maxDecoderTokens / (B * b.shape[1]))));
      const n = batch.sentences.length; // rows past n are padding and are never read
      const batchMu = out.mu.subarray(0, n * Z); // (n, Z)
      const batchLogVar = out.logVar.subarray(0, n * Z);
      const z = out.z.subarray(0, n * K * Z); // (n, K, Z)
      const nll = out.nll.subarray(0, n * K); // (n, K)
      const logLikelihoods = Float64Array.from(nll, (v) => -v);
      const weighted = importanceWeightedNll(logLikelihoods, logStandardNormal(z, Z), logNormalDiag(z, batchMu, batchLogVar, Z), n, K);
      batch.sentences.forEach((index, row) => {
        mu.set(batchMu.subarray(row * Z, (row + 1) * Z), index * Z);
        logVar.set(batchLogVar.subarray(row * Z, (row + 1) * Z), index * Z);
        firstSample.set(z.subarray(row * K * Z, row * K * Z + Z), index * Z);
        rec[index] = mean(nll.subarray(row * K, (row + 1) * K));
        iwNll[index] = weighted[row];
      });
      done += n;
      options.onProgress?.(done, N);
    }
    const tokens = encoded.map((sentence) => sentence.length + 1);
    const summary = summarizeElbo(rec, gaussianKl(mu, logVar, N, Z));
    return {
      elbo: summary.elbo,
      rec: summary.reconstructionNll,
      kl: summary.kl,
      iwNll: mean(iwNll),
      perplexity: perplexityFromNll(iwNll, tokens),
      mutualInformation: mutualInformation(mu, logVar, firstSample, N, Z),
      activeUnits: activeUnits(mu, N, Z).count,
      sentences: N,
      tokens: tokens.reduce((sum, t) => sum + t, 0),
    };
  }

  /**
   * One batch's K samples per sentence, decoded `chunk` samples at a time (one run when chunk >= K): eps (B*K, Z) and
   * the outputs z (B*K, Z) and nll (B*K) keep row b*K + k, whatever the chunking. mu and logVar (B, Z) come from the
   * first chunk's encoder pass.
   */
  private async decodeInChunks(b: Batch, eps: Float32Array, K: number, chunk: number): Promise<{ mu: Float32Array; logVar: Float32Array; z: Float32Array; nll: Float32Array }> {
    const Z = this.model.latentSize;
    const B = b.shape[0];
    const data = { x: { data: b.x, shape: b.shape }, y: { data: b.y, shape: b.shape }, mask: { data: b.mask, shape: b.shape } };
    const z = new Float32Array(B * K * Z);
    const nll = new Float32Array(B * K);
    let posterior: { mu: Float32Array; logVar: Float32Array } | undefined;
    for (let k0 = 0; k0 < K; k0 += chunk) {
      const kc = Math.min(chunk, K - k0);
      const part = new Float32Array(B * kc * Z); // (B*kc, Z): samples k0..k0+kc-1 of every row
      for (let row = 0; row < B; row++) part.set(eps.subarray((row * K + k0) * Z, (row * K + k0 + kc) * Z), row * kc * Z);
      const out = await this.fn.run({ ...data, eps: { data: part, shape: [B * kc, Z] } });
      posterior ??= { mu: out.mu.data as Float32Array, logVar: out.logVar.data as Float32Array };
      const partZ = out.z.data as Float32Array;
      const partNll = out.nll.data as Float32Array;
      for (let row = 0; row < B; row++) {
        z.set(partZ.subarray(row * kc * Z, (row + 1) * kc * Z), (row * K + k0) * Z);
        nll.set(partNll.subarray(row * kc, (row + 1) * kc), row * K + k0);
      }
    }
    return { ...posterior!, z, nll };
  }
}

const evaluators = new WeakMap<SeqVae, SeqVaeEvaluator>();

/** Evaluates `model` on encoded sentences (word ids, no <bos>/<eos>), reusing one compiled evaluator per model. */
export async function evaluateSeqVae(model: SeqVae, encoded: readonly Int32Array[], options: SeqVaeEvalOptions): Promise<SeqVaeEvaluation> {
  let evaluator = evaluators.get(model);
  if (evaluator === undefined) {
    evaluator = new SeqVaeEvaluator(model);
    evaluators.set(model, evaluator);
  }
  return evaluator.evaluate(encoded, options);
}
