// `textforge demo`: the README's main command: a small LSTM language model on the built-in Brown corpus, then samples.
import { Command } from 'commander';
import { familyNamed } from '../../runs/registry.js';
import { trainRun } from '../../runs/runs.js';
import { createProgress } from '../../train/progress.js';
import { duration, integer } from '../parse.js';
import { trainingStop } from '../interrupts.js';

export function demoCommand(): Command {
  return new Command('demo')
    .description('train a small LSTM language model on the built-in Brown corpus for about 2 minutes and print samples')
    .option('--time-budget <duration>', 'training time, e.g. 90s, 2m', duration('--time-budget'), 120_000)
    .option('--seed <n>', 'random seed (integer)', integer('--seed'), 1)
    .option('--out <dir>', 'run directory (default: runs/demo-<seed>-<time>)')
    .option('--json', 'print the result as one JSON object')
    .action(async (flags: { timeBudget: number; seed: number; out?: string; json?: boolean }) => {
      const out = flags.out ?? `runs/demo-${flags.seed}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      const settings = { preset: 'tiny', maxLen: 40, vocabSize: 10000, batchSize: 64, lr: 3e-3, epochs: 50, evalEvery: 400, timeBudgetMs: flags.timeBudget, seed: flags.seed, out };
      if (!flags.json) console.log(`training a 1 x 128 LSTM language model on the Brown corpus (built in) for ${Math.round(flags.timeBudget / 1000)} s; run directory ${out}`);
      const result = await trainRun('lm', settings, { progress: createProgress(), signal: trainingStop });
      if (flags.json) console.log(JSON.stringify(result));
      else for (const line of familyNamed('lm').report(result)) console.log(line);
    });
}
