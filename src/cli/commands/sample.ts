// `textforge sample RUN`: decode sentences from a trained run (greedy, sampling with temperature/top-k/top-p, or beam).
import { Command, Option } from 'commander';
import { openRun } from '../../runs/runs.js';
import type { DecodeStrategy } from '../../decode/strategy.js';
import { integer, numberIn, positiveInt } from '../parse.js';

interface SampleFlags {
  count: number;
  strategy: 'greedy' | 'sample' | 'beam';
  temperature: number;
  topK?: number;
  topP?: number;
  beamSize: number;
  lengthPenalty: number;
  maxLength: number;
  prompt?: string[];
  seed: number;
  checkpoint: 'best' | 'last';
  json?: boolean;
}

export function sampleCommand(): Command {
  return new Command('sample')
    .description('generate sentences from a trained run (language models and SeqGAN generators; sequence VAEs from their prior)')
    .argument('<run>', 'run directory')
    .option('--count <n>', 'sentences to generate (integer)', positiveInt('--count'), 10)
    .addOption(new Option('--strategy <kind>', 'greedy, sample or beam').choices(['greedy', 'sample', 'beam']).default('sample'))
    .option('--temperature <t>', 'sampling temperature (number > 0)', numberIn('--temperature', 0, 100, { minOpen: true }), 1)
    .option('--top-k <k>', 'sample from the k most likely tokens (integer)', positiveInt('--top-k'))
    .option('--top-p <p>', 'nucleus sampling mass in (0, 1]', numberIn('--top-p', 0, 1, { minOpen: true }))
    .option('--beam-size <n>', 'beam width (integer)', positiveInt('--beam-size'), 5)
    .option('--length-penalty <a>', 'beam score = logProb / length^a (number >= 0)', numberIn('--length-penalty', 0, 10), 0)
    .option('--max-length <n>', 'most tokens generated per sentence (integer)', positiveInt('--max-length'), 40)
    .option('--prompt <text...>', 'prefixes to continue (one sentence per prompt)')
    .option('--seed <n>', 'random seed (integer)', integer('--seed'), 1)
    .addOption(new Option('--checkpoint <kind>', 'best or last').choices(['best', 'last']).default('best'))
    .option('--json', 'print JSON lines: {"text": ...}')
    .action(async (runPath: string, flags: SampleFlags) => {
      const strategy: DecodeStrategy = flags.strategy === 'greedy' ? { kind: 'greedy' }
        : flags.strategy === 'beam' ? { kind: 'beam', beamSize: flags.beamSize, lengthPenalty: flags.lengthPenalty }
          : { kind: 'sample', temperature: flags.temperature, topK: flags.topK, topP: flags.topP };
      const loaded = await openRun(runPath, flags.checkpoint);
      const sampled = await loaded.sample({ strategy, count: flags.count, maxLength: flags.maxLength, seed: flags.seed, prompts: flags.prompt });
      const lines = sampled.map((tokens) => loaded.detokenize(tokens));
      for (const text of lines) console.log(flags.json ? JSON.stringify({ text }) : text);
    });
}
