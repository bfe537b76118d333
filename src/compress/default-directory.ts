// Where the default compression model lives: $TEXTFORGE_HOME, else $XDG_CACHE_HOME/textforge, else ~/.cache/textforge; then default-compressor-v1.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultModelDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.TEXTFORGE_HOME ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'textforge');
  return join(home, 'default-compressor-v1');
}
