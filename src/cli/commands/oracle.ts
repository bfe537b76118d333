// `textforge oracle`: the SeqGAN synthetic benchmark's oracle LSTM: load or create it, write its train/valid/test sequences, or score samples (NLL-oracle).
import { Command } from 'commander';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../engine/atomic-write.js';
import { createOracle, loadOracle, saveOracle, sampleFromOracle, OracleScorer, ORACLE } from '../../evaluation/oracle.js';
import { readTextLines } from '../../data/read-text.js';
import { DataError } from '../../data/data-error.js';
import { exists } from '../../train/run-dir.js';
import { integer, positiveInt } from '../parse.js';

interface OracleFlags {
  oracle?: string;
  seed: number;
  out?: string;
  trainCount: number;
  validCount: number;
  testCount: number;
  score?: string;
  json?: boolean;
}

/** Sequences from a text file of space-separated oracle token ids, each line exactly the oracle's length. */
async function readOracleSequences(path: string): Promise<Int32Array[]> {
  const { lines } = await readTextLines(path);
  return lines.map((line, i) => {
    const tokens = line.split(/\s+/);
    if (tokens.length !== ORACLE.sequenceLength) throw new DataError(`oracle: '${path}' line ${i + 1} has ${tokens.length} tokens, expected ${ORACLE.sequenceLength}`);
    return Int32Array.from(tokens, (t) => {
      const id = Number(t);
      if (!/^\d+$/.test(t) || id >= ORACLE.vocabSize) throw new DataError(`oracle: '${path}' line ${i + 1} holds '${t}', not a token id in [0, ${ORACLE.vocabSize})`);
      return id;
    });
  });
}

export function oracleCommand(): Command {
  return new Command('oracle')
    .description("SeqGAN's synthetic oracle (LSTM 32/32, vocabulary 5000): write its train/valid/test sequences with --out, or score a file of sequences with --score")
    .option('--oracle <file>', "the oracle's parameters (safetensors in the paper's layout); default: a new oracle drawn from N(0, 1) with --seed, saved as <out>/oracle.safetensors")
    .option('--seed <n>', 'seed of a new oracle and of the sampled sequences (integer)', integer('--seed'), 1)
    .option('--out <dir>', 'directory for train.txt, valid.txt, test.txt (one sequence of 20 token ids per line)')
    .option('--train-count <n>', 'training sequences (integer; the paper: 10000)', positiveInt('--train-count'), 10000)
    .option('--valid-count <n>', 'validation sequences (integer)', positiveInt('--valid-count'), 1000)
    .option('--test-count <n>', 'test sequences (integer)', positiveInt('--test-count'), 1000)
    .option('--score <file>', 'print the NLL-oracle (nats per token) of the sequences in this file')
    .option('--json', 'print one JSON object')
    .action(async (flags: OracleFlags) => {
      if ((flags.out === undefined) === (flags.score === undefined)) throw new DataError('oracle: give exactly one of --out (write data) or --score (score a file)');
      if (flags.score !== undefined) {
        if (flags.oracle === undefined) throw new DataError('oracle: --score needs --oracle, the oracle that scores');
        const nll = await new OracleScorer(await loadOracle(flags.oracle)).score(await readOracleSequences(flags.score));
        console.log(flags.json ? JSON.stringify({ nllOracle: nll }) : `NLL-oracle ${nll.toFixed(4)} nats per token`);
        return;
      }
      const out = flags.out as string;
      const files = ['train.txt', 'valid.txt', 'test.txt'].map((f) => join(out, f));
      const created = flags.oracle === undefined ? join(out, 'oracle.safetensors') : null;
      for (const f of created ? [...files, created] : files) {
        if (await exists(f)) throw new DataError(`oracle: '${f}' already exists; choose another --out (nothing was overwritten)`);
      }
      await mkdir(out, { recursive: true });
      const oracle = flags.oracle === undefined ? createOracle(flags.seed) : await loadOracle(flags.oracle);
      if (created) await saveOracle(created, oracle);
      const counts = [flags.trainCount, flags.validCount, flags.testCount];
      const all = await sampleFromOracle(oracle, counts[0] + counts[1] + counts[2], ORACLE.sequenceLength, flags.seed); // one draw, cut in three
      let from = 0;
      for (let i = 0; i < files.length; i++) {
        await writeFileAtomic(files[i], `${all.slice(from, from + counts[i]).map((row) => row.join(' ')).join('\n')}\n`);
        from += counts[i];
      }
      const result = { oracle: flags.oracle ?? created, train: files[0], valid: files[1], test: files[2], counts };
      if (flags.json) console.log(JSON.stringify(result));
      else {
        console.log(`wrote ${counts.join(' / ')} sequences to ${files.join(', ')}${created ? `; oracle saved as ${created}` : ''}`);
        console.log(`next: textforge train seqgan --oracle ${result.oracle} --train ${files[0]} --valid ${files[1]} --test ${files[2]} --tokenizer whitespace`);
      }
    });
}
