// `textforge compare`: train several models on the same data under one time budget and write a comparison report.
import { Command, Option } from 'commander';
import { join } from 'node:path';
import { compareModels } from '../../compare/compare.js';
import { registeredModels } from '../../compare/registry.js';
import { createProgress } from '../../train/progress.js';
import type { TokenizerKind } from '../../data/tokenize.js';
import { duration, integer, positiveInt } from '../parse.js';

interface CompareFlags {
  train: string;
  test: string;
  models: string;
  budget: number;
  samples: number;
  seed: number;
  out?: string;
  tokenizer: TokenizerKind;
  lowercase: boolean;
  json?: boolean;
}

export function compareCommand(): Command {
  return new Command('compare')
    .description(`train each model with its defaults under the same wall-clock budget, score all with one protocol, and write report.md and report.html (models: ${registeredModels().map((m) => m.name).join(', ')})`)
    .requiredOption('--train <file>', 'training text, one sentence per line')
    .requiredOption('--test <file>', 'test text: the likelihood test set and the BLEU references')
    .option('--models <list>', 'comma-separated model names', 'lm,lm-transformer')
    .option('--budget <duration>', 'training time per model, e.g. 90s, 20m', duration('--budget'), 300_000)
    .option('--samples <n>', 'sentences generated per model for BLEU, Self-BLEU and diversity (integer >= 2)', (v) => {
      const n = positiveInt('--samples')(v);
      if (n < 2) throw new Error('--samples must be at least 2');
      return n;
    }, 2000)
    .option('--seed <n>', 'random seed (integer)', integer('--seed'), 1)
    .option('--out <dir>', 'report directory (default: reports/compare-<time>)')
    .addOption(new Option('--tokenizer <kind>', 'word, whitespace, char or byte').choices(['word', 'whitespace', 'char', 'byte']).default('word'))
    .option('--no-lowercase', 'keep case')
    .option('--json', 'print the results as one JSON object')
    .action(async (flags: CompareFlags) => {
      const out = flags.out ?? join('reports', `compare-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const result = await compareModels({
        train: flags.train, test: flags.test, models: flags.models.split(',').map((m) => m.trim()).filter((m) => m !== ''),
        budgetMs: flags.budget, seed: flags.seed, out, samples: flags.samples, tokenizer: flags.tokenizer, lowercase: flags.lowercase,
        progress: () => createProgress(), log,
      });
      if (flags.json) {
        console.log(JSON.stringify(result));
        return;
      }
      for (const r of result.results) {
        const b = r.metrics.bleu;
        const s = r.metrics.selfBleu;
        console.log(`${r.model.padEnd(16)} NLL ${r.likelihood ? r.likelihood.nllPerToken.toFixed(3) : '—'}  BLEU-2..5 ${[b.bleu2, b.bleu3, b.bleu4, b.bleu5].map((v) => v.toFixed(3)).join(' ')}  Self-BLEU-2..5 ${[s.selfBleu2, s.selfBleu3, s.selfBleu4, s.selfBleu5].map((v) => v.toFixed(3)).join(' ')}`);
      }
      console.log(`report: ${join(out, 'report.html')} and ${join(out, 'report.md')}`);
    });
}
