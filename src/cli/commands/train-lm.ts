// `textforge train lm`: flags (or --config) map onto LmSettings; the run goes to --out with progress on stderr.
import { Command, Option } from 'commander';
import { LM_DEFAULTS, type LmSettings } from '../../models/lm/settings.js';
import { trainLanguageModel, type LmTrainResult } from '../../models/lm/run.js';
import { createProgress } from '../../train/progress.js';
import { applyConfigFile } from '../config-file.js';
import { duration, fractions, integer, nonNegativeInt, numberIn, positiveInt } from '../parse.js';

const d = LM_DEFAULTS;

export function addLmTrainingOptions(cmd: Command): Command {
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
    .addOption(new Option('--preset <name>', 'model preset: tiny (1x128 LSTM), small (2x200 LSTM, Zaremba), medium (2x650 LSTM)').choices(['tiny', 'small', 'medium']).default(d.preset))
    .addOption(new Option('--cell <kind>', 'decoder: lstm, gru, rnn or transformer (default: the preset\'s)').choices(['lstm', 'gru', 'rnn', 'transformer']))
    .option('--layers <n>', 'decoder layers (integer)', positiveInt('--layers'))
    .option('--embed-size <n>', 'embedding width (integer)', positiveInt('--embed-size'))
    .option('--hidden-size <n>', 'recurrent state width (integer)', positiveInt('--hidden-size'))
    .option('--heads <n>', 'attention heads, Transformer only (integer)', positiveInt('--heads'))
    .option('--dropout <p>', 'dropout rate in [0, 1)', numberIn('--dropout', 0, 1, { maxOpen: true }))
    .option('--tied', 'tie the output projection to the embedding table')
    .addOption(new Option('--mode <mode>', 'sentence: lines on their own; stream: truncated BPTT over running text').choices(['sentence', 'stream']).default(d.mode))
    .option('--batch-size <n>', 'sentences (or streams) per batch (integer)', positiveInt('--batch-size'), d.batchSize)
    .option('--bptt <n>', 'stream chunk length (integer)', positiveInt('--bptt'), d.bptt)
    .option('--epochs <n>', 'passes over the training data (integer)', positiveInt('--epochs'), d.epochs)
    .addOption(new Option('--optimizer <name>', 'adam or sgd').choices(['adam', 'sgd']).default(d.optimizer))
    .option('--lr <rate>', 'learning rate (number > 0)', numberIn('--lr', 0, Number.MAX_VALUE, { minOpen: true }), d.lr)
    .addOption(new Option('--schedule <kind>', 'constant, decay (x lr-decay per epoch from decay-start), plateau, cosine').choices(['constant', 'decay', 'plateau', 'cosine']).default(d.schedule))
    .option('--lr-decay <factor>', 'decay factor in (0, 1]', numberIn('--lr-decay', 0, 1, { minOpen: true }), d.lrDecay)
    .option('--decay-start <epoch>', 'first epoch (1-based) whose end decays the rate (integer)', positiveInt('--decay-start'), d.decayStart)
    .option('--warmup <steps>', 'linear warm-up steps (integer)', nonNegativeInt('--warmup'), d.warmup)
    .option('--clip <norm>', 'global gradient-norm clip, 0 for none (number)', numberIn('--clip', 0, 1e9), d.clip)
    .option('--eval-every <steps>', 'validate every N steps, 0 for once per epoch (integer)', nonNegativeInt('--eval-every'), d.evalEvery)
    .option('--checkpoint-every <steps>', 'write checkpoints/last every N steps (integer)', nonNegativeInt('--checkpoint-every'), d.checkpointEvery)
    .option('--patience <n>', 'stop after N validations without improvement, 0 for never (integer)', nonNegativeInt('--patience'), d.patience)
    .option('--time-budget <duration>', 'stop after this much training time, e.g. 90s, 20m', duration('--time-budget'))
    .option('--log-every <steps>', 'metrics.jsonl line every N steps (integer)', positiveInt('--log-every'), d.logEvery)
    .option('--seed <n>', 'random seed (integer)', integer('--seed'), d.seed)
    .option('--out <dir>', 'run directory', d.out)
    .option('--resume', 'continue the run in --out from its last checkpoint, exactly')
    .option('--config <file>', 'JSON file of settings; flags given on the command line win')
    .option('--json', 'print the result as one JSON object');
}

export interface TrainFlags extends Omit<LmSettings, 'timeBudgetMs'> {
  timeBudget?: number;
  resume?: boolean;
  config?: string;
  json?: boolean;
}

export function settingsFromFlags(flags: TrainFlags): LmSettings {
  const { timeBudget, resume: _resume, config: _config, json: _json, ...rest } = flags;
  return { ...LM_DEFAULTS, ...rest, timeBudgetMs: timeBudget };
}

export function printTrainResult(result: LmTrainResult, json: boolean | undefined): void {
  if (json) {
    console.log(JSON.stringify(result));
    return;
  }
  const s = result.summary;
  console.log(`run ${result.run}: ${s.steps} steps in ${s.seconds.toFixed(1)} s (${Math.round(s.tokensPerSecond)} tokens/s), stopped by ${s.stoppedBy}`);
  if (s.bestScore !== null) console.log(`best valid NLL per token ${s.bestScore.toFixed(4)} (perplexity ${Math.exp(s.bestScore).toFixed(2)})`);
  if (result.test) console.log(`test: NLL per token ${result.test.nllPerToken.toFixed(4)}, perplexity ${result.test.perplexity.toFixed(2)}, NLL per sentence ${result.test.nllPerSentence.toFixed(2)} (${result.test.sentences} sentences)`);
  if (result.truncated > 0) console.log(`${result.truncated} lines were truncated to --max-len`);
  console.log('samples:');
  for (const line of result.samples) console.log(`  ${line}`);
}

export function trainLmCommand(): Command {
  const cmd = new Command('lm').description('train a language model (LSTM, GRU, RNN or Transformer)');
  addLmTrainingOptions(cmd).action(async (flags: TrainFlags, command: Command) => {
    if (flags.config) await applyConfigFile(command, flags.config);
    const resolved = command.opts<TrainFlags>();
    const result = await trainLanguageModel(settingsFromFlags(resolved), { progress: createProgress(), resume: resolved.resume });
    printTrainResult(result, resolved.json);
  });
  return cmd;
}
