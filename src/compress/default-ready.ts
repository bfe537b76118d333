// Whether the default compression model is trained, answered synchronously (the CLI decides its Ctrl-C handling before any command runs).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultModelDirectory } from './default-directory.js';

export function defaultCompressorReady(): boolean {
  return existsSync(join(defaultModelDirectory(), 'samples', 'final.txt'));
}
