// Helpers for CLI tests: run the built textforge binary, and write small corpora from the built-in toy grammar.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../src/engine/random.js';
import { toySentences } from '../../src/data/toy-grammar.js';

export const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');

/** Run the CLI as a user's shell does: through its first line, which sets the allocator's environment. */
export function textforge(args: readonly string[], env: Record<string, string> = {}, cwd?: string): SpawnSyncReturns<string> {
  return spawnSync(CLI, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000, cwd });
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Write `count` toy-grammar sentences to `path`, one per line. */
export async function writeToyCorpus(path: string, count: number, seed: number): Promise<string> {
  const lines = toySentences(count, new Rng(seed)).map((s) => s.join(' '));
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

/** Flags for a small, fast language model run on a toy corpus. */
export function smallLmFlags(train: string, out: string): string[] {
  return ['train', 'lm', '--train', train, '--out', out, '--embed-size', '16', '--hidden-size', '32', '--vocab-size', '100', '--batch-size', '16', '--epochs', '2', '--lr', '0.01', '--log-every', '5', '--seed', '7'];
}
