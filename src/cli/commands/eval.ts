// `textforge eval RUN --test FILE`: NLL per token and per sentence, and perplexity, of a text file under a run's model.
import { Command, Option } from 'commander';
import { evaluateFile, loadLmRun } from '../../models/lm/run.js';

export function evalCommand(): Command {
  return new Command('eval')
    .description('score a text file with a trained run: NLL per token and per sentence, perplexity')
    .argument('<run>', 'run directory')
    .requiredOption('--test <file>', 'text to score, one sentence per line')
    .addOption(new Option('--checkpoint <kind>', 'best or last').choices(['best', 'last']).default('best'))
    .addOption(new Option('--mode <mode>', 'sentence: each line from a fresh state; stream: running text (default: the run\'s training mode)').choices(['sentence', 'stream']))
    .option('--json', 'print one JSON object')
    .action(async (runPath: string, flags: { test: string; checkpoint: 'best' | 'last'; mode?: 'sentence' | 'stream'; json?: boolean }) => {
      const loaded = await loadLmRun(runPath, flags.checkpoint);
      const mode = flags.mode ?? loaded.settings.mode;
      const r = await evaluateFile(loaded, flags.test, mode);
      if (flags.json) console.log(JSON.stringify({ run: runPath, file: flags.test, mode, ...r }));
      else console.log(`${flags.test}: ${r.sentences} sentences, ${r.tokens} tokens; NLL per token ${r.nllPerToken.toFixed(4)}, perplexity ${r.perplexity.toFixed(2)}, NLL per sentence ${r.nllPerSentence.toFixed(2)} (${mode} mode)`);
    });
}
