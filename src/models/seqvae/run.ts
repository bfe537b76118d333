// Sequence-VAE runs end to end: train (or resume), then load, sample from the prior, reconstruct, interpolate and encode.
import { Rng } from '../../engine/random.js';
import { loadBufferSet } from '../../engine/buffer-checkpoint.js';
import { detokenize } from '../../data/tokenize.js';
import { readTextLines } from '../../data/read-text.js';
import { encodeLines } from '../../data/encode-text.js';
import { Vocabulary, BOS, EOS, PAD, UNK } from '../../data/vocab.js';
import { decode } from '../../decode/decode.js';
import type { DecodeStrategy } from '../../decode/strategy.js';
import { RunDir, RunError, type CheckpointKind } from '../../train/run-dir.js';
import { runTraining, type TrainingSummary } from '../../train/loop.js';
import type { ProgressReporter } from '../../train/progress.js';
import { corpusOf, openRunOf, recordedOr, startRun, TEXTFORGE_VERSION } from '../../train/run-setup.js';
import { RESUMABLE_LOOP_SETTINGS, scheduleConfigOf } from '../../train/settings.js';
import { KL_SCHEDULE_DEFAULTS, type KlSchedule } from '../../train/kl-schedule.js';
import { SeqVae } from './model.js';
import { SeqVaeTask } from './task.js';
import { evaluateSeqVae, type SeqVaeEvaluation } from './evaluate.js';
import { reconstructionScores } from './reconstruction.js';
import { encodeSentences } from './encode.js';
import { latentStepModel } from './step-model.js';
import { priorCodes } from './latent.js';
import { SEQVAE_DEFAULTS, seqVaeConfigOf, type SeqVaeSettings } from './settings.js';
import type { SeqVaeConfig } from './config.js';

const RESUMABLE: (keyof SeqVaeSettings)[] = [...RESUMABLE_LOOP_SETTINGS, 'testSamples'];

interface SeqVaeConfigJson {
  model: 'seqvae';
  textforge: string;
  settings: SeqVaeSettings;
  modelConfig: SeqVaeConfig;
  vocabSize: number;
  data: { train: number; valid: number; test: number; truncated: number };
  parameters: number;
}

export function klScheduleOf(s: SeqVaeSettings, totalSteps: number): KlSchedule {
  return {
    ...KL_SCHEDULE_DEFAULTS, kind: s.klAnneal, beta: s.beta, warmupSteps: s.klWarmup,
    logisticX0: s.klWarmup, logisticK: 10 / s.klWarmup,
    totalSteps: Math.max(1, totalSteps), cycles: Math.max(1, Math.round(totalSteps / s.klWarmup)),
  };
}

export interface SeqVaeTrainResult {
  run: string;
  summary: TrainingSummary;
  test: SeqVaeTestResult | null;
  samples: string[];
  truncated: number;
}

export async function trainSeqVae(given: SeqVaeSettings, io: { progress: ProgressReporter; resume?: boolean }): Promise<SeqVaeTrainResult> {
  const resume = io.resume ?? false;
  const started = await startRun(given, 'seqvae', resume, RESUMABLE);
  const { run, settings } = started;
  const corpus = await corpusOf(settings);
  const vocab = resume ? await Vocabulary.load(run.file('vocab.json')) : Vocabulary.build(corpus.train, { maxSize: settings.vocabSize, minFreq: settings.minFreq });
  const encode = (sentences: string[][]) => sentences.map((s) => vocab.encode(s));
  const [train, valid, test] = [encode(corpus.train), encode(corpus.valid), encode(corpus.test)];
  if (valid.length === 0) throw new RunError('training: the validation split is empty: give --valid or a larger --train');
  const modelConfig = recordedOr(started, 'modelConfig', () => seqVaeConfigOf(settings));
  const model = new SeqVae(modelConfig, vocab.size, new Rng(settings.seed).fork('init'));
  if (!resume) {
    await vocab.save(run.file('vocab.json'));
    const config: SeqVaeConfigJson = {
      model: 'seqvae', textforge: TEXTFORGE_VERSION, settings, modelConfig, vocabSize: vocab.size,
      data: { train: train.length, valid: valid.length, test: test.length, truncated: corpus.truncated }, parameters: model.params.count(),
    };
    await run.writeJson('config.json', config);
  }
  const totalSteps = Math.ceil(train.length / settings.batchSize) * settings.epochs;
  const task = new SeqVaeTask(model, train, valid, {
    seed: settings.seed, batchSize: settings.batchSize, maxLen: settings.maxLen, clip: settings.clip,
    klSchedule: klScheduleOf(settings, totalSteps), validSamples: settings.validSamples,
  });
  const summary = await runTraining(task, run, {
    epochs: settings.epochs, evalEvery: settings.evalEvery, checkpointEvery: settings.checkpointEvery, patience: settings.patience,
    timeBudgetMs: settings.timeBudgetMs, logEvery: settings.logEvery,
    schedule: scheduleConfigOf(settings),
  }, { resume, progress: io.progress });
  if (await run.hasCheckpoint('best')) await loadBufferSet(run.checkpoint('best'), 'params', model.params);
  let testResult: SeqVaeTestResult | null = null;
  if (test.length > 0) {
    testResult = await testMetrics(model, test, settings, settings.testSamples, io.progress);
    await run.appendMetrics({
      step: summary.steps, split: 'test', K: settings.testSamples, iw_nll: testResult.iwNll, ppl: testResult.perplexity, elbo: testResult.elbo, rec: testResult.rec, kl: testResult.kl,
      mi: testResult.mutualInformation, active_units: testResult.activeUnits, reconstruction_bleu: testResult.reconstructionBleu, exact_reconstructions: testResult.exactReconstructions,
    });
  }
  const samples = await samplePrior({ model, vocab, settings }, { count: 5, seed: settings.seed, maxLength: Math.min(settings.maxLen, 40), strategy: { kind: 'greedy' } });
  await run.writeText('samples/final.txt', `${samples.join('\n')}\n`);
  return { run: run.path, summary, test: testResult, samples, truncated: corpus.truncated };
}

export interface LoadedSeqVaeRun {
  run: RunDir;
  settings: SeqVaeSettings;
  vocab: Vocabulary;
  model: SeqVae;
}

export async function loadSeqVaeRun(path: string, checkpoint: CheckpointKind = 'best'): Promise<LoadedSeqVaeRun> {
  const { run, config, vocab, loadParams } = await openRunOf<SeqVaeConfigJson>(path, 'seqvae', checkpoint);
  const settings = { ...SEQVAE_DEFAULTS, ...config.settings };
  const model = new SeqVae(config.modelConfig, vocab.size, new Rng(settings.seed).fork('init'));
  await loadParams(model.params);
  return { run, settings, vocab, model };
}

type Loaded = Pick<LoadedSeqVaeRun, 'model' | 'vocab' | 'settings'>;

/** A test split's numbers: the evaluation with K importance samples, and how well greedy decoding from mu reconstructs. */
export interface SeqVaeTestResult extends SeqVaeEvaluation {
  /** Corpus BLEU-4 of greedy reconstructions from the posterior means against their sources. */
  reconstructionBleu: number;
  /** The fraction of sentences reconstructed token for token. */
  exactReconstructions: number;
}

/** K samples with a quarter of the training batch per run (K multiplies the decoder's rows), then the reconstructions. */
async function testMetrics(model: SeqVae, encoded: readonly Int32Array[], settings: SeqVaeSettings, K: number, progress?: ProgressReporter): Promise<SeqVaeTestResult> {
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

/** Codes on the path from a to b: linear, or spherical (slerp, which keeps the norm typical of the prior). */
export function latentPath(a: Float32Array, b: Float32Array, steps: number, spherical: boolean): Float32Array {
  if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`interpolate: steps must be an integer >= 2, got ${steps}`);
  const Z = a.length;
  const out = new Float32Array(steps * Z); // (steps, Z)
  const norm = (v: Float32Array) => Math.hypot(...v);
  let dot = 0;
  for (let d = 0; d < Z; d++) dot += a[d] * b[d];
  const omega = Math.acos(Math.min(1, Math.max(-1, dot / (norm(a) * norm(b) || 1))));
  for (let i = 0; i < steps; i++) {
    const t = i / (steps - 1);
    // slerp degenerates to the line when a and b are (anti)parallel or zero
    const [wa, wb] = spherical && Math.sin(omega) > 1e-6 ? [Math.sin((1 - t) * omega) / Math.sin(omega), Math.sin(t * omega) / Math.sin(omega)] : [1 - t, t];
    for (let d = 0; d < Z; d++) out[i * Z + d] = i === 0 ? a[d] : i === steps - 1 ? b[d] : wa * a[d] + wb * b[d];
  }
  return out;
}

/** Sentences along the path between the posterior means of a and b, endpoints included. */
export async function interpolate(loaded: Loaded, a: string, b: string, o: { steps: number; spherical: boolean; seed: number; maxLength: number; strategy: DecodeStrategy }): Promise<string[]> {
  const { mu } = await posteriorMeans(loaded, [a, b]);
  const Z = loaded.model.latentSize;
  const path = latentPath(mu.subarray(0, Z), mu.subarray(Z, 2 * Z), o.steps, o.spherical);
  return decodeCodes(loaded, path, o.steps, o.strategy, o.seed, o.maxLength);
}
