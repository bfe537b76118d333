// `textforge eval RUN --test FILE`: a text file scored by a run's model: NLL and perplexity (language models), IW-NLL and the VAE metrics (sequence VAEs).
import { Command, Option } from 'commander';
import { evaluateFile, loadLmRun } from '../../models/lm/run.js';
import { evaluateSeqVaeFile, loadSeqVaeRun } from '../../models/seqvae/run.js';
import { RunDir } from '../../train/run-dir.js';
import { createProgress } from '../../train/progress.js';
import { positiveInt } from '../parse.js';

interface EvalFlags {
  test: string;
  checkpoint: 'best' | 'last';
  mode?: 'sentence' | 'stream';
  samples?: number;
  json?: boolean;
}

async function evalSeqVae(runPath: string, flags: EvalFlags): Promise<void> {
  if (flags.mode) throw new RangeError('eval: --mode is for language models; a sequence VAE scores each sentence on its own');
  const loaded = await loadSeqVaeRun(runPath, flags.checkpoint);
  const K = flags.samples ?? loaded.settings.testSamples;
  const progress = createProgress();
  const r = await evaluateSeqVaeFile(loaded, flags.test, K, progress);
  progress.stop();
  if (flags.json) console.log(JSON.stringify({ run: runPath, file: flags.test, K, ...r }));
  else console.log(`${flags.test}: ${r.sentences} sentences, ${r.tokens} tokens; IW-NLL ${r.iwNll.toFixed(2)} per sentence (K = ${K}), perplexity ${r.perplexity.toFixed(2)}, ELBO ${r.elbo.toFixed(2)}, reconstruction NLL ${r.rec.toFixed(2)}, KL ${r.kl.toFixed(2)}, MI ${r.mutualInformation.toFixed(2)}, active units ${r.activeUnits}; reconstruction BLEU ${r.reconstructionBleu.toFixed(3)} (${(100 * r.exactReconstructions).toFixed(1)}% exact)`);
}

async function evalLm(runPath: string, flags: EvalFlags): Promise<void> {
  if (flags.samples !== undefined) throw new RangeError('eval: --samples is for sequence VAEs (importance samples per sentence)');
  const loaded = await loadLmRun(runPath, flags.checkpoint);
  const mode = flags.mode ?? loaded.settings.mode;
  const r = await evaluateFile(loaded, flags.test, mode);
  if (flags.json) console.log(JSON.stringify({ run: runPath, file: flags.test, mode, ...r }));
  else console.log(`${flags.test}: ${r.sentences} sentences, ${r.tokens} tokens; NLL per token ${r.nllPerToken.toFixed(4)}, perplexity ${r.perplexity.toFixed(2)}, NLL per sentence ${r.nllPerSentence.toFixed(2)} (${mode} mode)`);
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
      const kind = (await (await RunDir.open(runPath)).readJson<{ model: string }>('config.json')).model;
      await (kind === 'seqvae' ? evalSeqVae(runPath, flags) : evalLm(runPath, flags));
    });
}
