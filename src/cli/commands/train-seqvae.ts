// `textforge train seqvae`: the sequence VAE (Bowman et al.) with KL annealing, word dropout and free bits.
import { Command, Option } from 'commander';
import { SEQVAE_DEFAULTS, type SeqVaeSettings } from '../../models/seqvae/settings.js';
import { trainSeqVae, type SeqVaeTrainResult } from '../../models/seqvae/run.js';
import { createProgress } from '../../train/progress.js';
import { applyConfigFile } from '../config-file.js';
import { duration, fractions, integer, nonNegativeInt, numberIn, positiveInt } from '../parse.js';

const d = SEQVAE_DEFAULTS;

interface Flags extends Omit<SeqVaeSettings, 'timeBudgetMs'> {
  timeBudget?: number;
  resume?: boolean;
  config?: string;
  json?: boolean;
}

function print(result: SeqVaeTrainResult, json: boolean | undefined): void {
  if (json) {
    console.log(JSON.stringify(result));
    return;
  }
  const s = result.summary;
  console.log(`run ${result.run}: ${s.steps} steps in ${s.seconds.toFixed(1)} s, stopped by ${s.stoppedBy}`);
  const t = result.test;
  if (t) console.log(`test (${t.sentences} sentences): IW-NLL ${t.iwNll.toFixed(2)} per sentence, perplexity ${t.perplexity.toFixed(2)}, ELBO ${t.elbo.toFixed(2)}, KL ${t.kl.toFixed(2)}, MI ${t.mutualInformation.toFixed(2)}, active units ${t.activeUnits}`);
  console.log('samples from the prior (greedy):');
  for (const line of result.samples) console.log(`  ${line}`);
}

export function trainSeqVaeCommand(): Command {
  return new Command('seqvae')
    .description('train a sequence VAE (LSTM/GRU encoder and decoder, Gaussian latent) with annealing, word dropout and free bits')
    .option('--train <file>', 'training text, one sentence per line (default: the built-in Brown corpus)')
    .option('--valid <file>', 'validation text (default: a seeded split of --train)')
    .option('--test <file>', 'test text (default: a seeded split of --train)')
    .option('--split <fractions>', 'train,valid,test fractions for the seeded split', fractions('--split'), d.split)
    .addOption(new Option('--tokenizer <kind>', 'word, whitespace or char').choices(['word', 'whitespace', 'char']).default(d.tokenizer))
    .option('--no-lowercase', 'keep case')
    .option('--max-len <n>', 'truncate lines to this many tokens (integer)', positiveInt('--max-len'), d.maxLen)
    .option('--vocab-size <n>', 'vocabulary cap including the 4 specials (integer)', positiveInt('--vocab-size'), d.vocabSize)
    .option('--min-freq <n>', 'drop words seen fewer times (integer)', positiveInt('--min-freq'), d.minFreq)
    .addOption(new Option('--preset <name>', 'tiny, ptb or sentenceVae').choices(['tiny', 'ptb', 'sentenceVae']).default(d.preset))
    .addOption(new Option('--encoder-cell <kind>', 'lstm or gru').choices(['lstm', 'gru']))
    .addOption(new Option('--decoder-cell <kind>', 'lstm or gru').choices(['lstm', 'gru']))
    .option('--bidirectional', 'bidirectional encoder')
    .option('--embed-size <n>', 'embedding width (integer)', positiveInt('--embed-size'))
    .option('--hidden-size <n>', 'recurrent width (integer)', positiveInt('--hidden-size'))
    .option('--latent-size <n>', 'latent dimensions Z (integer)', positiveInt('--latent-size'))
    .addOption(new Option('--conditioning <how>', 'z enters the decoder through its initial state, every input, or both').choices(['init', 'input', 'both']))
    .option('--word-dropout <p>', 'rate of decoder input words replaced by <unk>, in [0, 1]', numberIn('--word-dropout', 0, 1))
    .option('--free-bits <nats>', 'KL floor (number >= 0)', numberIn('--free-bits', 0, 1e6))
    .addOption(new Option('--free-bits-mode <mode>', 'total or dimension').choices(['total', 'dimension']))
    .addOption(new Option('--kl-anneal <kind>', 'constant, linear, logistic (Bowman) or cyclical (Fu et al.)').choices(['constant', 'linear', 'logistic', 'cyclical']).default(d.klAnneal))
    .option('--beta <w>', 'final KL weight (number >= 0)', numberIn('--beta', 0, 1e6), d.beta)
    .option('--kl-warmup <steps>', 'linear: steps to beta; logistic: midpoint; cyclical: steps per cycle (integer)', positiveInt('--kl-warmup'), d.klWarmup)
    .option('--batch-size <n>', 'sentences per batch (integer)', positiveInt('--batch-size'), d.batchSize)
    .option('--epochs <n>', 'passes over the training data (integer)', positiveInt('--epochs'), d.epochs)
    .option('--lr <rate>', 'Adam learning rate (number > 0)', numberIn('--lr', 0, Number.MAX_VALUE, { minOpen: true }), d.lr)
    .option('--clip <norm>', 'global gradient-norm clip, 0 for none', numberIn('--clip', 0, 1e9), d.clip)
    .option('--eval-every <steps>', 'validate every N steps, 0 for once per epoch (integer)', nonNegativeInt('--eval-every'), d.evalEvery)
    .option('--checkpoint-every <steps>', 'write checkpoints/last every N steps (integer)', nonNegativeInt('--checkpoint-every'), d.checkpointEvery)
    .option('--patience <n>', 'stop after N validations without improvement, 0 for never (integer)', nonNegativeInt('--patience'), d.patience)
    .option('--time-budget <duration>', 'stop after this much training time, e.g. 90s, 20m', duration('--time-budget'))
    .option('--log-every <steps>', 'metrics.jsonl line every N steps (integer)', positiveInt('--log-every'), d.logEvery)
    .option('--valid-samples <k>', 'importance samples per sentence when validating (integer)', positiveInt('--valid-samples'), d.validSamples)
    .option('--test-samples <k>', 'importance samples per sentence for the test number (integer)', positiveInt('--test-samples'), d.testSamples)
    .option('--seed <n>', 'random seed (integer)', integer('--seed'), d.seed)
    .option('--out <dir>', 'run directory', d.out)
    .option('--resume', 'continue the run in --out from its last checkpoint, exactly')
    .option('--config <file>', 'JSON file of settings; flags given on the command line win')
    .option('--json', 'print the result as one JSON object')
    .action(async (_flags: Flags, command: Command) => {
      const flags0 = command.opts<Flags>();
      if (flags0.config) await applyConfigFile(command, flags0.config);
      const { timeBudget, resume, config: _config, json, ...rest } = command.opts<Flags>();
      const result = await trainSeqVae({ ...SEQVAE_DEFAULTS, ...rest, timeBudgetMs: timeBudget }, { progress: createProgress(), resume });
      print(result, json);
    });
}
