// The SeqGAN family (Yu et al. 2017): three phases in one run (MLE pre-training, discriminator pre-training, adversarial training), final scores of both generators, and how its runs open.
import { join } from 'node:path';
import { Rng } from '../../engine/random.js';
import { detokenize } from '../../data/tokenize.js';
import { ReferenceSet } from '../../metrics/bleu.js';
import type { Family, FamilyResult, LoadedRun, OracleScoring } from '../../train/family.js';
import { exists, RunError } from '../../train/run-dir.js';
import { scheduleConfigOf } from '../../train/settings.js';
import type { PhaseLoop } from '../../train/phases.js';
import { LanguageModel } from '../lm/model.js';
import { LmTask } from '../lm/task.js';
import type { LmEvaluation } from '../lm/evaluate.js';
import { LM_DEFAULTS, modelConfigOf, type LmSettings } from '../lm/settings.js';
import { evaluateLm } from '../lm/family.js';
import { validateLmConfig, type LmConfig } from '../lm/config.js';
import { configObject } from '../../train/run-config.js';
import { sampleTokens } from '../lm/generate-text.js';
import { AdversarialTraining, DiscriminatorPretraining, SeqGanParts } from './task.js';
import { scorerOf, sequencesToTokens } from './evaluation.js';
import { generateSequences } from './generate.js';
import { discriminatorConfigOf, scheduleOf, SEQGAN_DEFAULTS, SEQGAN_SETTINGS, type SeqGanSettings } from './settings.js';
import { realSequences, rulesOf } from './rows.js';
import { writeNllOracleCurve } from './curves.js';

/** A generator's final scores: NLL-oracle (synthetic) or BLEU-2..5 and Self-BLEU-2..5 (real text). */
export type GeneratorScores = Record<string, number>;

export interface SeqGanTrainResult extends FamilyResult {
  /** The MLE-pre-trained generator's scores, then the adversarially trained one's, on the same protocol. */
  mle: GeneratorScores;
  seqgan: GeneratorScores;
  samples: string[];
  plot: string | null;
  /** Real text: the final generator's likelihood of the test split (sentence level); null on the synthetic benchmark. */
  test: LmEvaluation | null;
}

export interface LoadedSeqGan extends LoadedRun {
  readonly settings: SeqGanSettings;
  /** The generator, with the parameters of the chosen checkpoint. */
  readonly model: LanguageModel;
}

/** The MLE phase's pacing, as the nested language-model run of earlier versions had it: a metrics line every 20 steps, a checkpoint every 5 epochs. */
const MLE_LOG_EVERY = 20;
const MLE_CHECKPOINT_EPOCHS = 5;

/** The generator: a 1-layer recurrent language model without dropout (the paper: LSTM, embedding 32, hidden 32). */
function generatorConfigOf(s: SeqGanSettings): LmConfig {
  return modelConfigOf({ preset: 'tiny', mode: 'sentence', bptt: 35, maxLen: s.maxLen, cell: s.cell, layers: 1, embedSize: s.embedSize, hiddenSize: s.hiddenSize, dropout: 0, tied: false });
}

/** The MLE phase trains the generator as a sentence-mode language model does. */
function mleTrainingOf(s: SeqGanSettings): Pick<LmSettings, 'seed' | 'mode' | 'batchSize' | 'bptt' | 'maxLen' | 'optimizer' | 'clip'> {
  return { seed: s.seed, mode: 'sentence', batchSize: s.batchSize, bptt: 35, maxLen: s.maxLen, optimizer: 'adam', clip: s.clip };
}

const isGeneratorScores = (phase: string) => (r: Record<string, unknown>) => r.phase === phase && r.split === 'test' && r.scores === 'generator';

export const seqGanFamily: Family<SeqGanSettings, SeqGanTrainResult> = {
  name: 'seqgan',
  description: 'train SeqGAN: MLE pre-training, a CNN discriminator, then policy gradient with Monte-Carlo rollouts',
  settings: SEQGAN_SETTINGS,

  async build({ settings, run, encoded, corpus, vocab, recorded, services }) {
    const schedule = recorded('schedule', () => scheduleOf(settings));
    const discriminator = recorded('discriminator', () => discriminatorConfigOf(settings));
    const modelConfig = recorded('modelConfig', () => generatorConfigOf(settings));
    const synthetic = settings.oracle !== undefined;
    let oracle: OracleScoring | null = null;
    if (settings.oracle !== undefined) {
      if (!services.loadOracle) throw new RunError('seqgan: --oracle needs NLL-oracle scoring, which this caller did not provide');
      oracle = await services.loadOracle(settings.oracle);
      if (settings.maxLen < oracle.sequenceLength) throw new RunError(`seqgan: --max-len must be at least the oracle's sequence length ${oracle.sequenceLength}, got ${settings.maxLen}`);
    }
    const length = oracle ? oracle.sequenceLength : settings.maxLen + 1;
    const rules = rulesOf(synthetic);
    const references = synthetic ? null : new ReferenceSet(corpus.test.length > 0 ? corpus.test : corpus.valid);
    const score = scorerOf(vocab, oracle, references, length, settings.seed);
    const finalCount = synthetic ? settings.finalOracleSamples : settings.finalTextSamples;

    const generator = new LanguageModel(modelConfig, vocab.size, new Rng(settings.seed).fork('init'));
    const parts = new SeqGanParts(generator, realSequences(encoded.train, length, synthetic), rules, {
      seed: settings.seed, schedule, discriminator, batchSize: settings.batchSize,
      lr: settings.lr, dBatchSize: settings.dBatchSize, clip: settings.clip, rollouts: settings.rollouts, rolloutRate: settings.rolloutRate,
    });
    const constant = (lr: number) => scheduleConfigOf({ schedule: 'constant', lr, warmup: 0, lrDecay: 1, decayStart: 1 });
    const stepsPerEpoch = Math.max(1, Math.ceil(encoded.train.length / settings.batchSize));
    const mleLoop: PhaseLoop = {
      epochs: schedule.mleEpochs, evalEvery: 0, evalEveryEpochs: settings.mleEvalEvery, checkpointEvery: stepsPerEpoch * MLE_CHECKPOINT_EPOCHS, patience: 0,
      schedule: constant(settings.mleLr), timeBudgetMs: settings.mleTimeBudgetMs, logEvery: MLE_LOG_EVERY, selectsBest: false, spikeGuard: settings.spikeGuard,
    };
    // validation (with NLL-oracle) every mleEvalEvery epochs and after the last
    const mle = new LmTask('mle', mleLoop, generator, encoded.train, encoded.valid, mleTrainingOf(settings),
      synthetic ? () => score(parts.sampler, settings.oracleSamples, 'mle') : undefined);
    // the last MLE model goes on, as the paper's: NLL-oracle keeps falling after validation NLL turns up (the generator sharpens)
    mle.end = async () => {
      const records: Record<string, unknown>[] = [];
      if (encoded.test.length > 0) {
        const t = await mle.evaluator.evaluate(encoded.test, { mode: 'sentence', batchSize: settings.batchSize, bptt: 35, maxLen: settings.maxLen });
        records.push({ split: 'test', nll_per_token: t.nllPerToken, ppl: t.perplexity, nll_per_sentence: t.nllPerSentence, tokens: t.tokens });
      }
      return [...records, { split: 'test', scores: 'generator', ...(await score(parts.sampler, finalCount, 'final')) }];
    };
    const adversarialLoop: PhaseLoop = { epochs: 1, evalEvery: settings.evalEvery, checkpointEvery: settings.checkpointEvery, patience: 0, schedule: constant(settings.lr), timeBudgetMs: settings.timeBudgetMs, logEvery: settings.logEvery, spikeGuard: settings.spikeGuard };
    const pretrainLoop: PhaseLoop = { ...adversarialLoop, evalEvery: 0, timeBudgetMs: undefined };
    const phases = [
      mle,
      ...(schedule.dPretrainRounds > 0 ? [new DiscriminatorPretraining(parts, pretrainLoop)] : []),
      ...(schedule.adversarialSteps > 0 ? [new AdversarialTraining(parts, adversarialLoop, async (sampler) => {
        const scores = await score(sampler, synthetic ? settings.oracleSamples : settings.textSamples, 'valid');
        return { score: synthetic ? scores.nll_oracle : 1 - (scores.bleu4 ?? 0), metrics: scores };
      })] : []),
    ];
    const mleState = mle.state('generator', 'mle_optimizer');
    const adversarialState = parts.state();
    return {
      config: { schedule, discriminator, modelConfig, sequenceLength: length },
      parameters: generator.params.count(),
      state: {
        buffers: { ...mleState.buffers, ...adversarialState.buffers },
        rngs: { ...mleState.rngs, ...adversarialState.rngs },
        counters: { ...mleState.counters, ...adversarialState.counters },
      },
      phases,
      async finish(summary) {
        // the final generator (the last one: SeqGAN has no validation score to select by), scored like the MLE one
        const records = await run.readMetrics();
        const { scores: _m, phase: _p, split: _s, step: _t, ...mleScores } = records.find(isGeneratorScores('mle')) ?? {};
        const seqganScores = await score(parts.sampler, finalCount, 'final');
        await run.appendMetrics({ step: summary.steps, phase: 'adversarial', split: 'test', scores: 'generator', ...seqganScores });
        const sampled = await generateSequences(parts.sampler, 20, length, new Rng(settings.seed).fork('final-samples'));
        const samples = sequencesToTokens(sampled, vocab, rules.eosToken, rules.padToken).map((t) => detokenize(t, settings.tokenizer));
        await run.writeText('samples/final.txt', `${samples.join('\n')}\n`);
        const plot = synthetic ? await writeNllOracleCurve(run) : null;
        let test: LmEvaluation | null = null;
        if (!synthetic && encoded.test.length > 0) {
          test = await mle.evaluator.evaluate(encoded.test, { mode: 'sentence', batchSize: settings.batchSize, bptt: 35, maxLen: settings.maxLen });
          await run.appendMetrics({ step: summary.steps, phase: 'adversarial', split: 'test', nll_per_token: test.nllPerToken, ppl: test.perplexity, nll_per_sentence: test.nllPerSentence });
        }
        return { run: run.path, summary, mle: mleScores as GeneratorScores, seqgan: seqganScores, samples, plot, test };
      },
    };
  },

  report(result) {
    const s = result.summary;
    const scores = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`).join(', ');
    const phases = s.phases.map((p) => `${p.name} ${p.steps} steps`).join(', ');
    const lines = [`run ${result.run}: ${phases} in ${s.seconds.toFixed(1)} s, adversarial phase stopped by ${s.stoppedBy}`, `MLE generator:    ${scores(result.mle)}`, `SeqGAN generator: ${scores(result.seqgan)}`];
    if (result.plot) lines.push(`NLL-oracle curve: ${result.plot}`);
    return [...lines, 'samples:', ...result.samples.slice(0, 5).map((l) => `  ${l}`)];
  },

  // runs written before phased runs keep their generator's modelConfig in mle/config.json
  validateModelConfig: (c) => (c === undefined ? undefined : validateLmConfig(configObject(c) as unknown as LmConfig)),

  async open({ run, config, vocab, loadParams }): Promise<LoadedSeqGan> {
    const settings = { ...SEQGAN_DEFAULTS, ...config.settings } as SeqGanSettings;
    // runs written before phased runs kept the generator's architecture in a nested language-model run, <run>/mle
    const legacy = config.modelConfig === undefined && (await exists(join(run.path, 'mle', 'config.json')));
    const modelConfig = legacy ? (await run.readJson<{ modelConfig: LmConfig }>(join('mle', 'config.json'))).modelConfig : (config.modelConfig as LmConfig);
    const model = new LanguageModel(modelConfig, vocab.size, new Rng(settings.seed).fork('init'));
    await loadParams('generator', model.params);
    // the generator is a sentence-level language model: it samples and scores as one
    const asLm: LmSettings = { ...LM_DEFAULTS, tokenizer: settings.tokenizer, lowercase: settings.lowercase, maxLen: settings.maxLen, batchSize: settings.batchSize, seed: settings.seed, mode: 'sentence', bptt: 35 };
    return {
      family: 'seqgan', run, settings, vocab, model, parameters: model.params.count(),
      sample: (o) => sampleTokens(model, vocab, asLm, o),
      evaluate: (file, o) => evaluateLm({ settings: asLm, vocab, model }, file, o),
      detokenize: (tokens) => detokenize([...tokens], settings.tokenizer),
    };
  },

  compare: {
    entries: [{
      name: 'seqgan',
      description: 'SeqGAN (Yu et al.): LSTM 32 generator, MLE for 60% of the budget, then policy gradient with 16 rollouts against the paper\'s CNN discriminator; sentences up to 30 tokens',
      // rollouts cost grows with the square of the length: 30 tokens keeps an adversarial step to seconds
      settings: (budget) => ({
        maxLen: 30, mleEpochs: 1000, mleTimeBudgetMs: Math.round(0.6 * budget), timeBudgetMs: Math.round(0.4 * budget),
        dPretrainRounds: 3, adversarialSteps: 10000, negatives: 1000, evalEvery: 1000, textSamples: 200, finalTextSamples: 1000,
      }),
    }],
    likelihood: (r) => r.test && { nllPerToken: r.test.nllPerToken, nllPerSentence: r.test.nllPerSentence, perplexity: r.test.perplexity },
  },
};
