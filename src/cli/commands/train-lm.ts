// `textforge train lm`: flags (or --config) map onto LmSettings; the run goes to --out with progress on stderr.
import { Command, Option } from 'commander';
import { LM_DEFAULTS } from '../../models/lm/settings.js';
import { trainLanguageModel, type LmTrainResult } from '../../models/lm/run.js';
import { addDataOptions, addLoopOptions, addScheduleOptions, trainAction } from '../common-options.js';
import { numberIn, positiveInt } from '../parse.js';

const d = LM_DEFAULTS;

export function addLmModelOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--preset <name>', 'model preset: tiny (1x128 LSTM), small (2x200 LSTM, Zaremba), medium (2x650 LSTM)').choices(['tiny', 'small', 'medium']).default(d.preset))
    .addOption(new Option('--cell <kind>', 'decoder: lstm, gru, rnn or transformer (default: the preset\'s)').choices(['lstm', 'gru', 'rnn', 'transformer']))
    .option('--layers <n>', 'decoder layers (integer)', positiveInt('--layers'))
    .option('--embed-size <n>', 'embedding width (integer)', positiveInt('--embed-size'))
    .option('--hidden-size <n>', 'recurrent state width (integer)', positiveInt('--hidden-size'))
    .option('--heads <n>', 'attention heads, Transformer only (integer)', positiveInt('--heads'))
    .option('--dropout <p>', 'dropout rate in [0, 1)', numberIn('--dropout', 0, 1, { maxOpen: true }))
    .option('--tied', 'tie the output projection to the embedding table')
    .addOption(new Option('--mode <mode>', 'sentence: lines on their own; stream: truncated BPTT over running text').choices(['sentence', 'stream']).default(d.mode))
    .option('--bptt <n>', 'stream chunk length (integer)', positiveInt('--bptt'), d.bptt)
    .addOption(new Option('--optimizer <name>', 'adam or sgd').choices(['adam', 'sgd']).default(d.optimizer));
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
  return addLoopOptions(addScheduleOptions(addLmModelOptions(addDataOptions(cmd, d)), d), d).action(trainAction(LM_DEFAULTS, trainLanguageModel, printTrainResult));
}
