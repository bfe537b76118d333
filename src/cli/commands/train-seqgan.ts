// `textforge train seqgan`: MLE pre-training, discriminator pre-training and adversarial training with Monte-Carlo rollouts (Yu et al. 2017).
import { Command, Option } from 'commander';
import { SEQGAN_DEFAULTS, trainSeqGan, type SeqGanTrainResult } from '../../models/seqgan/run.js';
import { addDataOptions, addLoopOptions, trainAction } from '../common-options.js';
import { numberIn, positiveInt, nonNegativeInt } from '../parse.js';

const d = SEQGAN_DEFAULTS;

function print(result: SeqGanTrainResult, json: boolean | undefined): void {
  if (json) {
    console.log(JSON.stringify(result));
    return;
  }
  const s = result.summary;
  const scores = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`).join(', ');
  console.log(`run ${result.run}: ${s.steps} discriminator rounds and adversarial steps in ${s.seconds.toFixed(1)} s, stopped by ${s.stoppedBy}`);
  console.log(`MLE generator:    ${scores(result.mle)}`);
  console.log(`SeqGAN generator: ${scores(result.seqgan)}`);
  if (result.plot) console.log(`NLL-oracle curve: ${result.plot}`);
  console.log('samples:');
  for (const line of result.samples.slice(0, 5)) console.log(`  ${line}`);
}

export function trainSeqGanCommand(): Command {
  const cmd = new Command('seqgan').description('train SeqGAN: MLE pre-training, a CNN discriminator, then policy gradient with Monte-Carlo rollouts (--epochs is unused: see the schedule flags)');
  addDataOptions(cmd, d)
    .addOption(new Option('--preset <name>', "schedule: 'default' (about 25 min per synthetic run on 2 cores) or 'paper' (Yu et al.'s, hours)").choices(['default', 'paper']).default(d.preset))
    .option('--oracle <file>', 'synthetic benchmark: the oracle LSTM (safetensors, from `textforge oracle`); logs NLL-oracle')
    .addOption(new Option('--cell <kind>', 'generator cell').choices(['lstm', 'gru']).default(d.cell))
    .option('--embed-size <n>', 'generator embedding width (integer)', positiveInt('--embed-size'), d.embedSize)
    .option('--hidden-size <n>', 'generator hidden width (integer)', positiveInt('--hidden-size'), d.hiddenSize)
    .option('--mle-epochs <n>', 'MLE pre-training epochs (integer; preset: 120)', positiveInt('--mle-epochs'))
    .option('--mle-lr <rate>', 'MLE Adam learning rate', numberIn('--mle-lr', 0, 10, { minOpen: true }), d.mleLr)
    .option('--mle-eval-every <epochs>', 'MLE validation (and NLL-oracle) every N epochs (integer)', positiveInt('--mle-eval-every'), d.mleEvalEvery)
    .addOption(new Option('--discriminator <size>', "discriminator: 'paper' (widths 1-10, 15, 20; 1,720 filters) or 'small'").choices(['paper', 'small']).default(d.discriminator))
    .option('--d-lr <rate>', 'discriminator Adam learning rate in pre-training (default preset 1e-3: it makes far fewer updates; paper 1e-4)', numberIn('--d-lr', 0, 10, { minOpen: true }))
    .option('--d-adversarial-lr <rate>', 'discriminator Adam learning rate in the adversarial phase (default preset and paper 1e-4)', numberIn('--d-adversarial-lr', 0, 10, { minOpen: true }))
    .option('--d-batch-size <n>', 'discriminator batch (integer)', positiveInt('--d-batch-size'), d.dBatchSize)
    .option('--d-pretrain-rounds <n>', 'discriminator pre-training rounds of fresh negatives (integer; default preset 40, paper 50)', nonNegativeInt('--d-pretrain-rounds'))
    .option('--adversarial-steps <n>', 'adversarial steps (integer; default preset 40, paper 200)', nonNegativeInt('--adversarial-steps'))
    .option('--d-rounds-per-step <n>', 'discriminator rounds after each generator update (integer; default 1, paper 5)', nonNegativeInt('--d-rounds-per-step'))
    .option('--d-epochs <n>', 'passes over each round\'s data (integer; default 1, paper 3)', positiveInt('--d-epochs'))
    .option('--negatives <n>', 'generated negatives per round, with as many real sequences (integer; default 1000, paper 10000)', positiveInt('--negatives'))
    .option('--rollouts <n>', 'Monte-Carlo rollouts per prefix (integer)', positiveInt('--rollouts'), d.rollouts)
    .option('--rollout-rate <r>', 'rollout network update rate: beta <- r beta + (1 - r) theta', numberIn('--rollout-rate', 0, 1), d.rolloutRate)
    .option('--oracle-samples <n>', 'samples scored by the oracle at each evaluation (integer)', positiveInt('--oracle-samples'), d.oracleSamples)
    .option('--final-oracle-samples <n>', 'samples scored by the oracle at the end (integer; the paper: 100000)', positiveInt('--final-oracle-samples'), d.finalOracleSamples)
    .option('--text-samples <n>', 'real text: samples scored with BLEU / Self-BLEU at each evaluation (integer)', positiveInt('--text-samples'), d.textSamples)
    .option('--final-text-samples <n>', 'real text: samples scored with BLEU / Self-BLEU at the end (integer; Texygen: 10000)', positiveInt('--final-text-samples'), d.finalTextSamples);
  return addLoopOptions(cmd, d).action(trainAction(SEQGAN_DEFAULTS, trainSeqGan, print));
}
