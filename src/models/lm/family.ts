// The language-model family (LSTM, GRU, RNN, Transformer trained by MLE): its settings, its one phase, its final test and samples, and how its runs open.
import { Rng } from '../../engine/random.js';
import { detokenize } from '../../data/tokenize.js';
import { singlePhaseRun, type EvalReport, type EvalRequest, type Family, type FamilyResult, type LoadedRun } from '../../train/family.js';
import type { Vocabulary } from '../../data/vocab.js';
import { singlePhaseLoop } from '../../train/settings.js';
import { LanguageModel } from './model.js';
import { LmTask } from './task.js';
import type { LmEvaluation } from './evaluate.js';
import { LM_DEFAULTS, LM_SETTINGS, modelConfigOf, type LmSettings } from './settings.js';
import { validateLmConfig, type LmConfig } from './config.js';
import { configObject } from '../../train/run-config.js';
import { evaluateFile, sampleText, sampleTokens } from './generate-text.js';

export interface LmTrainResult extends FamilyResult {
  test: LmEvaluation | null;
  samples: string[];
  truncated: number;
}

/** An opened language-model run: its model with the checkpoint's parameters. */
export interface LoadedLm extends LoadedRun {
  readonly settings: LmSettings;
  readonly model: LanguageModel;
}

/** compare's single-phase runs: as many epochs as the time budget allows, validated every 500 steps. */
export const budgeted = (budgetMs: number) => ({ epochs: 1000, timeBudgetMs: budgetMs, evalEvery: 500 });

/** A text file scored by a language model (any family's generator that is one): NLL per token and per sentence, perplexity. */
export async function evaluateLm(loaded: { settings: LmSettings; vocab: Vocabulary; model: LanguageModel }, file: string, o: EvalRequest): Promise<EvalReport> {
  if (o.samples !== undefined) throw new RangeError('eval: --samples is for sequence VAEs (importance samples per sentence)');
  const mode = o.mode ?? loaded.settings.mode;
  const r = await evaluateFile(loaded, file, mode);
  return {
    values: { mode, ...r },
    text: `${file}: ${r.sentences} sentences, ${r.tokens} tokens; NLL per token ${r.nllPerToken.toFixed(4)}, perplexity ${r.perplexity.toFixed(2)}, NLL per sentence ${r.nllPerSentence.toFixed(2)} (${mode} mode)`,
  };
}

export const lmFamily: Family<LmSettings, LmTrainResult> = {
  name: 'lm',
  description: 'train a language model (LSTM, GRU, RNN or Transformer)',
  settings: LM_SETTINGS,

  async build({ settings, run, encoded, corpus, vocab, recorded }) {
    const modelConfig = recorded('modelConfig', () => modelConfigOf(settings));
    const model = new LanguageModel(modelConfig, vocab.size, new Rng(settings.seed).fork('init'));
    const task = new LmTask('train', singlePhaseLoop(settings), model, encoded.train, encoded.valid, settings);
    return singlePhaseRun({
      config: { modelConfig }, params: model.params, phase: task, run,
      async finish(summary) {
        let test: LmEvaluation | null = null;
        if (encoded.test.length > 0) {
          test = await task.evaluator.evaluate(encoded.test, { mode: settings.mode, batchSize: settings.batchSize, bptt: settings.bptt, maxLen: settings.maxLen });
          await run.appendMetrics({ step: summary.steps, phase: 'train', split: 'test', nll_per_token: test.nllPerToken, ppl: test.perplexity, nll_per_sentence: test.nllPerSentence, tokens: test.tokens });
        }
        const samples = await sampleText(model, vocab, settings, { strategy: { kind: 'sample', temperature: 0.8 }, count: 5, maxLength: Math.min(settings.maxLen, 40), seed: settings.seed });
        await run.writeText('samples/final.txt', `${samples.join('\n')}\n`);
        return { run: run.path, summary, test, samples, truncated: corpus.truncated };
      },
    });
  },

  report(result) {
    const s = result.summary;
    const lines = [`run ${result.run}: ${s.steps} steps in ${s.seconds.toFixed(1)} s (${Math.round(s.tokensPerSecond)} tokens/s), stopped by ${s.stoppedBy}`];
    if (s.bestScore !== null) lines.push(`best valid NLL per token ${s.bestScore.toFixed(4)} (perplexity ${Math.exp(s.bestScore).toFixed(2)})`);
    const t = result.test;
    if (t) lines.push(`test: NLL per token ${t.nllPerToken.toFixed(4)}, perplexity ${t.perplexity.toFixed(2)}, NLL per sentence ${t.nllPerSentence.toFixed(2)} (${t.sentences} sentences)`);
    if (result.truncated > 0) lines.push(`${result.truncated} lines were truncated to --max-len`);
    return [...lines, 'samples:', ...result.samples.map((l) => `  ${l}`)];
  },

  validateModelConfig: (c) => validateLmConfig(configObject(c) as unknown as LmConfig),

  async open({ run, config, vocab, loadParams }): Promise<LoadedLm> {
    const settings = { ...LM_DEFAULTS, ...config.settings } as LmSettings;
    const model = new LanguageModel(config.modelConfig as LmConfig, vocab.size, new Rng(settings.seed).fork('init'));
    await loadParams('params', model.params);
    return {
      family: 'lm', run, settings, vocab, model, parameters: model.params.count(),
      sample: (o) => sampleTokens(model, vocab, settings, o),
      detokenize: (tokens) => detokenize([...tokens], settings.tokenizer),
      evaluate: (file, o) => evaluateLm({ settings, vocab, model }, file, o),
      tokenModel: { decoder: model.decoder, params: model.params },
    };
  },

  compare: {
    entries: [
      { name: 'lm', description: 'LSTM language model (MLE), 1 x 128', settings: (b) => ({ ...budgeted(b), cell: 'lstm' }) },
      { name: 'lm-gru', description: 'GRU language model (MLE), 1 x 128', settings: (b) => ({ ...budgeted(b), cell: 'gru' }) },
      { name: 'lm-transformer', description: 'Transformer language model (MLE), 2 layers, width 64, 4 heads', settings: (b) => ({ ...budgeted(b), cell: 'transformer', layers: 2, embedSize: 64, heads: 4, lr: 1e-3 }) },
    ],
    likelihood: (r) => r.test && { nllPerToken: r.test.nllPerToken, nllPerSentence: r.test.nllPerSentence, perplexity: r.test.perplexity },
  },
};

export { sampleText, sampleTokens, evaluateFile };
