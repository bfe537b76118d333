// Reverse perplexity (Zhao et al. 2018): train a small language model on generated text, report its perplexity on real test text.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lmFamily } from '../models/lm/family.js';
import { trainFamily } from '../train/family.js';
import type { TokenizerKind } from '../data/tokenize.js';
import type { ProgressReporter } from '../train/progress.js';

export interface ReversePerplexityOptions {
  /** Real test text (one sentence per line). */
  testFile: string;
  /** A fresh directory for the generated text and the evaluator's run. */
  workDir: string;
  /** Training time for the evaluator, and at most this many epochs (default 1000: the time decides). */
  budgetMs: number;
  epochs?: number;
  seed: number;
  tokenizer: TokenizerKind;
  lowercase: boolean;
  progress: ProgressReporter;
}

/**
 * A likelihood-free model's samples are only as good as what can be learned from them: the tiny LSTM
 * language model trained on them (validation on a seeded 5% of the samples) scores the real test set.
 */
export async function reversePerplexity(generated: readonly string[][], o: ReversePerplexityOptions): Promise<{ perplexity: number; nllPerToken: number }> {
  if (generated.length < 20) throw new RangeError(`reversePerplexity: generated text must hold at least 20 sentences, got ${generated.length}`);
  await mkdir(o.workDir, { recursive: true });
  const train = join(o.workDir, 'generated.txt');
  await writeFile(train, `${generated.map((s) => s.join(' ')).join('\n')}\n`);
  const result = await trainFamily(lmFamily, {
    train, test: o.testFile, tokenizer: o.tokenizer, lowercase: o.lowercase,
    seed: o.seed, out: join(o.workDir, 'run'), epochs: o.epochs ?? 1000, timeBudgetMs: o.budgetMs,
  }, { progress: o.progress });
  if (result.test === null) throw new RangeError(`reversePerplexity: the test file '${o.testFile}' has no sentences`);
  return { perplexity: result.test.perplexity, nllPerToken: result.test.nllPerToken };
}
