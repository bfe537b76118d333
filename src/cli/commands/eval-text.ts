// `textforge eval-text`: BLEU, Self-BLEU, distinct-n, entropy and copy rate of any generated text file, for any system.
import { Command, Option } from 'commander';
import { readTextLines } from '../../data/read-text.js';
import { tokenize, type TokenizerKind } from '../../data/tokenize.js';
import { textMetrics } from '../../metrics/text-metrics.js';

interface EvalTextFlags {
  hyp: string;
  ref: string;
  train?: string;
  tokenizer: TokenizerKind;
  lowercase: boolean;
  json?: boolean;
}

export function evalTextCommand(): Command {
  return new Command('eval-text')
    .description('score generated text: BLEU-2..5 against references (NLTK sentence BLEU, smoothing 1, every hypothesis against all references), Self-BLEU-2..5, distinct-n, n-gram entropy, copy rate')
    .requiredOption('--hyp <file>', 'generated sentences, one per line')
    .requiredOption('--ref <file>', 'reference sentences, one per line (e.g. the test set)')
    .option('--train <file>', 'training sentences, for the copy rate')
    .addOption(new Option('--tokenizer <kind>', 'word, whitespace, char or byte').choices(['word', 'whitespace', 'char', 'byte']).default('word'))
    .option('--no-lowercase', 'keep case')
    .option('--json', 'print one JSON object')
    .action(async (flags: EvalTextFlags) => {
      const read = async (path: string) => (await readTextLines(path)).lines.map((l) => tokenize(l, { kind: flags.tokenizer, lowercase: flags.lowercase }));
      const hyps = await read(flags.hyp);
      if (hyps.length < 2) throw new RangeError(`eval-text: '${flags.hyp}' must hold at least 2 sentences for Self-BLEU, got ${hyps.length}`);
      const m = textMetrics(hyps, await read(flags.ref), flags.train ? await read(flags.train) : undefined);
      if (flags.json) {
        console.log(JSON.stringify(m));
        return;
      }
      const row = (label: string, values: Record<string, number>) => console.log(`${label.padEnd(12)} ${Object.entries(values).map(([k, v]) => `${k} ${v.toFixed(4)}`).join('  ')}`);
      console.log(`${m.samples} hypotheses`);
      row('BLEU', m.bleu);
      row('Self-BLEU', m.selfBleu);
      row('distinct', m.distinct);
      row('entropy', m.entropy);
      if (m.copyRate !== null) console.log(`copy rate    ${(100 * m.copyRate).toFixed(2)}%`);
    });
}
