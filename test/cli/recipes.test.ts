// The shipped recipes (recipes/*.json, the settings behind the README's PTB numbers) load through --config and train.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir, textforge, writeToyCorpus } from '../helpers/cli.js';

const RECIPES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../recipes');

/** Flags that make any recipe a seconds-long run; each must override the file's value. */
const SHORT = { epochs: ['--epochs', '1', 1], batchSize: ['--batch-size', '16', 16], vocabSize: ['--vocab-size', '200', 200] } as const;

const VAE_SHORT = { ...SHORT, testSamples: ['--test-samples', '2', 2] } as const;

/** Each recipe, the command that takes it, and its own shortening flags. */
const CASES = [
  { file: 'seqvae-ptb.json', command: ['train', 'seqvae'], model: 'seqvae', short: VAE_SHORT },
  { file: 'seqvae-ptb-512.json', command: ['train', 'seqvae'], model: 'seqvae', short: VAE_SHORT },
  { file: 'lm-ptb-sentence.json', command: ['train', 'lm'], model: 'lm', short: SHORT },
] as const;

describe('recipes', () => {
  for (const { file, command, model, short } of CASES) {
    it(`${file} configures one short ${model} run, with flags winning over the file`, async () => {
      const dir = await tempDir('tf-recipe-');
      const corpus = await writeToyCorpus(join(dir, 'toy.txt'), 300, 3);
      const out = join(dir, 'run');
      const recipe = JSON.parse(await readFile(join(RECIPES, file), 'utf8')) as Record<string, unknown>;
      const shortening: Record<string, readonly [string, string, number]> = short;
      const flags = Object.values(shortening).flatMap(([flag, value]) => [flag, value]);
      const r = textforge([...command, '--config', join(RECIPES, file), '--train', corpus, '--out', out, ...flags, '--json']);
      assert.equal(r.status, 0, r.stderr);
      const stored = JSON.parse(await readFile(join(out, 'config.json'), 'utf8')) as { model: string; settings: Record<string, unknown> };
      assert.equal(stored.model, model);
      for (const [key, value] of Object.entries(recipe)) {
        assert.deepEqual(stored.settings[key], key in shortening ? shortening[key][2] : value, `setting ${key}`);
      }
    });
  }
});
