// Sequence-VAE runs put to use: the test metrics of a text file, sampling from the prior, posterior means, reconstruction and interpolation.
import { Rng } from '../../engine/random.js';
import { detokenize } from '../../data/tokenize.js';
import { readTextLines } from '../../data/read-text.js';
import { encodeLines } from '../../data/encode-text.js';
import { type Vocabulary, BOS, EOS, PAD, UNK } from '../../data/vocab.js';
import { decode } from '../../decode/decode.js';
import type { DecodeStrategy } from '../../decode/strategy.js';
import { latentPath } from '../../nn/latent-codes.js';
import type { ProgressReporter } from '../../train/progress.js';
import type { SeqVae } from './model.js';
import { evaluateSeqVae, type SeqVaeEvaluation } from './evaluate.js';
import { reconstructionScores } from './reconstruction.js';
import { encodeSentences } from './encode.js';
import { latentStepModel } from './step-model.js';
import { priorCodes } from '../../nn/latent-codes.js';
import type { SeqVaeSettings } from './settings.js';

/** What these need of a run: its model, vocabulary and settings. */
export interface Loaded {
  model: SeqVae;
  vocab: Vocabulary;
  settings: SeqVaeSettings;
}

/** A test split's numbers: the evaluation with K importance samples, and how well greedy decoding from mu reconstructs. */
export interface SeqVaeTestResult extends SeqVaeEvaluation {
  /** Corpus BLEU-4 of greedy reconstructions from the posterior means against their sources. */
  reconstructionBleu: number;
  /** The fraction of sentences reconstructed token for token. */
  exactReconstructions: number;
}

/** K samples with a quarter of the training batch per run (K multiplies the decoder's rows), then the reconstructions. */
export async function testMetrics(model: SeqVae, encoded: readonly Int32Array[], settings: SeqVaeSettings, K: number, progress?: ProgressReporter): Promise<SeqVaeTestResult> {
  const work = progress?.work?.(`importance-weighted NLL, K = ${K}`, encoded.length, 'sentences');
  const evaluation = await evaluateSeqVae(model, encoded, {
    K, batchSize: Math.max(1, Math.floor(settings.batchSize / 4)), seed: settings.seed, maxLen: settings.maxLen, onProgress: work && ((done) => work.update(done)),
  });
  work?.finish();
  const { bleu, exact } = await reconstructionScores(model, encoded, { batchSize: settings.batchSize, maxLen: settings.maxLen });
  return { ...evaluation, reconstructionBleu: bleu, exactReconstructions: exact };
}

/** The run's test metrics on a text file: IW-NLL with K importance samples (the run's --test-samples by default), ELBO, KL, MI, active units, reconstruction BLEU. */
export async function evaluateSeqVaeFile(loaded: Loaded, path: string, K: number = loaded.settings.testSamples, progress?: ProgressReporter): Promise<SeqVaeTestResult> {
  const { settings, vocab, model } = loaded;
  const { lines } = await readTextLines(path);
  const encoded = encodeLines(lines, vocab, settings);
  return testMetrics(model, encoded, settings, K, progress);
}

async function decodeCodeTokens(loaded: Loaded, z: Float32Array, count: number, strategy: DecodeStrategy, seed: number, maxLength: number): Promise<string[][]> {
  const decoded = await decode(latentStepModel(loaded.model, z, count), {
    strategy, count, bosToken: BOS, eosToken: EOS, maxLength, rng: new Rng(seed).fork('decode'), bannedTokens: [PAD, UNK, BOS],
  });
  return decoded.map((d) => loaded.vocab.decode(d.tokens));
}

async function decodeCodes(loaded: Loaded, z: Float32Array, count: number, strategy: DecodeStrategy, seed: number, maxLength: number): Promise<string[]> {
  return (await decodeCodeTokens(loaded, z, count, strategy, seed, maxLength)).map((tokens) => detokenize(tokens, loaded.settings.tokenizer));
}

/** Token lists decoded from codes drawn from the prior N(0, I). */
export async function samplePriorTokens(loaded: Loaded, o: { count: number; seed: number; maxLength: number; strategy: DecodeStrategy }): Promise<string[][]> {
  const z = priorCodes(new Rng(o.seed).fork('prior'), o.count, loaded.model.latentSize);
  return decodeCodeTokens(loaded, z, o.count, o.strategy, o.seed, o.maxLength);
}

/** Sentences decoded from codes drawn from the prior N(0, I). */
export async function samplePrior(loaded: Loaded, o: { count: number; seed: number; maxLength: number; strategy: DecodeStrategy }): Promise<string[]> {
  return (await samplePriorTokens(loaded, o)).map((tokens) => detokenize(tokens, loaded.settings.tokenizer));
}

/** Posterior means (N, Z) of sentences given as text. */
export async function posteriorMeans(loaded: Loaded, sentences: readonly string[]): Promise<{ mu: Float32Array; logVar: Float32Array }> {
  const { settings, vocab, model } = loaded;
  const encoded = encodeLines(sentences, vocab, settings);
  return encodeSentences(model, encoded, { batchSize: settings.batchSize, maxLen: settings.maxLen });
}

/** Decode each sentence's posterior mean (greedy by default): what the model keeps of a sentence. */
export async function reconstruct(loaded: Loaded, sentences: readonly string[], o: { strategy: DecodeStrategy; seed: number; maxLength: number }): Promise<string[]> {
  const { mu } = await posteriorMeans(loaded, sentences);
  return decodeCodes(loaded, mu, sentences.length, o.strategy, o.seed, o.maxLength);
}

/** Sentences along the path between the posterior means of a and b, endpoints included. */
export async function interpolate(loaded: Loaded, a: string, b: string, o: { steps: number; spherical: boolean; seed: number; maxLength: number; strategy: DecodeStrategy }): Promise<string[]> {
  const { mu } = await posteriorMeans(loaded, [a, b]);
  const Z = loaded.model.latentSize;
  const path = latentPath(mu.subarray(0, Z), mu.subarray(Z, 2 * Z), o.steps, o.spherical);
  return decodeCodes(loaded, path, o.steps, o.strategy, o.seed, o.maxLength);
}
