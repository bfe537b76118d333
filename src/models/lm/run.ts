// Language-model runs end to end: train (or resume) into a run directory, then load, sample, evaluate and summarise runs.
import { Rng } from '../../engine/random.js';
import { loadBufferSet } from '../../engine/buffer-checkpoint.js';
import { readTextLines } from '../../data/read-text.js';
import { encodeLines } from '../../data/encode-text.js';
import { tokenize, detokenize } from '../../data/tokenize.js';
import { Vocabulary, PAD, UNK, BOS, EOS } from '../../data/vocab.js';

/** Where a sentence starts: after <bos> for sentence-trained models, after <eos> in a stream-trained model's running text. */
function startTokenOf(settings: Pick<LmSettings, 'mode'>): number {
  return settings.mode === 'stream' ? EOS : BOS;
}
import { decode } from '../../decode/decode.js';
import type { DecodeStrategy } from '../../decode/strategy.js';
import { RunDir, RunError, type CheckpointKind } from '../../train/run-dir.js';
import { corpusOf, openRunOf, recordedOr, startRun, TEXTFORGE_VERSION } from '../../train/run-setup.js';
import { RESUMABLE_LOOP_SETTINGS, scheduleConfigOf } from '../../train/settings.js';
import { runTraining, type TrainingSummary } from '../../train/loop.js';
import type { ProgressReporter } from '../../train/progress.js';
import { LanguageModel } from './model.js';
import { LmTask } from './task.js';
import { LmEvaluator, type LmEvaluation } from './evaluate.js';
import { lmStepModel } from './step-model.js';
import { LM_DEFAULTS, modelConfigOf, type LmSettings } from './settings.js';

/** Settings that may change when a run is resumed (they do not change the model, the data or the batch order). */
const RESUMABLE: (keyof LmSettings)[] = [...RESUMABLE_LOOP_SETTINGS];

interface RunConfigJson {
  model: string;
  textforge: string;
  settings: LmSettings;
  modelConfig: ReturnType<typeof modelConfigOf>;
  vocabSize: number;
  data: { train: number; valid: number; test: number; truncated: number; blankLines: number };
  parameters: number;
}

export interface LmTrainResult {
  run: string;
  summary: TrainingSummary;
  test: LmEvaluation | null;
  samples: string[];
  truncated: number;
}

export interface LmTrainIo {
  progress: ProgressReporter;
  resume?: boolean;
  /** Metrics of the model added to every validation record (SeqGAN's MLE phase: NLL-oracle of its samples). */
  extraValidation?: (model: LanguageModel, vocab: Vocabulary) => Promise<Record<string, number>>;
}

/** Train a language model into `settings.out` (or continue it with `resume`), then score the test split and sample. */
export async function trainLanguageModel(given: LmSettings, io: LmTrainIo): Promise<LmTrainResult> {
  const resume = io.resume ?? false;
  const started = await startRun(given, 'lm', resume, RESUMABLE);
  const { run, settings } = started;
  const corpus = await corpusOf(settings);
  const vocab = resume ? await Vocabulary.load(run.file('vocab.json')) : Vocabulary.build(corpus.train, { maxSize: settings.vocabSize, minFreq: settings.minFreq });
  const encode = (sentences: string[][]) => sentences.map((s) => vocab.encode(s));
  const train = encode(corpus.train);
  const valid = encode(corpus.valid);
  const test = encode(corpus.test);
  const modelConfig = recordedOr(started, 'modelConfig', () => modelConfigOf(settings));
  const model = new LanguageModel(modelConfig, vocab.size, new Rng(settings.seed).fork('init'));
  if (!resume) {
    await vocab.save(run.file('vocab.json'));
    const config: RunConfigJson = {
      model: 'lm', textforge: TEXTFORGE_VERSION, settings, modelConfig, vocabSize: vocab.size,
      data: { train: train.length, valid: valid.length, test: test.length, truncated: corpus.truncated, blankLines: corpus.blankLines },
      parameters: model.params.count(),
    };
    await run.writeJson('config.json', config);
  }
  if (valid.length === 0) throw new RunError('training: the validation split is empty: give --valid or a larger --train');
  const extra = io.extraValidation;
  const task = new LmTask(model, train, valid, settings, extra ? () => extra(model, vocab) : undefined);
  const summary = await runTraining(task, run, {
    epochs: settings.epochs,
    evalEvery: settings.evalEvery,
    evalEveryEpochs: settings.evalEveryEpochs,
    checkpointEvery: settings.checkpointEvery,
    patience: settings.patience,
    timeBudgetMs: settings.timeBudgetMs,
    logEvery: settings.logEvery,
    schedule: scheduleConfigOf(settings),
  }, { resume, progress: io.progress });

  if (await run.hasCheckpoint('best')) await loadBufferSet(run.checkpoint('best'), 'params', model.params);
  let testResult: LmEvaluation | null = null;
  if (test.length > 0) {
    testResult = await task.evaluator.evaluate(test, { mode: settings.mode, batchSize: settings.batchSize, bptt: settings.bptt, maxLen: settings.maxLen });
    await run.appendMetrics({ step: summary.steps, split: 'test', nll_per_token: testResult.nllPerToken, ppl: testResult.perplexity, nll_per_sentence: testResult.nllPerSentence, tokens: testResult.tokens });
  }
  const samples = await sampleText(model, vocab, settings, { strategy: { kind: 'sample', temperature: 0.8 }, count: 5, maxLength: Math.min(settings.maxLen, 40), seed: settings.seed });
  await run.writeText('samples/final.txt', `${samples.join('\n')}\n`);
  return { run: run.path, summary, test: testResult, samples, truncated: corpus.truncated };
}

export interface LoadedLmRun {
  run: RunDir;
  settings: LmSettings;
  vocab: Vocabulary;
  model: LanguageModel;
  config: RunConfigJson;
}

/** Open a language-model run and load the parameters of one of its checkpoints. */
export async function loadLmRun(path: string, checkpoint: CheckpointKind = 'best'): Promise<LoadedLmRun> {
  const { run, config, vocab, loadParams } = await openRunOf<RunConfigJson>(path, 'lm', checkpoint);
  const settings = { ...LM_DEFAULTS, ...config.settings };
  const model = new LanguageModel(config.modelConfig, vocab.size, new Rng(settings.seed).fork('init'));
  await loadParams(model.params);
  return { run, settings, vocab, model, config };
}

export interface SampleOptions {
  strategy: DecodeStrategy;
  count: number;
  maxLength: number;
  seed: number;
  prompts?: string[];
}

/** Decode sentences as tokens. */
export async function sampleTokens(model: LanguageModel, vocab: Vocabulary, settings: Pick<LmSettings, 'tokenizer' | 'lowercase' | 'mode'>, options: SampleOptions): Promise<string[][]> {
  const prompts = options.prompts?.map((p) => Array.from(vocab.encode(tokenize(p, { kind: settings.tokenizer, lowercase: settings.lowercase }))));
  const decoded = await decode(lmStepModel(model) as Parameters<typeof decode>[0], {
    strategy: options.strategy,
    count: prompts ? undefined : options.count,
    prompts,
    bosToken: startTokenOf(settings),
    eosToken: EOS,
    maxLength: options.maxLength,
    rng: new Rng(options.seed).fork('sample'),
    bannedTokens: [PAD, UNK, BOS],
  });
  return decoded.map((d) => vocab.decode(d.tokens));
}

/** Decode sentences and turn them back into text. */
export async function sampleText(model: LanguageModel, vocab: Vocabulary, settings: Pick<LmSettings, 'tokenizer' | 'lowercase' | 'mode'>, options: SampleOptions): Promise<string[]> {
  return (await sampleTokens(model, vocab, settings, options)).map((tokens) => detokenize(tokens, settings.tokenizer));
}

/** Score a text file with a run's model. */
export async function evaluateFile(loaded: LoadedLmRun, path: string, mode: 'sentence' | 'stream' = loaded.settings.mode): Promise<LmEvaluation> {
  const { settings, vocab, model } = loaded;
  const { lines } = await readTextLines(path);
  const encoded = encodeLines(lines, vocab, settings);
  return new LmEvaluator(model).evaluate(encoded, { mode, batchSize: settings.batchSize, bptt: settings.bptt, maxLen: settings.maxLen, startToken: startTokenOf(settings) });
}

/** A summary of a run: its settings, size, progress and best scores. */
export async function runInfo(path: string): Promise<Record<string, unknown>> {
  const run = await RunDir.open(path);
  const config = await run.readJson<RunConfigJson & { schedule?: unknown; discriminator?: unknown }>('config.json');
  const metrics = await run.readMetrics();
  const valid = metrics.filter((m) => m.split === 'valid');
  const test = metrics.filter((m) => m.split === 'test').pop();
  const lastStep = metrics.reduce((m, r) => Math.max(m, typeof r.step === 'number' ? r.step : 0), 0);
  const best = valid.reduce<Record<string, unknown> | null>((b, r) => (b === null || (r.score as number) < (b.score as number) ? r : b), null);
  return {
    run: path,
    model: config.model,
    // a SeqGAN run keeps its generator's config in <run>/mle and its own schedule and discriminator here
    modelConfig: config.modelConfig ?? { schedule: config.schedule, discriminator: config.discriminator },
    parameters: config.parameters,
    vocabSize: config.vocabSize,
    data: config.data,
    steps: lastStep,
    checkpoints: { last: await run.hasCheckpoint('last'), best: await run.hasCheckpoint('best') },
    bestValid: best,
    test: test ?? null,
  };
}
