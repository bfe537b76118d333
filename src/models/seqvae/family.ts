// The sequence-VAE family (Bowman et al.): its settings, its one phase, its final K-sample test and prior samples, and how its runs open (with the latent tools).
import { Rng } from '../../engine/random.js';
import { detokenize } from '../../data/tokenize.js';
import { singlePhaseRun, type Family, type FamilyResult, type LoadedRun } from '../../train/family.js';
import { singlePhaseLoop } from '../../train/settings.js';
import { SeqVae } from './model.js';
import { SeqVaeTask } from './task.js';
import { SEQVAE_DEFAULTS, SEQVAE_SETTINGS, klScheduleOf, seqVaeConfigOf, type SeqVaeSettings } from './settings.js';
import { validateSeqVaeConfig, type SeqVaeConfig } from './config.js';
import { configObject } from '../../train/run-config.js';
import { evaluateSeqVaeFile, interpolate, posteriorMeans, reconstruct, samplePrior, samplePriorTokens, testMetrics, type SeqVaeTestResult } from './use.js';

export interface SeqVaeTrainResult extends FamilyResult {
  test: SeqVaeTestResult | null;
  samples: string[];
  truncated: number;
}

export interface LoadedSeqVae extends LoadedRun {
  readonly settings: SeqVaeSettings;
  readonly model: SeqVae;
}

export const seqVaeFamily: Family<SeqVaeSettings, SeqVaeTrainResult> = {
  name: 'seqvae',
  description: 'train a sequence VAE (LSTM/GRU encoder and decoder, Gaussian latent) with annealing, word dropout and free bits',
  settings: SEQVAE_SETTINGS,

  async build({ settings, run, encoded, corpus, vocab, recorded, progress }) {
    const modelConfig = recorded('modelConfig', () => seqVaeConfigOf(settings));
    const model = new SeqVae(modelConfig, vocab.size, new Rng(settings.seed).fork('init'));
    const totalSteps = Math.ceil(encoded.train.length / settings.batchSize) * settings.epochs;
    const task = new SeqVaeTask(singlePhaseLoop(settings), model, encoded.train, encoded.valid, {
      seed: settings.seed, batchSize: settings.batchSize, maxLen: settings.maxLen, clip: settings.clip,
      klSchedule: klScheduleOf(settings, totalSteps), validSamples: settings.validSamples,
    });
    return singlePhaseRun({
      config: { modelConfig }, params: model.params, phase: task, run,
      async finish(summary) {
        let test: SeqVaeTestResult | null = null;
        if (encoded.test.length > 0) {
          const K = settings.testSamples;
          test = await testMetrics(model, encoded.test, settings, K, progress);
          await run.appendMetrics({
            step: summary.steps, phase: 'train', split: 'test', K, iw_nll: test.iwNll, ppl: test.perplexity, elbo: test.elbo, rec: test.rec, kl: test.kl,
            mi: test.mutualInformation, active_units: test.activeUnits, reconstruction_bleu: test.reconstructionBleu, exact_reconstructions: test.exactReconstructions,
          });
        }
        const samples = await samplePrior({ model, vocab, settings }, { count: 5, seed: settings.seed, maxLength: Math.min(settings.maxLen, 40), strategy: { kind: 'greedy' } });
        await run.writeText('samples/final.txt', `${samples.join('\n')}\n`);
        return { run: run.path, summary, test, samples, truncated: corpus.truncated };
      },
    });
  },

  report(result) {
    const s = result.summary;
    const lines = [`run ${result.run}: ${s.steps} steps in ${s.seconds.toFixed(1)} s, stopped by ${s.stoppedBy}`];
    const t = result.test;
    if (t) lines.push(`test (${t.sentences} sentences): IW-NLL ${t.iwNll.toFixed(2)} per sentence, perplexity ${t.perplexity.toFixed(2)}, ELBO ${t.elbo.toFixed(2)}, KL ${t.kl.toFixed(2)}, MI ${t.mutualInformation.toFixed(2)}, active units ${t.activeUnits}, reconstruction BLEU ${t.reconstructionBleu.toFixed(3)} (${(100 * t.exactReconstructions).toFixed(1)}% exact)`);
    return [...lines, 'samples from the prior (greedy):', ...result.samples.map((l) => `  ${l}`)];
  },

  validateModelConfig: (c) => validateSeqVaeConfig(configObject(c) as unknown as SeqVaeConfig),

  async open({ run, config, vocab, loadParams }): Promise<LoadedSeqVae> {
    const settings = { ...SEQVAE_DEFAULTS, ...config.settings } as SeqVaeSettings;
    const model = new SeqVae(config.modelConfig as SeqVaeConfig, vocab.size, new Rng(settings.seed).fork('init'));
    await loadParams('params', model.params);
    const loaded = { model, vocab, settings };
    return {
      family: 'seqvae', run, settings, vocab, model, parameters: model.params.count(),
      sample(o) {
        if (o.prompts) throw new RangeError('sample: --prompt is for language models; a sequence VAE samples from its prior (see reconstruct and interpolate)');
        return samplePriorTokens(loaded, o);
      },
      detokenize: (tokens) => detokenize([...tokens], settings.tokenizer),
      async evaluate(file, o) {
        if (o.mode) throw new RangeError('eval: --mode is for language models; a sequence VAE scores each sentence on its own');
        const K = o.samples ?? settings.testSamples;
        const r = await evaluateSeqVaeFile(loaded, file, K, o.progress);
        return {
          values: { K, ...r },
          text: `${file}: ${r.sentences} sentences, ${r.tokens} tokens; IW-NLL ${r.iwNll.toFixed(2)} per sentence (K = ${K}), perplexity ${r.perplexity.toFixed(2)}, ELBO ${r.elbo.toFixed(2)}, reconstruction NLL ${r.rec.toFixed(2)}, KL ${r.kl.toFixed(2)}, MI ${r.mutualInformation.toFixed(2)}, active units ${r.activeUnits}; reconstruction BLEU ${r.reconstructionBleu.toFixed(3)} (${(100 * r.exactReconstructions).toFixed(1)}% exact)`,
        };
      },
      latent: {
        latentSize: model.latentSize,
        reconstruct: (sentences, o) => reconstruct(loaded, sentences, o),
        interpolate: (a, b, o) => interpolate(loaded, a, b, o),
        encode: (sentences) => posteriorMeans(loaded, sentences),
      },
    };
  },

  compare: {
    entries: [{
      name: 'seqvae',
      description: 'sequence VAE (Bowman et al.), LSTM 64, Z 8, linear KL warm-up over 300 steps, word dropout 0.3; NLL by 20 importance samples',
      // a budgeted run may stop after a few hundred steps: logistic annealing centred at 2,500 steps would leave
      // the KL unpenalised (and the bound poor) for all of it, so compare warms the weight up linearly and early
      settings: (budgetMs) => ({ epochs: 1000, timeBudgetMs: budgetMs, evalEvery: 500, testSamples: 20, klAnneal: 'linear', klWarmup: 300 }),
    }],
    likelihood: (r) => r.test && { nllPerToken: Math.log(r.test.perplexity), nllPerSentence: r.test.iwNll, perplexity: r.test.perplexity },
  },
};
