// `textforge compare`: train each listed model under one wall-clock budget, score all with one protocol, write a report.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextLines } from '../data/read-text.js';
import { tokenize, detokenize } from '../data/tokenize.js';
import { writeFileAtomic } from '../engine/atomic-write.js';
import { textMetrics } from '../metrics/text-metrics.js';
import { reversePerplexity } from '../evaluation/reverse-perplexity.js';
import { modelNamed } from './registry.js';
import { writeCompareReport } from './report.js';
import type { CompareOptions, ModelResult, CompareResult } from './types.js';

export type { CompareOptions, ModelResult, CompareResult } from './types.js';

export async function compareModels(o: CompareOptions): Promise<CompareResult> {
  const models = o.models.map(modelNamed); // unknown names fail before any training
  if (models.length === 0) throw new RangeError('compare: --models must name at least one model');
  const read = async (path: string) => (await readTextLines(path)).lines.map((l) => tokenize(l, { kind: o.tokenizer, lowercase: o.lowercase }));
  const references = await read(o.test);
  const training = await read(o.train);
  await mkdir(o.out, { recursive: true });
  const results: ModelResult[] = [];
  for (const m of models) {
    o.log(`compare: training ${m.name} (${m.description}) for ${Math.round(o.budgetMs / 1000)} s`);
    const trained = await m.train({ train: o.train, test: o.test, tokenizer: o.tokenizer, lowercase: o.lowercase, budgetMs: o.budgetMs, seed: o.seed, runDir: join(o.out, 'runs', m.name), progress: o.progress() });
    o.log(`compare: sampling ${o.samples} sentences from ${m.name} and scoring them`);
    const samples = await trained.sample(o.samples, o.seed);
    await writeFileAtomic(join(o.out, `samples-${m.name}.txt`), `${samples.map((s) => detokenize(s, o.tokenizer)).join('\n')}\n`);
    const metrics = textMetrics(samples, references, training);
    let reverse: number | null = null;
    if (trained.testLikelihood === null) {
      o.log(`compare: ${m.name} has no likelihood; training an LSTM on its samples for reverse perplexity`);
      const budgetMs = Math.min(o.budgetMs, 120_000);
      reverse = (await reversePerplexity(samples, { testFile: o.test, workDir: join(o.out, 'reverse', m.name), budgetMs, seed: o.seed, tokenizer: o.tokenizer, lowercase: o.lowercase, progress: o.progress() })).perplexity;
    }
    results.push({
      model: m.name, description: m.description, likelihood: trained.testLikelihood, reversePerplexity: reverse, metrics,
      parameters: trained.parameters, trainSeconds: trained.trainSeconds, steps: trained.steps, tokensPerSecond: trained.tokensPerSecond, runDir: trained.runDir,
    });
  }
  const protocol = [
    `Training: ${o.train} (${training.length} sentences); each model with its defaults for the same wall-clock budget of ${Math.round(o.budgetMs / 1000)} s (validation on a seeded 5% split of the training file), seed ${o.seed}; the best validation checkpoint is scored.`,
    `Test: ${o.test} (${references.length} sentences), tokenized with the '${o.tokenizer}' tokenizer${o.lowercase ? ', lower-cased' : ''}.`,
    'NLL-test: per-token and per-sentence negative log-likelihood of the test file (models with a likelihood only); perplexity = exp(NLL per token).',
    'Reverse perplexity (models without a likelihood): a 1 x 128 LSTM trained on the model\'s samples for min(budget, 120 s), scored on the test file.',
    `BLEU-n: ${o.samples} sentences sampled at temperature 1, each scored against the whole test set as references (NLTK sentence BLEU, uniform weights, smoothing method 1), averaged.`,
    `Self-BLEU-n: each of the ${o.samples} samples against all the other samples (never itself), same BLEU; lower is more diverse.`,
    'distinct-n: distinct n-grams / all n-grams over the samples; copy rate: share of samples that occur verbatim in the training file.',
  ];
  await writeCompareReport(o.out, { protocol, results });
  await writeFileAtomic(join(o.out, 'results.json'), `${JSON.stringify({ protocol, results }, null, 2)}\n`);
  return { out: o.out, results, protocol };
}
