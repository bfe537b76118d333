// The coding models an archive can name: a pretrained byte- or word-level run (found by path, checked by hash), the adaptive model, and the built-in default run.
import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { openRun, trainRun } from '../runs/runs.js';
import type { ProgressReporter } from '../train/progress.js';
import { adaptiveHash, adaptivePredictor, checkAdaptiveSpec, copyOfModel, learningPredictor, type OnlineLearning } from './adaptive.js';
import { LanguageModel } from '../models/lm/model.js';
import type { LoadedLm } from '../models/lm/family.js';
import { defaultCompressorReady, defaultModelDirectory } from './default-directory.js';
import { ArchiveError, type AdaptiveModelSpec, type ArchiveHeader } from './archive.js';
import { byteVocabularyProblem } from './byte-symbols.js';
import type { CodingModel } from './codec.js';
import type { TokenText } from './token-lanes.js';
import { parametersHash, recurrentPredictor } from './predictor.js';

/** A trained run as a coding model: a recurrent language model over bytes (the byte tokenizer) or over words (with side information); `adaptation` makes it learn as it codes. */
export async function pretrainedModel(path: string, adaptation?: OnlineLearning): Promise<CodingModel> {
  const loaded = await openRun(path, 'best');
  if (loaded.tokenModel === undefined) throw new RangeError(`compress: run ${path} cannot code text: it is a ${loaded.family} run, not a language model`);
  const { decoder, params } = loaded.tokenModel;
  if (decoder.transformer) throw new RangeError(`compress: run ${path} is a Transformer; compress needs a recurrent model (LSTM, GRU or RNN)`);
  const { tokenizer, lowercase } = loaded.settings;
  let symbols: TokenText | undefined;
  if (tokenizer === 'byte') {
    const notBytes = byteVocabularyProblem(loaded.vocab);
    if (notBytes !== null) throw new RangeError(`compress: run ${path} cannot code bytes: ${notBytes}`);
  } else if (tokenizer === 'word' || tokenizer === 'whitespace') symbols = { tokenizer, lowercase, vocab: loaded.vocab };
  else throw new RangeError(`compress: run ${path} uses the ${tokenizer} tokenizer; compress takes byte-level runs (--tokenizer byte) and word-level ones (word, whitespace)`);
  const hash = createHash('sha256').update(parametersHash(params)).update(JSON.stringify(loaded.vocab.toJSON())).digest('hex'); // the vocabulary decides what the ids mean
  if (adaptation === undefined) return { mode: 'pretrained', hash, run: path, symbols, predictor: (lanes, threads) => recurrentPredictor(decoder, params, lanes, threads) };
  const model = (loaded as Partial<LoadedLm>).model;
  if (!(model instanceof LanguageModel)) throw new RangeError(`compress: run ${path} is a ${loaded.family} run; --dynamic-lr needs a language-model run`);
  return { mode: 'pretrained', hash, run: path, symbols, adaptation, predictor: (lanes, threads) => learningPredictor(copyOfModel(model), lanes, threads, adaptation, 1) };
}

export function adaptiveModel(spec: AdaptiveModelSpec): CodingModel {
  checkAdaptiveSpec(spec);
  return { mode: 'adaptive', hash: adaptiveHash(spec), adaptive: spec, predictor: (lanes, threads) => adaptivePredictor(spec, lanes, threads) };
}

/**
 * The built-in default: a 1 x 384 byte-level LSTM trained on the Brown Corpus as plain text (src/data/brown-text.ts),
 * 6 epochs of truncated BPTT (100 bytes, 64 streams), Adam 3e-3 on a cosine schedule. About 40 minutes on 2 cores.
 */
export const DEFAULT_MODEL_SETTINGS = {
  tokenizer: 'byte', mode: 'stream', lowercase: false, maxLen: 2000, cell: 'lstm', layers: 1, hiddenSize: 384, embedSize: 64,
  bptt: 100, batchSize: 64, epochs: 6, schedule: 'cosine', lr: 3e-3, clip: 1, evalEvery: 1000, seed: 1,
} as const;

const exists = (path: string) => access(path).then(() => true, () => false);

/**
 * The default model, training it first if it is not there yet (resuming a training that was stopped: Ctrl-C saves it).
 * `allowTraining` false turns a missing model into an error saying how to make it.
 */
export async function defaultModel(o: { progress: ProgressReporter; signal?: AbortSignal; allowTraining: boolean; adaptation?: OnlineLearning }): Promise<CodingModel> {
  const dir = defaultModelDirectory();
  if (!defaultCompressorReady(dir)) {
    if (!o.allowTraining) throw new RangeError(`compress: the default model is not trained yet (${dir}): run textforge compress --prepare, or name a run`);
    const resume = await exists(join(dir, 'config.json'));
    o.progress.log(`textforge: ${resume ? 'continuing to train' : 'training'} the default compression model (a byte-level LSTM on the built-in Brown corpus, about 40 minutes on 2 cores; Ctrl-C saves it) in ${dir}`);
    await trainRun('lm', { ...DEFAULT_MODEL_SETTINGS, out: dir }, { progress: o.progress, resume, signal: o.signal });
  }
  return pretrainedModel(dir, o.adaptation);
}

/** The model an archive names: its adaptive spec, or the pretrained run given, the run it was made with, or the default model; its hash must match. */
export async function modelForArchive(header: ArchiveHeader, runGiven: string | undefined): Promise<CodingModel> {
  if (header.mode === 'adaptive') {
    if (header.model.adaptive === undefined) throw new ArchiveError('its header is damaged: an adaptive archive without its model spec');
    return adaptiveModel(header.model.adaptive);
  }
  const candidates = runGiven !== undefined ? [runGiven] : [header.model.run, defaultModelDirectory()].filter((p): p is string => p !== undefined);
  const tried: string[] = [];
  for (const path of candidates) {
    if (!(await exists(join(path, 'config.json')))) {
      tried.push(`${path} (not a run)`);
      continue;
    }
    const model = await pretrainedModel(path, header.model.adaptation);
    if (model.hash === header.model.hash || runGiven !== undefined) return model; // a given run is checked (and named) by decompressBytes
    tried.push(`${path} (model ${model.hash.slice(0, 12)})`);
  }
  throw new ArchiveError(`it needs the run whose model is ${header.model.hash.slice(0, 12)} (made from ${header.model.run ?? 'an unnamed run'}); tried ${tried.join(', ') || 'nothing'}: pass it with --run`);
}

export { defaultModelDirectory };
