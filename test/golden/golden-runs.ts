// The golden runs: short fixed-seed CLI runs of every family whose metrics were recorded before the family refactor (test/fixtures/golden).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { textforge, writeToyCorpus } from '../helpers/cli.js';

/** One metrics record reduced to what a replay must reproduce: its phase, split and numbers (no wall-clock fields, no step bookkeeping). */
export interface GoldenRecord {
  phase: string;
  split: string;
  values: Record<string, number>;
}

export interface GoldenRun {
  records: GoldenRecord[];
  samples: string;
}

const WALL_CLOCK = /(_ms|_per_s)$/;
const BOOKKEEPING = new Set(['step', 'epoch', 'phase', 'split', 'phaseStep']);

function valuesOf(record: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(record)) if (typeof v === 'number' && !WALL_CLOCK.test(k) && !BOOKKEEPING.has(k)) out[k] = v;
  return out;
}

async function readRecords(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * A run's records with their phase: every record names it (`phase` a string) in the one metrics.jsonl of a run; a run
 * written before phases existed (SeqGAN with a nested mle/ run, numeric phase 0/1) is mapped onto the same names.
 */
export async function goldenRecords(run: string, dPretrainRounds = 0): Promise<GoldenRecord[]> {
  const nested = await readRecords(join(run, 'mle', 'metrics.jsonl'));
  const own = await readRecords(join(run, 'metrics.jsonl'));
  const phaseOf = (r: Record<string, unknown>, fallback: string): string => {
    if (typeof r.phase === 'string') return r.phase === 'seqgan' ? 'adversarial' : r.phase;
    if (r.phase === 0) return 'd-pretrain';
    if (r.phase === 1) return 'adversarial';
    if (nested.length > 0 && typeof r.step === 'number') return r.step <= dPretrainRounds ? 'd-pretrain' : 'adversarial';
    return fallback;
  };
  const records: Record<string, unknown>[] = [...nested.map((r) => ({ ...r, phase: 'mle' })), ...own];
  return records.map((r) => ({ phase: phaseOf(r, 'train'), split: typeof r.split === 'string' ? r.split : 'train', values: valuesOf(r) }));
}

/** The golden runs' CLI flags, given the folder to work in and the corpora in it. */
export function goldenFlags(dir: string): Record<string, { args: string[]; dPretrainRounds?: number }> {
  const toy = join(dir, 'toy.txt');
  const oracle = join(dir, 'oracle');
  const lm = ['train', 'lm', '--train', toy, '--embed-size', '16', '--hidden-size', '32', '--vocab-size', '100', '--batch-size', '16', '--epochs', '2', '--lr', '0.01', '--log-every', '1', '--seed', '7'];
  const vae = ['train', 'seqvae', '--train', toy, '--vocab-size', '100', '--batch-size', '16', '--epochs', '2', '--lr', '0.003', '--kl-anneal', 'linear', '--kl-warmup', '20',
    '--word-dropout', '0.3', '--valid-samples', '3', '--test-samples', '5', '--log-every', '1', '--seed', '2', '--embed-size', '16', '--hidden-size', '16', '--latent-size', '4'];
  return {
    'lm-sentence': { args: [...lm, '--out', join(dir, 'lm-sentence')] },
    'lm-stream': { args: [...lm, '--mode', 'stream', '--bptt', '8', '--out', join(dir, 'lm-stream')] },
    'seqvae-lstm': { args: [...vae, '--out', join(dir, 'seqvae-lstm')] },
    'seqvae-transformer': { args: [...vae, '--decoder-cell', 'transformer', '--decoder-layers', '1', '--heads', '2', '--out', join(dir, 'seqvae-transformer')] },
    'seqgan-synthetic': {
      dPretrainRounds: 2,
      args: ['train', 'seqgan', '--oracle', join(oracle, 'oracle.safetensors'), '--train', join(oracle, 'train.txt'), '--valid', join(oracle, 'valid.txt'), '--test', join(oracle, 'test.txt'),
        '--tokenizer', 'whitespace', '--discriminator', 'small', '--mle-epochs', '2', '--mle-eval-every', '1', '--d-pretrain-rounds', '2', '--adversarial-steps', '2',
        '--negatives', '64', '--rollouts', '2', '--oracle-samples', '100', '--final-oracle-samples', '200', '--eval-every', '1', '--batch-size', '32', '--seed', '5', '--out', join(dir, 'seqgan-synthetic')],
    },
  };
}

/** Write the corpora the golden runs read: 300 toy-grammar sentences and a small oracle data set. */
export async function writeGoldenData(dir: string): Promise<void> {
  await writeToyCorpus(join(dir, 'toy.txt'), 300, 11);
  const o = textforge(['oracle', '--seed', '4', '--out', join(dir, 'oracle'), '--train-count', '200', '--valid-count', '40', '--test-count', '40']);
  if (o.status !== 0) throw new Error(`golden: oracle data: ${o.stderr}`);
}

/** Run one golden run and read back its records and final samples. */
export async function runGolden(dir: string, name: string): Promise<GoldenRun> {
  const { args, dPretrainRounds } = goldenFlags(dir)[name];
  const r = textforge(args);
  if (r.status !== 0) throw new Error(`golden run ${name} failed: ${r.stderr}`);
  const out = args[args.indexOf('--out') + 1];
  return { records: await goldenRecords(out, dPretrainRounds), samples: await readFile(join(out, 'samples', 'final.txt'), 'utf8') };
}
