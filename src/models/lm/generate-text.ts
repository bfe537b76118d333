// Language models put to use: decoding sentences (with prompts) and scoring a text file.
import { Rng } from '../../engine/random.js';
import { readTextLines } from '../../data/read-text.js';
import { encodeLines } from '../../data/encode-text.js';
import { tokenize, detokenize } from '../../data/tokenize.js';
import { type Vocabulary, PAD, UNK, BOS, EOS } from '../../data/vocab.js';
import { decode } from '../../decode/decode.js';
import type { DecodeStrategy } from '../../decode/strategy.js';
import type { LanguageModel } from './model.js';
import { LmEvaluator, type LmEvaluation } from './evaluate.js';
import { lmStepModel } from './step-model.js';
import type { LmSettings } from './settings.js';

/** Where a sentence starts: after <bos> for sentence-trained models, after <eos> in a stream-trained model's running text. */
export function startTokenOf(settings: Pick<LmSettings, 'mode'>): number {
  return settings.mode === 'stream' ? EOS : BOS;
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
export async function evaluateFile(loaded: { settings: LmSettings; vocab: Vocabulary; model: LanguageModel }, path: string, mode: 'sentence' | 'stream' = loaded.settings.mode): Promise<LmEvaluation> {
  const { settings, vocab, model } = loaded;
  const { lines } = await readTextLines(path);
  const encoded = encodeLines(lines, vocab, settings);
  return new LmEvaluator(model).evaluate(encoded, { mode, batchSize: settings.batchSize, bptt: settings.bptt, maxLen: settings.maxLen, startToken: startTokenOf(settings) });
}
