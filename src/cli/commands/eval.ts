// `textforge eval RUN --test FILE`: a text file scored by a run's model: NLL and perplexity (language models), IW-NLL and the VAE metrics (sequence VAEs).
import { Command, Option } from 'commander';
import { openRun } from '../../runs/runs.js';
import { createProgress } from '../../train/progress.js';
import { positiveInt } from '../parse.js';

interface EvalFlags {
  test: string;
  checkpoint: 'best' | 'last';
  mode?: 'sentence' | 'stream';
  samples?: number;
  json?: boolean;
}

export function evalCommand(): Command {
  return new Command('eval')
    .description('score a text file with a trained run: NLL per token and per sentence and perplexity; for a sequence VAE, importance-weighted NLL, ELBO, KL, MI, active units and reconstruction BLEU')
    .argument('<run>', 'run directory')
    .requiredOption('--test <file>', 'text to score, one sentence per line')
    .addOption(new Option('--checkpoint <kind>', 'best or last').choices(['best', 'last']).default('best'))
    .addOption(new Option('--mode <mode>', 'sentence: each line from a fresh state; stream: running text (default: the run\'s training mode)').choices(['sentence', 'stream']))
    .option('--samples <k>', 'sequence VAE: importance samples per sentence (integer; default: the run\'s --test-samples, 500)', positiveInt('--samples'))
    .option('--json', 'print one JSON object')
    .action(async (runPath: string, flags: EvalFlags) => {
      const loaded = await openRun(runPath, flags.checkpoint);
      if (!loaded.evaluate) throw new RangeError(`eval: run '${runPath}' holds a ${loaded.family} model, which has no likelihood to score a file with; see eval-text for its samples`);
      const progress = createProgress();
      const report = await loaded.evaluate(flags.test, { mode: flags.mode, samples: flags.samples, progress });
      progress.stop();
      if (flags.json) console.log(JSON.stringify({ run: runPath, file: flags.test, ...report.values }));
      else console.log(report.text);
    });
}
