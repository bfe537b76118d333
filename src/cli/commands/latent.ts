// The sequence VAE's latent-space commands: reconstruct, interpolate and encode.
import { Command, Option } from 'commander';
import { writeFileAtomic } from '../../engine/atomic-write.js';
import { encodeNpyFloat32 } from '../../engine/npy.js';
import { readTextLines } from '../../data/read-text.js';
import type { DecodeStrategy } from '../../decode/strategy.js';
import { openRun } from '../../runs/runs.js';
import type { LatentTools } from '../../train/family.js';
import { integer, numberIn, positiveInt } from '../parse.js';

interface DecodeFlags {
  strategy: 'greedy' | 'sample' | 'beam';
  temperature: number;
  beamSize: number;
  maxLength: number;
  seed: number;
  checkpoint: 'best' | 'last';
  json?: boolean;
}

function withDecodeOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--strategy <kind>', 'greedy, sample or beam').choices(['greedy', 'sample', 'beam']).default('greedy'))
    .option('--temperature <t>', 'sampling temperature (number > 0)', numberIn('--temperature', 0, 100, { minOpen: true }), 1)
    .option('--beam-size <n>', 'beam width (integer)', positiveInt('--beam-size'), 5)
    .option('--max-length <n>', 'most tokens per sentence (integer)', positiveInt('--max-length'), 40)
    .option('--seed <n>', 'random seed (integer)', integer('--seed'), 1)
    .addOption(new Option('--checkpoint <kind>', 'best or last').choices(['best', 'last']).default('best'))
    .option('--json', 'print JSON lines');
}

function strategyOf(f: DecodeFlags): DecodeStrategy {
  return f.strategy === 'beam' ? { kind: 'beam', beamSize: f.beamSize } : f.strategy === 'sample' ? { kind: 'sample', temperature: f.temperature } : { kind: 'greedy' };
}

/** The latent tools of a run, or a one-line error for a run without a latent code. */
async function latentOf(command: string, runPath: string, checkpoint: 'best' | 'last'): Promise<LatentTools> {
  const loaded = await openRun(runPath, checkpoint);
  if (!loaded.latent) throw new RangeError(`${command}: run '${runPath}' holds a ${loaded.family} model; ${command} needs a model with a latent code (seqvae)`);
  return loaded.latent;
}

export function reconstructCommand(): Command {
  return withDecodeOptions(new Command('reconstruct')
    .description('encode sentences to their posterior means and decode them back (sequence VAE runs)')
    .argument('<run>', 'run directory')
    .argument('<sentences...>', 'sentences to reconstruct'))
    .action(async (runPath: string, sentences: string[], flags: DecodeFlags) => {
      const out = await (await latentOf('reconstruct', runPath, flags.checkpoint)).reconstruct(sentences, { strategy: strategyOf(flags), seed: flags.seed, maxLength: flags.maxLength });
      out.forEach((text, i) => console.log(flags.json ? JSON.stringify({ input: sentences[i], output: text }) : `${sentences[i]}\n  -> ${text}`));
    });
}

export function interpolateCommand(): Command {
  return withDecodeOptions(new Command('interpolate')
    .description('decode sentences along the path between the posterior means of two sentences (sequence VAE runs)')
    .argument('<run>', 'run directory')
    .argument('<a>', 'first sentence')
    .argument('<b>', 'second sentence')
    .option('--steps <n>', 'points on the path, endpoints included (integer >= 2)', (v) => {
      const n = positiveInt('--steps')(v);
      if (n < 2) throw new Error('--steps must be at least 2');
      return n;
    }, 8)
    .option('--spherical', 'spherical interpolation (slerp) instead of a straight line'))
    .action(async (runPath: string, a: string, b: string, flags: DecodeFlags & { steps: number; spherical?: boolean }) => {
      const out = await (await latentOf('interpolate', runPath, flags.checkpoint)).interpolate(a, b, { steps: flags.steps, spherical: flags.spherical ?? false, seed: flags.seed, maxLength: flags.maxLength, strategy: strategyOf(flags) });
      out.forEach((text, i) => console.log(flags.json ? JSON.stringify({ step: i, text }) : `${i}: ${text}`));
    });
}

export function encodeCommand(): Command {
  return new Command('encode')
    .description('encode sentences to posterior means (and log-variances) of a sequence VAE: JSON lines, or a .npy matrix of means')
    .argument('<run>', 'run directory')
    .requiredOption('--input <file>', 'sentences, one per line')
    .requiredOption('--output <file>', 'output: .jsonl (mu and logVar per line) or .npy (the (N, Z) float32 means)')
    .addOption(new Option('--checkpoint <kind>', 'best or last').choices(['best', 'last']).default('best'))
    .action(async (runPath: string, flags: { input: string; output: string; checkpoint: 'best' | 'last' }) => {
      if (!/\.(jsonl|npy)$/.test(flags.output)) throw new RangeError(`encode: --output must end in .jsonl or .npy, got '${flags.output}'`);
      const latent = await latentOf('encode', runPath, flags.checkpoint);
      const { lines } = await readTextLines(flags.input);
      const { mu, logVar } = await latent.encode(lines);
      const Z = latent.latentSize;
      if (flags.output.endsWith('.npy')) {
        await writeFileAtomic(flags.output, encodeNpyFloat32(mu, [lines.length, Z]));
      } else {
        const rows = lines.map((text, i) => JSON.stringify({ text, mu: Array.from(mu.subarray(i * Z, (i + 1) * Z)), logVar: Array.from(logVar.subarray(i * Z, (i + 1) * Z)) }));
        await writeFileAtomic(flags.output, `${rows.join('\n')}\n`);
      }
      console.error(`encoded ${lines.length} sentences to ${flags.output} (${lines.length} x ${Z})`);
    });
}
