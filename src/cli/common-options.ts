// The flags every `train` command shares: the data (files, tokenizer, vocabulary) and the loop (batches, rates, checkpoints, resume).
import { Command, Option } from 'commander';
import type { DataSettings, LoopSettings, ScheduleSettings } from '../train/settings.js';
import type { ProgressReporter } from '../train/progress.js';
import { createProgress } from '../train/progress.js';
import { applyConfigFile } from './config-file.js';
import { duration, fractions, integer, nonNegativeInt, numberIn, positiveInt } from './parse.js';

export function addDataOptions(cmd: Command, d: DataSettings): Command {
  return cmd
    .option('--train <file>', 'training text, one sentence per line (default: the built-in Brown corpus)')
    .option('--valid <file>', 'validation text (default: a seeded split of --train)')
    .option('--test <file>', 'test text (default: a seeded split of --train)')
    .option('--split <fractions>', 'train,valid,test fractions for the seeded split', fractions('--split'), d.split)
    .addOption(new Option('--tokenizer <kind>', 'word (punctuation split off), whitespace (pre-tokenized text) or char').choices(['word', 'whitespace', 'char']).default(d.tokenizer))
    .option('--no-lowercase', 'keep case (default: lower-case)')
    .option('--max-len <n>', 'truncate lines to this many tokens (integer)', positiveInt('--max-len'), d.maxLen)
    .option('--vocab-size <n>', 'vocabulary cap including the 4 specials (integer)', positiveInt('--vocab-size'), d.vocabSize)
    .option('--min-freq <n>', 'drop words seen fewer times (integer)', positiveInt('--min-freq'), d.minFreq)
    .option('--seed <n>', 'random seed (integer)', integer('--seed'), d.seed);
}

export function addScheduleOptions(cmd: Command, d: ScheduleSettings): Command {
  return cmd
    .addOption(new Option('--schedule <kind>', 'constant, decay (x lr-decay per epoch from decay-start), plateau (x lr-decay on each validation without improvement), cosine').choices(['constant', 'decay', 'plateau', 'cosine']).default(d.schedule))
    .option('--lr-decay <factor>', 'decay factor in (0, 1]', numberIn('--lr-decay', 0, 1, { minOpen: true }), d.lrDecay)
    .option('--decay-start <epoch>', 'first epoch (1-based) whose end decays the rate (integer)', positiveInt('--decay-start'), d.decayStart)
    .option('--warmup <steps>', 'linear warm-up steps (integer)', nonNegativeInt('--warmup'), d.warmup);
}

export function addLoopOptions(cmd: Command, d: LoopSettings): Command {
  return cmd
    .option('--batch-size <n>', 'sentences (or streams) per batch (integer)', positiveInt('--batch-size'), d.batchSize)
    .option('--epochs <n>', 'passes over the training data (integer)', positiveInt('--epochs'), d.epochs)
    .option('--lr <rate>', 'learning rate (number > 0)', numberIn('--lr', 0, Number.MAX_VALUE, { minOpen: true }), d.lr)
    .option('--clip <norm>', 'global gradient-norm clip, 0 for none (number)', numberIn('--clip', 0, 1e9), d.clip)
    .option('--eval-every <steps>', 'validate every N steps, 0 for once per epoch (integer)', nonNegativeInt('--eval-every'), d.evalEvery)
    .option('--checkpoint-every <steps>', 'write checkpoints/last every N steps (integer)', nonNegativeInt('--checkpoint-every'), d.checkpointEvery)
    .option('--patience <n>', 'stop after N validations without improvement, 0 for never (integer)', nonNegativeInt('--patience'), d.patience)
    .option('--time-budget <duration>', 'stop after this much training time, e.g. 90s, 20m', duration('--time-budget'))
    .option('--log-every <steps>', 'metrics.jsonl line every N steps (integer)', positiveInt('--log-every'), d.logEvery)
    .option('--out <dir>', 'run directory', d.out)
    .option('--resume', 'continue the run in --out from its last checkpoint, exactly')
    .option('--config <file>', 'JSON file of settings; flags given on the command line win')
    .option('--json', 'print the result as one JSON object');
}

interface RunFlags {
  timeBudget?: number;
  resume?: boolean;
  config?: string;
  json?: boolean;
}

/** The action of a `train` command: apply --config, turn flags into settings over the defaults, train, print. */
export function trainAction<S extends { timeBudgetMs?: number }, R>(
  defaults: S,
  train: (settings: S, io: { progress: ProgressReporter; resume?: boolean }) => Promise<R>,
  print: (result: R, json: boolean | undefined) => void,
): (flags: unknown, command: Command) => Promise<void> {
  return async (_flags, command) => {
    const given = command.opts<RunFlags>();
    if (given.config) await applyConfigFile(command, given.config);
    const { timeBudget, resume, config: _config, json, ...rest } = command.opts<RunFlags & Record<string, unknown>>();
    const result = await train({ ...defaults, ...rest, timeBudgetMs: timeBudget } as S, { progress: createProgress(), resume });
    print(result, json);
  };
}
