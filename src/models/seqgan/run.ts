// SeqGAN runs end to end: MLE pre-training (a language-model run in <run>/mle), discriminator pre-training and adversarial training, final scores and the NLL-oracle curve.
import { join } from 'node:path';
import { BOS, EOS, PAD, UNK, type Vocabulary } from '../../data/vocab.js';
import { loadOracle, OracleScorer, ORACLE } from '../../evaluation/oracle.js';
import { ReferenceSet } from '../../metrics/bleu.js';
import { trainingCurvesPlot, type CurvePoint } from '../../report/plots.js';
import { RunDir, RunError, exists, type CheckpointKind } from '../../train/run-dir.js';
import { loadBufferSet } from '../../engine/buffer-checkpoint.js';
import { LmEvaluator, type LmEvaluation } from '../lm/evaluate.js';
import { corpusOf, recordedOr, startRun, TEXTFORGE_VERSION } from '../../train/run-setup.js';
import { RESUMABLE_LOOP_SETTINGS } from '../../train/settings.js';
import { runTraining, type TrainingSummary } from '../../train/loop.js';
import type { ProgressReporter } from '../../train/progress.js';
import { LM_DEFAULTS, type LmSettings } from '../lm/settings.js';
import { loadLmRun, trainLanguageModel } from '../lm/run.js';
import type { LanguageModel } from '../lm/model.js';
import { RecurrentSampler, type SamplingRules } from './sampler.js';
import { SeqGanTask, type GeneratorEvaluation } from './task.js';
import { nllOracle, oracleIdsOf, sequencesToTokens, textScores } from './evaluation.js';
import { generateSequences } from './generate.js';
import { discriminatorConfigOf, scheduleOf, SEQGAN_DEFAULTS, type SeqGanSettings } from './settings.js';
import { sequencesOf, type Sequences } from './sequences.js';
import { Rng } from '../../engine/random.js';
import { detokenize } from '../../data/tokenize.js';

const RESUMABLE: (keyof SeqGanSettings)[] = [...RESUMABLE_LOOP_SETTINGS, 'finalOracleSamples', 'finalTextSamples'];

/** A generator's final scores: NLL-oracle (synthetic) or BLEU-2..5 and Self-BLEU-2..5 (real text). */
export type GeneratorScores = Record<string, number>;

export interface SeqGanTrainResult {
  run: string;
  /** The adversarial phase (discriminator rounds and adversarial steps). */
  summary: TrainingSummary;
  /** Seconds of MLE pre-training in this invocation (0 when a resumed run had finished it before). */
  mleSeconds: number;
  /** The MLE-pre-trained generator's scores, then the adversarially trained one's, on the same protocol. */
  mle: GeneratorScores;
  seqgan: GeneratorScores;
  samples: string[];
  plot: string | null;
  /** Real text: the final generator's likelihood of the test split (sentence level); null on the synthetic benchmark. */
  test: LmEvaluation | null;
}

/** The MLE phase as a language-model run: a 1-layer recurrent generator trained with the paper's Adam settings. */
function mleSettingsOf(s: SeqGanSettings, out: string, trainSentences: number): LmSettings {
  const schedule = scheduleOf(s);
  const stepsPerEpoch = Math.max(1, Math.ceil(trainSentences / s.batchSize));
  // validation (with NLL-oracle) every mleEvalEvery epochs and after the last
  return {
    ...LM_DEFAULTS,
    train: s.train, valid: s.valid, test: s.test, split: s.split, tokenizer: s.tokenizer, lowercase: s.lowercase, maxLen: s.maxLen,
    vocabSize: s.vocabSize, minFreq: s.minFreq, seed: s.seed,
    preset: 'tiny', cell: s.cell, layers: 1, embedSize: s.embedSize, hiddenSize: s.hiddenSize, dropout: 0, tied: false,
    mode: 'sentence', optimizer: 'adam', lr: s.mleLr, batchSize: s.batchSize, clip: s.clip, epochs: schedule.mleEpochs,
    evalEvery: 0, evalEveryEpochs: s.mleEvalEvery, checkpointEvery: stepsPerEpoch * 5, logEvery: 20, timeBudgetMs: s.mleTimeBudgetMs, out,
  };
}

function rulesOf(synthetic: boolean): SamplingRules {
  return synthetic
    ? { startToken: BOS, bannedTokens: [PAD, UNK, BOS, EOS], eosToken: null, padToken: PAD }
    : { startToken: BOS, bannedTokens: [PAD, UNK, BOS], eosToken: EOS, padToken: PAD };
}

/** Training sentences as fixed-length rows: exactly the oracle's length (synthetic), or words + <eos> + <pad> (text). */
function realSequences(encoded: readonly Int32Array[], length: number, synthetic: boolean): Sequences {
  if (synthetic) {
    encoded.forEach((s, i) => {
      if (s.length !== length) throw new RunError(`seqgan: oracle data must have ${length} tokens per line, line ${i + 1} of the training data has ${s.length}`);
    });
    return sequencesOf(encoded, length, PAD);
  }
  return sequencesOf(encoded.map((s) => Int32Array.from([...s.subarray(0, length - 1), EOS])), length, PAD);
}

/** Scores the generator the same way during and after training. */
function evaluator(vocab: Vocabulary, oracle: LanguageModel | null, references: ReferenceSet | null, length: number, seed: number): (sampler: RecurrentSampler, count: number, label: string) => Promise<GeneratorScores> {
  const scorer = oracle ? new OracleScorer(oracle) : null;
  const map = oracleIdsOf(vocab);
  return async (sampler, count, label) => {
    if (scorer) return { nll_oracle: await nllOracle(sampler, scorer, map, count, length, seed, label) };
    return textScores(sampler, vocab, references as ReferenceSet, count, length, seed, label);
  };
}

/** Train (or resume) a whole SeqGAN run into `settings.out`. */
export async function trainSeqGan(given: SeqGanSettings, io: { progress: ProgressReporter; resume?: boolean }): Promise<SeqGanTrainResult> {
  const resume = io.resume ?? false;
  const started = await startRun(given, 'seqgan', resume, RESUMABLE);
  const { run, settings } = started;
  const schedule = recordedOr(started, 'schedule', () => scheduleOf(settings));
  const discriminator = recordedOr(started, 'discriminator', () => discriminatorConfigOf(settings));
  const synthetic = settings.oracle !== undefined;
  const oracle = settings.oracle === undefined ? null : await loadOracle(settings.oracle);
  if (synthetic && settings.maxLen < ORACLE.sequenceLength) throw new RunError(`seqgan: --max-len must be at least the oracle's sequence length ${ORACLE.sequenceLength}, got ${settings.maxLen}`);
  const length = synthetic ? ORACLE.sequenceLength : settings.maxLen + 1;
  const corpus = await corpusOf(settings);
  if (!resume) {
    await run.writeJson('config.json', { model: 'seqgan', textforge: TEXTFORGE_VERSION, settings, schedule, discriminator, sequenceLength: length });
  }
  const rules = rulesOf(synthetic);
  const references = synthetic ? null : new ReferenceSet(corpus.test.length > 0 ? corpus.test : corpus.valid);
  let evaluate: ReturnType<typeof evaluator> | null = null;

  // 1. MLE pre-training, as a language-model run of its own (progress, checkpoints, resume)
  const mleOut = join(run.path, 'mle');
  const mleDoneFile = 'mle-scores.json';
  let mleSeconds = 0;
  if (!(await exists(run.file(mleDoneFile)))) {
    const mleResume = resume && (await exists(join(mleOut, 'config.json')));
    const mleRun = await trainLanguageModel(mleSettingsOf(settings, mleOut, corpus.train.length), {
      progress: io.progress,
      resume: mleResume,
      extraValidation: synthetic ? async (model, vocab) => {
        evaluate ??= evaluator(vocab, oracle, references, length, settings.seed);
        return evaluate(new RecurrentSampler(model, rules), settings.oracleSamples, 'mle');
      } : undefined,
    });
    mleSeconds = mleRun.summary.seconds;
  }
  // the last MLE model, as the paper: NLL-oracle keeps falling after validation NLL turns up (the generator sharpens)
  const mle = await loadLmRun(mleOut, 'last');
  const vocab = mle.vocab;
  evaluate ??= evaluator(vocab, oracle, references, length, settings.seed);
  const finalCount = synthetic ? settings.finalOracleSamples : settings.finalTextSamples;
  let mleScores: GeneratorScores;
  if (await exists(run.file(mleDoneFile))) mleScores = await run.readJson<GeneratorScores>(mleDoneFile);
  else {
    mleScores = await evaluate(new RecurrentSampler(mle.model, rules), finalCount, 'final');
    await run.appendMetrics({ step: 0, split: 'test', phase: 'mle', ...mleScores });
    await run.writeJson(mleDoneFile, mleScores);
  }

  // 2. discriminator pre-training and adversarial training, on the shared loop
  const real = realSequences(corpus.train.map((s) => vocab.encode(s)), length, synthetic);
  const scoreDuringTraining: GeneratorEvaluation = async (sampler) => {
    const scores = await (evaluate as NonNullable<typeof evaluate>)(sampler, synthetic ? settings.oracleSamples : settings.textSamples, 'valid');
    return { score: synthetic ? scores.nll_oracle : 1 - (scores.bleu4 ?? 0), metrics: scores };
  };
  const task = new SeqGanTask(mle.model, real, rules, {
    seed: settings.seed, schedule, discriminator, batchSize: settings.batchSize,
    lr: settings.lr, dBatchSize: settings.dBatchSize, clip: settings.clip, rollouts: settings.rollouts, rolloutRate: settings.rolloutRate,
  }, scoreDuringTraining);
  const summary = await runTraining(task, run, {
    epochs: 1, evalEvery: settings.evalEvery, checkpointEvery: settings.checkpointEvery, patience: 0,
    timeBudgetMs: settings.timeBudgetMs, logEvery: settings.logEvery,
    schedule: { kind: 'constant', lr: settings.lr, warmupSteps: 0, factor: 1, decayStart: 1 },
  }, { resume: resume && (await run.hasCheckpoint('last')), progress: io.progress });

  // 3. the final generator (the last one: SeqGAN has no validation score to select by), scored like the MLE one
  const seqganScores = await evaluate(task.sampler, finalCount, 'final');
  await run.appendMetrics({ step: summary.steps, split: 'test', phase: 'seqgan', ...seqganScores });
  const sampled = await generateSequences(task.sampler, 20, length, new Rng(settings.seed).fork('final-samples'));
  const samples = sequencesToTokens(sampled, vocab, rules.eosToken, rules.padToken).map((t) => detokenize(t, settings.tokenizer));
  await run.writeText('samples/final.txt', `${samples.join('\n')}\n`);
  const plot = synthetic ? await writeNllOracleCurve(run) : null;
  let test: LmEvaluation | null = null;
  if (!synthetic && corpus.test.length > 0) {
    test = await new LmEvaluator(mle.model).evaluate(corpus.test.map((t) => vocab.encode(t)), { mode: 'sentence', batchSize: settings.batchSize, bptt: 35, maxLen: settings.maxLen });
    await run.appendMetrics({ step: summary.steps, split: 'test', phase: 'seqgan', nll_per_token: test.nllPerToken, ppl: test.perplexity, nll_per_sentence: test.nllPerSentence });
  }
  return { run: run.path, summary, mleSeconds, mle: mleScores, seqgan: seqganScores, samples, plot, test };
}

export interface LoadedSeqGanRun {
  run: RunDir;
  settings: SeqGanSettings;
  vocab: Vocabulary;
  /** The generator, with the adversarially trained parameters of the chosen checkpoint. */
  model: LanguageModel;
  /** The MLE phase's language-model settings (tokenizer, mode): what sampling and evaluation need. */
  lmSettings: LmSettings;
}

/** Open a SeqGAN run: the generator's architecture and vocabulary from its MLE run, its parameters from the adversarial checkpoint. */
export async function loadSeqGanRun(path: string, checkpoint: CheckpointKind = 'last'): Promise<LoadedSeqGanRun> {
  const run = await RunDir.open(path);
  const config = await run.readJson<{ model: string; settings: SeqGanSettings }>('config.json');
  if (config.model !== 'seqgan') throw new RunError(`run '${path}' holds a ${config.model} model; this needs a seqgan run`);
  const mle = await loadLmRun(join(path, 'mle'), 'best');
  const chosen: CheckpointKind = checkpoint === 'best' && !(await run.hasCheckpoint('best')) ? 'last' : checkpoint;
  if (!(await run.hasCheckpoint(chosen))) throw new RunError(`run '${path}' has no adversarial checkpoint yet`);
  await loadBufferSet(run.checkpoint(chosen), 'generator', mle.model.params);
  return { run, settings: { ...SEQGAN_DEFAULTS, ...config.settings }, vocab: mle.vocab, model: mle.model, lmSettings: mle.settings };
}

const PHASE_NAMES = { mle: 'MLE pre-training', adversarial: 'SeqGAN adversarial' };

/**
 * A SeqGAN run's NLL-oracle curve from both phases' metrics, on the paper's axis: MLE validations by epoch, then one unit
 * per adversarial step counted on from the last MLE epoch (pre-training rounds do not move the generator and take no
 * room). Each phase is named as `names` says.
 */
export async function nllOracleCurve(path: string, names = PHASE_NAMES): Promise<CurvePoint[]> {
  return curveOf(await RunDir.open(path), names);
}

async function curveOf(run: RunDir, names: { mle: string; adversarial: string }): Promise<CurvePoint[]> {
  const config = await run.readJson<{ model: string; schedule: { dPretrainRounds: number } }>('config.json');
  if (config.model !== 'seqgan') throw new RunError(`run '${run.path}' holds a ${config.model} model; this needs a seqgan run`);
  const points: CurvePoint[] = [];
  let lastEpoch = 0;
  for (const m of await (await RunDir.open(join(run.path, 'mle'))).readMetrics()) {
    if (m.split === 'valid' && typeof m.nll_oracle === 'number') {
      points.push({ model: names.mle, step: m.epoch as number, value: m.nll_oracle, split: 'valid' });
      lastEpoch = Math.max(lastEpoch, m.epoch as number);
    }
  }
  for (const m of await run.readMetrics()) {
    if (m.split === 'valid' && typeof m.nll_oracle === 'number') points.push({ model: names.adversarial, step: lastEpoch + Math.max(0, (m.step as number) - config.schedule.dPretrainRounds), value: m.nll_oracle, split: 'valid' });
  }
  return points;
}

/** Writes plots/nll-oracle.svg of a run from its metrics; its path, or null when the run has no NLL-oracle values. */
async function writeNllOracleCurve(run: RunDir): Promise<string | null> {
  const points = await curveOf(run, PHASE_NAMES);
  if (points.length === 0) return null;
  await run.writeText('plots/nll-oracle.svg', await trainingCurvesPlot(points, 'NLL-oracle (nats per token)', 'MLE epoch, then adversarial step'));
  return run.file('plots/nll-oracle.svg');
}

/** Redraw plots/nll-oracle.svg of a SeqGAN run from its metrics (e.g. after it finished, or while it runs). */
export async function plotNllOracle(path: string): Promise<string | null> {
  return writeNllOracleCurve(await RunDir.open(path));
}

export { SEQGAN_DEFAULTS };
