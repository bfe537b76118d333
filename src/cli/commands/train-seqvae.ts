// `textforge train seqvae`: the sequence VAE (Bowman et al.) with KL annealing, word dropout and free bits.
import { Command, Option } from 'commander';
import { SEQVAE_DEFAULTS } from '../../models/seqvae/settings.js';
import { trainSeqVae, type SeqVaeTrainResult } from '../../models/seqvae/run.js';
import { addDataOptions, addLoopOptions, addScheduleOptions, trainAction } from '../common-options.js';
import { numberIn, positiveInt } from '../parse.js';

const d = SEQVAE_DEFAULTS;

function print(result: SeqVaeTrainResult, json: boolean | undefined): void {
  if (json) {
    console.log(JSON.stringify(result));
    return;
  }
  const s = result.summary;
  console.log(`run ${result.run}: ${s.steps} steps in ${s.seconds.toFixed(1)} s, stopped by ${s.stoppedBy}`);
  const t = result.test;
  if (t) console.log(`test (${t.sentences} sentences): IW-NLL ${t.iwNll.toFixed(2)} per sentence, perplexity ${t.perplexity.toFixed(2)}, ELBO ${t.elbo.toFixed(2)}, KL ${t.kl.toFixed(2)}, MI ${t.mutualInformation.toFixed(2)}, active units ${t.activeUnits}, reconstruction BLEU ${t.reconstructionBleu.toFixed(3)} (${(100 * t.exactReconstructions).toFixed(1)}% exact)`);
  console.log('samples from the prior (greedy):');
  for (const line of result.samples) console.log(`  ${line}`);
}

export function trainSeqVaeCommand(): Command {
  const cmd = new Command('seqvae').description('train a sequence VAE (LSTM/GRU encoder and decoder, Gaussian latent) with annealing, word dropout and free bits');
  addDataOptions(cmd, d)
    .addOption(new Option('--preset <name>', 'tiny, ptb or sentenceVae').choices(['tiny', 'ptb', 'sentenceVae']).default(d.preset))
    .addOption(new Option('--encoder-cell <kind>', 'lstm or gru').choices(['lstm', 'gru']))
    .addOption(new Option('--decoder-cell <kind>', 'lstm, gru or transformer').choices(['lstm', 'gru', 'transformer']))
    .option('--decoder-layers <n>', 'Transformer decoder: blocks (integer; default 2)', positiveInt('--decoder-layers'))
    .option('--heads <n>', 'Transformer decoder: attention heads, dividing --embed-size (integer; default 4)', positiveInt('--heads'))
    .option('--bidirectional', 'bidirectional encoder')
    .option('--embed-size <n>', 'embedding width (integer)', positiveInt('--embed-size'))
    .option('--hidden-size <n>', 'recurrent width (integer)', positiveInt('--hidden-size'))
    .option('--latent-size <n>', 'latent dimensions Z (integer)', positiveInt('--latent-size'))
    .addOption(new Option('--conditioning <how>', 'z enters the decoder through its initial state, every input, or both').choices(['init', 'input', 'both']))
    .option('--word-dropout <p>', 'rate of decoder input words replaced by <unk>, in [0, 1]', numberIn('--word-dropout', 0, 1))
    .option('--free-bits <nats>', 'KL floor (number >= 0)', numberIn('--free-bits', 0, 1e6))
    .option('--embedding-dropout <p>', 'dropout on the decoder input embeddings, in [0, 1)', numberIn('--embedding-dropout', 0, 1, { maxOpen: true }))
    .option('--output-dropout <p>', 'dropout on the decoder outputs before the vocabulary projection, in [0, 1)', numberIn('--output-dropout', 0, 1, { maxOpen: true }))
    .option('--tied', 'share the embedding table with the vocabulary projection (needs --hidden-size equal to --embed-size)')
    .addOption(new Option('--free-bits-mode <mode>', 'total or dimension').choices(['total', 'dimension']))
    .addOption(new Option('--kl-anneal <kind>', 'constant, linear, logistic (Bowman) or cyclical (Fu et al.)').choices(['constant', 'linear', 'logistic', 'cyclical']).default(d.klAnneal))
    .option('--beta <w>', 'final KL weight (number >= 0)', numberIn('--beta', 0, 1e6), d.beta)
    .option('--kl-warmup <steps>', 'linear: steps to beta; logistic: midpoint; cyclical: steps per cycle (integer)', positiveInt('--kl-warmup'), d.klWarmup)
    .option('--valid-samples <k>', 'importance samples per sentence when validating (integer)', positiveInt('--valid-samples'), d.validSamples)
    .option('--test-samples <k>', 'importance samples per sentence for the test number (integer)', positiveInt('--test-samples'), d.testSamples);
  return addLoopOptions(addScheduleOptions(cmd, d), d).action(trainAction(SEQVAE_DEFAULTS, trainSeqVae, print));
}
