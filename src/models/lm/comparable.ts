// The language models registered for `textforge compare`: LSTM, GRU and Transformer decoders with their defaults.
import { registerModel, type ComparableModel, type CompareContext, type TrainedModel } from '../../compare/registry.js';
import { trainLanguageModel, loadLmRun, sampleTokens } from './run.js';
import { LM_DEFAULTS, type LmSettings } from './settings.js';
import type { LmCell } from './config.js';

function comparableLm(name: string, description: string, overrides: Partial<LmSettings> & { cell: LmCell }): ComparableModel {
  return {
    name,
    description,
    async train(ctx: CompareContext): Promise<TrainedModel> {
      const settings: LmSettings = {
        ...LM_DEFAULTS, ...overrides,
        train: ctx.train, test: ctx.test, tokenizer: ctx.tokenizer, lowercase: ctx.lowercase,
        seed: ctx.seed, out: ctx.runDir, epochs: 1000, timeBudgetMs: ctx.budgetMs, evalEvery: 500,
      };
      const result = await trainLanguageModel(settings, { progress: ctx.progress });
      const loaded = await loadLmRun(ctx.runDir, 'best');
      return {
        sample: (count, seed) => sampleTokens(loaded.model, loaded.vocab, loaded.settings, { strategy: { kind: 'sample' }, count, maxLength: loaded.settings.maxLen, seed }),
        testLikelihood: result.test && { nllPerToken: result.test.nllPerToken, nllPerSentence: result.test.nllPerSentence, perplexity: result.test.perplexity },
        parameters: loaded.model.params.count(),
        trainSeconds: result.summary.seconds,
        steps: result.summary.steps,
        tokensPerSecond: result.summary.tokensPerSecond,
        runDir: ctx.runDir,
      };
    },
  };
}

registerModel(comparableLm('lm', 'LSTM language model (MLE), 1 x 128', { cell: 'lstm' }));
registerModel(comparableLm('lm-gru', 'GRU language model (MLE), 1 x 128', { cell: 'gru' }));
registerModel(comparableLm('lm-transformer', 'Transformer language model (MLE), 2 layers, width 64, 4 heads', { cell: 'transformer', layers: 2, embedSize: 64, heads: 4, lr: 1e-3 }));
