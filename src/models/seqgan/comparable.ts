// SeqGAN registered for `textforge compare`: MLE pre-training for 60% of the budget, then adversarial training; its generator still has a likelihood.
import { registerModel, type CompareContext, type TrainedModel } from '../../compare/registry.js';
import { sampleTokens } from '../lm/run.js';
import { loadSeqGanRun, trainSeqGan, SEQGAN_DEFAULTS } from './run.js';

registerModel({
  name: 'seqgan',
  description: 'SeqGAN (Yu et al.): LSTM 32 generator, MLE for 60% of the budget, then policy gradient with 16 rollouts against the paper\'s CNN discriminator; sentences up to 30 tokens',
  async train(ctx: CompareContext): Promise<TrainedModel> {
    const budget = ctx.budgetMs;
    const result = await trainSeqGan({
      ...SEQGAN_DEFAULTS,
      train: ctx.train, test: ctx.test, tokenizer: ctx.tokenizer, lowercase: ctx.lowercase, seed: ctx.seed, out: ctx.runDir,
      // rollouts cost grows with the square of the length: 30 tokens keeps an adversarial step to seconds
      maxLen: 30, mleEpochs: 1000, mleTimeBudgetMs: Math.round(0.6 * budget), timeBudgetMs: Math.round(0.4 * budget),
      dPretrainRounds: 3, adversarialSteps: 10000, negatives: 1000, evalEvery: 1000, textSamples: 200, finalTextSamples: 1000,
    }, { progress: ctx.progress });
    const loaded = await loadSeqGanRun(ctx.runDir, 'last');
    const t = result.test;
    return {
      sample: (count, seed) => sampleTokens(loaded.model, loaded.vocab, loaded.lmSettings, { strategy: { kind: 'sample' }, count, maxLength: loaded.settings.maxLen, seed }),
      testLikelihood: t && { nllPerToken: t.nllPerToken, nllPerSentence: t.nllPerSentence, perplexity: t.perplexity },
      parameters: loaded.model.params.count(),
      trainSeconds: result.mleSeconds + result.summary.seconds,
      steps: result.summary.steps,
      tokensPerSecond: result.summary.tokensPerSecond,
      runDir: ctx.runDir,
    };
  },
});
