// Helpers for CLI tests: run the built textforge binary, and write small corpora from the built-in toy grammar.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
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

/** How an asynchronous CLI run ended: its exit code (null if a signal killed it), that signal, and its stderr. */
export interface AsyncExit {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * The CLI run asynchronously (runs may overlap, and the test may signal the child): `onSpawn` gets the child at once,
 * `onStderr` the stderr so far after each chunk. stdout is ignored.
 */
export function textforgeAsync(args: readonly string[], o: { env?: Record<string, string>; onSpawn?: (child: ChildProcess) => void; onStderr?: (stderr: string, child: ChildProcess) => void } = {}): Promise<AsyncExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(CLI, args, { env: { ...process.env, ...o.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      o.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stderr }));
    o.onSpawn?.(child);
  });
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
