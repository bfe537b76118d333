// What a model family declares (settings table, model building, phases, final scores, how to open its runs), and the one run lifecycle written for all of them.
import type { TokenDecoder } from '../nn/token-decoder.js';
import type { Parameters } from '../nn/parameters.js';
import type { Corpus } from '../data/corpus.js';
import { Vocabulary } from '../data/vocab.js';
import type { DecodeStrategy } from '../decode/strategy.js';
import type { BufferSet } from '../engine/buffers.js';
import { loadBufferSet } from '../engine/buffer-checkpoint.js';
import { RunDir, RunError, exists, type CheckpointKind } from './run-dir.js';
import { corpusOf, startRun, TEXTFORGE_VERSION, type StartedRun } from './run-setup.js';
import { runPhases, type Phase, type TrainingState, type TrainingSummary } from './phases.js';
import type { ProgressReporter } from './progress.js';
import type { DataSettings, LoopSettings } from './settings.js';
import { checkFamilyConfig, checkModelSizes, checkRunConfig, type CheckedRunConfig } from './run-config.js';
import { readCheckpointShapes } from '../engine/checkpoint.js';
import { checkSettings, defaultsOf, resumableKeys, type SettingsTable } from './settings-table.js';

/** NLL-oracle scoring of fixed-length token sequences (oracle ids), loaded from an oracle file. */
export interface OracleScoring {
  readonly sequenceLength: number;
  score(sequences: readonly Int32Array[]): Promise<number>;
}

/** What families get from the layers above them (model-based evaluators live above the models they use). */
export interface FamilyServices {
  loadOracle?(path: string): Promise<OracleScoring>;
}

/** The settings every family has: its data, and where its run goes. */
export type BaseSettings = DataSettings & Pick<LoopSettings, 'out' | 'batchSize' | 'logEvery' | 'checkpointEvery'> & { timeBudgetMs?: number };

export interface BuildContext<S> {
  settings: S;
  run: RunDir;
  resume: boolean;
  vocab: Vocabulary;
  corpus: Corpus;
  /** The corpus as vocabulary ids. */
  encoded: { train: Int32Array[]; valid: Int32Array[]; test: Int32Array[] };
  /** A part of config.json (model config, schedule): as recorded at the run's start on resume, else derive(). */
  recorded<T>(key: string, derive: () => T): T;
  progress: ProgressReporter;
  services: FamilyServices;
}

/** A family's run, built and ready for the loop. */
export interface BuiltRun<R> {
  /** The parts of config.json besides the settings (modelConfig, schedule, ...), each read back by `recorded` on resume. */
  config: Record<string, unknown>;
  parameters: number;
  state: TrainingState;
  phases: Phase[];
  /** After the loop: the final test, samples, plots; the result `train` returns. */
  finish(summary: TrainingSummary): Promise<R>;
}

export interface SampleRequest {
  strategy: DecodeStrategy;
  count: number;
  maxLength: number;
  seed: number;
  /** Prefixes to continue, one sentence per prompt (language-model-like runs only). */
  prompts?: string[];
}

export interface EvalRequest {
  /** Language models: sentence or stream scoring. */
  mode?: 'sentence' | 'stream';
  /** Latent-variable models: importance samples per sentence. */
  samples?: number;
  progress?: ProgressReporter;
}

/** A file scored by a run: the numbers (for --json) and one line for people. */
export interface EvalReport {
  values: Record<string, unknown>;
  text: string;
}

/** Encoder-decoder tools of latent-variable runs. */
export interface LatentTools {
  readonly latentSize: number;
  reconstruct(sentences: readonly string[], o: { strategy: DecodeStrategy; seed: number; maxLength: number }): Promise<string[]>;
  interpolate(a: string, b: string, o: { steps: number; spherical: boolean; strategy: DecodeStrategy; seed: number; maxLength: number }): Promise<string[]>;
  encode(sentences: readonly string[]): Promise<{ mu: Float32Array; logVar: Float32Array }>;
}

/** Any family's run, opened for sampling and evaluation: what sample, eval, info, compare and the web app use. */
export interface LoadedRun {
  readonly family: string;
  readonly run: RunDir;
  readonly settings: DataSettings;
  readonly vocab: Vocabulary;
  readonly parameters: number;
  /** Generated sentences as token lists. */
  sample(request: SampleRequest): Promise<string[][]>;
  /** Token lists back to text, as the run's tokenizer spells it. */
  detokenize(tokens: readonly string[]): string;
  evaluate?(file: string, request: EvalRequest): Promise<EvalReport>;
  readonly latent?: LatentTools;
  /** The run's unconditioned next-token model and its loaded parameters (language models): what compress codes with. */
  readonly tokenModel?: { decoder: TokenDecoder; params: Parameters };
}

/** A run directory opened for reading: its config.json, vocabulary and the chosen checkpoint. */
export interface OpenedRun {
  run: RunDir;
  config: Record<string, unknown> & { model: string; settings: Record<string, unknown> };
  vocab: Vocabulary;
  checkpoint: CheckpointKind;
  /** Load the `prefix/...` tensors of the chosen checkpoint into `set`. */
  loadParams(prefix: string, set: BufferSet): Promise<void>;
}

export interface Likelihood {
  nllPerToken: number;
  nllPerSentence: number;
  perplexity: number;
}

/** A model `textforge compare` trains from this family: a name, and settings over the family's defaults for a time budget. */
export interface CompareEntry<S> {
  name: string;
  description: string;
  settings(budgetMs: number): Partial<S>;
}

export interface Family<S extends BaseSettings = BaseSettings, R extends FamilyResult = FamilyResult> {
  readonly name: string;
  readonly description: string;
  readonly settings: SettingsTable;
  /** A one-line-per-fact summary of a training result for people (the CLI prints it; --json prints the result). */
  report(result: R): string[];
  build(context: BuildContext<S>): Promise<BuiltRun<R>>;
  open(opened: OpenedRun): Promise<LoadedRun>;
  /** Throws (one line) unless a recorded config.json modelConfig is what this family's model constructor needs. */
  validateModelConfig?(modelConfig: unknown): void;
  /** Runs read with the defaults of this family's settings table merged under their recorded settings. */
  readonly compare?: { entries: readonly CompareEntry<S>[]; likelihood(result: R): Likelihood | null };
}

/** What every training result holds. */
export interface FamilyResult {
  run: string;
  summary: TrainingSummary;
}

/** Train a family's run into `settings.out` (or continue it exactly with `resume`): data, vocabulary, config.json, phases, final scores. */
export async function trainFamily<S extends BaseSettings, R extends FamilyResult>(family: Family<S, R>, given: Partial<S>, io: { progress: ProgressReporter; resume?: boolean; services?: FamilyServices; signal?: AbortSignal }): Promise<R> {
  const resume = io.resume ?? false;
  const full = { ...defaultsOf<S>(family.settings), ...given } as S;
  checkSettings(`train ${family.name}`, family.settings, full as unknown as Record<string, unknown>);
  const started: StartedRun<S> = await startRun(full, family.name, resume, resumableKeys(family.settings) as (keyof S)[], (line) => io.progress.log(line));
  try {
    return await trainStarted(family, started, resume, io);
  } finally {
    await started.lock.release(); // one writer per run: the lock lives as long as the training, errors included
  }
}

async function trainStarted<S extends BaseSettings, R extends FamilyResult>(family: Family<S, R>, started: StartedRun<S>, resume: boolean, io: { progress: ProgressReporter; services?: FamilyServices; signal?: AbortSignal }): Promise<R> {
  const { run, settings } = started;
  if (started.saved !== null) checkFamilyConfig(run.path, started.saved as unknown as CheckedRunConfig, family);
  const corpus = await corpusOf(settings);
  const vocab = resume ? await Vocabulary.load(run.file('vocab.json')) : settings.tokenizer === 'byte' ? Vocabulary.bytes() : Vocabulary.build(corpus.train, { maxSize: settings.vocabSize, minFreq: settings.minFreq });
  const encode = (sentences: string[][]) => sentences.map((s) => vocab.encode(s));
  const encoded = { train: encode(corpus.train), valid: encode(corpus.valid), test: encode(corpus.test) };
  const recorded = <T>(key: string, derive: () => T): T => {
    const value = started.saved?.[key];
    return value === undefined ? derive() : (value as T);
  };
  if (encoded.valid.length === 0) throw new RunError('training: the validation split is empty: give --valid or a larger --train');
  const built = await family.build({ settings, run, resume, vocab, corpus, encoded, recorded, progress: io.progress, services: io.services ?? {} });
  if (!resume) {
    await vocab.save(run.file('vocab.json'));
    await run.writeJson('config.json', {
      model: family.name, textforge: TEXTFORGE_VERSION, settings, ...built.config, vocabSize: vocab.size,
      data: { train: encoded.train.length, valid: encoded.valid.length, test: encoded.test.length, truncated: corpus.truncated, blankLines: corpus.blankLines },
      parameters: built.parameters,
    });
  }
  const summary = await runPhases(family.name, built.phases, built.state, run, { resume, progress: io.progress, signal: io.signal });
  return built.finish(summary);
}

/** The run of a family with one phase, whose final scores use the parameters of its best checkpoint (its best validation). */
export function singlePhaseRun<R>(o: { config: Record<string, unknown>; params: BufferSet & { count(): number }; phase: Phase & { state(): TrainingState }; run: RunDir; finish(summary: TrainingSummary): Promise<R> }): BuiltRun<R> {
  return {
    config: o.config,
    parameters: o.params.count(),
    state: o.phase.state(),
    phases: [o.phase],
    async finish(summary) {
      if (await o.run.hasCheckpoint('best')) await loadBufferSet(o.run.checkpoint('best'), 'params', o.params);
      return o.finish(summary);
    },
  };
}

/** Open a run directory for reading: config.json, vocabulary, and the checkpoint to load (best, falling back to last). */
export async function openRunFiles(path: string, checkpoint: CheckpointKind): Promise<OpenedRun> {
  const run = await RunDir.open(path);
  const config = await run.readJson<unknown>('config.json');
  checkRunConfig(path, config);
  // SeqGAN runs written before phased runs kept their vocabulary in the nested language-model run, mle/
  const vocabFile = !(await exists(run.file('vocab.json'))) && (await exists(run.file('mle/vocab.json'))) ? 'mle/vocab.json' : 'vocab.json';
  const vocab = await Vocabulary.load(run.file(vocabFile));
  if (config.vocabSize !== undefined && config.vocabSize !== vocab.size) throw new RunError(`run '${path}': config.json: vocabSize must equal the ${vocab.size} tokens of ${vocabFile}, got ${String(config.vocabSize)}`);
  const chosen: CheckpointKind = checkpoint === 'best' && !(await run.hasCheckpoint('best')) ? 'last' : checkpoint;
  if (!(await run.hasCheckpoint(chosen))) throw new RunError(`run '${path}' has no checkpoint yet`);
  checkModelSizes(path, config.modelConfig, await readCheckpointShapes(run.checkpoint(chosen)));
  return { run, config, vocab, checkpoint: chosen, loadParams: async (prefix, set) => { await loadBufferSet(run.checkpoint(chosen), prefix, set); } };
}
