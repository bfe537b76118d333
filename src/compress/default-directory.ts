// Where the default compression model lives, and whether it is trained (answered synchronously: the CLI decides its Ctrl-C handling before any command runs).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** $TEXTFORGE_HOME, else $XDG_CACHE_HOME/textforge, else ~/.cache/textforge; then default-compressor-v1. */
export function defaultModelDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.TEXTFORGE_HOME ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'textforge');
  return join(home, 'default-compressor-v1');
}

/** Whether the default run finished training (its final samples are written last). */
export function defaultCompressorReady(dir = defaultModelDirectory()): boolean {
  return existsSync(join(dir, 'samples', 'final.txt'));
}
