// The sequence VAE registered for `textforge compare`: prior samples for BLEU and diversity, the importance-weighted NLL as its likelihood.
import { registerModel, type CompareContext, type TrainedModel } from '../../compare/registry.js';
import { trainSeqVae, loadSeqVaeRun, samplePriorTokens } from './run.js';
import { SEQVAE_DEFAULTS } from './settings.js';

registerModel({
  name: 'seqvae',
  description: 'sequence VAE (Bowman et al.), LSTM 64, Z 8, linear KL warm-up over 300 steps, word dropout 0.3; NLL by 20 importance samples',
  async train(ctx: CompareContext): Promise<TrainedModel> {
    const result = await trainSeqVae({
      ...SEQVAE_DEFAULTS,
      train: ctx.train, test: ctx.test, tokenizer: ctx.tokenizer, lowercase: ctx.lowercase, seed: ctx.seed, out: ctx.runDir,
      epochs: 1000, timeBudgetMs: ctx.budgetMs, evalEvery: 500, testSamples: 20,
      // a budgeted run may stop after a few hundred steps: logistic annealing centred at 2,500 steps would leave
      // the KL unpenalised (and the bound poor) for all of it, so compare warms the weight up linearly and early
      klAnneal: 'linear', klWarmup: 300,
    }, { progress: ctx.progress });
    const loaded = await loadSeqVaeRun(ctx.runDir, 'best');
    const t = result.test;
    return {
      sample: (count, seed) => samplePriorTokens(loaded, { count, seed, maxLength: loaded.settings.maxLen, strategy: { kind: 'sample' } }),
      testLikelihood: t && { nllPerToken: Math.log(t.perplexity), nllPerSentence: t.iwNll, perplexity: t.perplexity },
      parameters: loaded.model.params.count(),
      trainSeconds: result.summary.seconds,
      steps: result.summary.steps,
      tokensPerSecond: result.summary.tokensPerSecond,
      runDir: ctx.runDir,
    };
  },
});
