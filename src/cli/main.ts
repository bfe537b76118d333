#!/usr/bin/env node
// The textforge command line: thin commands over the library API; one-line errors and non-zero exits.
import { Command, InvalidArgumentError } from 'commander';
import { runDemo } from './demo.js';

function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive integer, got '${value}'`);
    return n;
  };
}

function integer(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`${name} must be an integer, got '${value}'`);
    return n;
  };
}

const program = new Command();
program
  .name('textforge')
  .description('Train, sample and compare deep generative models of text on the CPU.')
  .option('--verbose', 'print stack traces on errors')
  .configureOutput({ outputError: (str, write) => write(str) });

program
  .command('demo')
  .description('train a small LSTM language model on built-in sentences and print samples (under a minute)')
  .option('--steps <n>', 'training steps (integer)', positiveInt('--steps'), 1000)
  .option('--batch-size <n>', 'sentences per batch (integer)', positiveInt('--batch-size'), 32)
  .option('--seed <n>', 'random seed (integer)', integer('--seed'), 1)
  .action(async (opts: { steps: number; batchSize: number; seed: number }) => {
    await runDemo({ steps: opts.steps, batchSize: opts.batchSize, seed: opts.seed, log: (line) => console.log(line) });
  });

program.parseAsync(process.argv).catch((e: Error) => {
  const verbose = process.argv.includes('--verbose');
  console.error(`textforge: ${verbose ? e.stack : e.message}`);
  process.exit(1);
});
