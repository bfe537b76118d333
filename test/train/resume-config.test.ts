// A resumed run rebuilds its model from the config.json written when it started, not from today's presets and defaults.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { seqVaeFamily } from '../../src/models/seqvae/family.js';
import { trainFamily } from '../../src/train/family.js';
import { SEQVAE_DEFAULTS, type SeqVaeSettings } from '../../src/models/seqvae/settings.js';
import { lmFamily } from '../../src/models/lm/family.js';
import { LM_DEFAULTS, type LmSettings } from '../../src/models/lm/settings.js';
import type { ProgressReporter } from '../../src/train/progress.js';
import { tempDir, writeToyCorpus } from '../helpers/cli.js';
import { quietProgress } from '../helpers/progress.js';

const quiet = quietProgress();
/** A reporter as a library user may write one: without the optional `work` (the VAE's final test must not need it). */
const minimal: ProgressReporter = { start: () => undefined, update: () => undefined, log: () => undefined, stop: () => undefined };

/**
 * Stand-in for a preset or default that changed between versions: the stored settings now derive a model of
 * hidden size 24 while the run's model (config.json's modelConfig, and its checkpoint) has 16.
 */
async function changeDerivedHiddenSize(out: string): Promise<void> {
  const path = join(out, 'config.json');
  const config = JSON.parse(await readFile(path, 'utf8')) as { settings: { hiddenSize: number }; modelConfig: { hiddenSize: number } };
  assert.equal(config.modelConfig.hiddenSize, 16);
  config.settings.hiddenSize = 24;
  await writeFile(path, JSON.stringify(config));
}

describe('resuming a run', () => {
  it('a sequence VAE resumes with the model config it was started with', async () => {
    const dir = await tempDir('tf-resume-vae-');
    const train = await writeToyCorpus(join(dir, 'train.txt'), 120, 1);
    const settings: SeqVaeSettings = {
      ...SEQVAE_DEFAULTS, train, out: join(dir, 'run'), hiddenSize: 16, batchSize: 16, epochs: 1, validSamples: 2, testSamples: 2, klWarmup: 10, logEvery: 5,
    };
    const first = await trainFamily(seqVaeFamily, settings, { progress: quiet });
    await changeDerivedHiddenSize(settings.out);
    const resumed = await trainFamily(seqVaeFamily, { ...settings, hiddenSize: 24, epochs: 2 }, { progress: minimal, resume: true });
    assert.equal(resumed.summary.steps, 2 * first.summary.steps);
    assert.ok(resumed.test !== null && Number.isFinite(resumed.test.iwNll));
  });

  it('a language model resumes with the model config it was started with', async () => {
    const dir = await tempDir('tf-resume-lm-');
    const train = await writeToyCorpus(join(dir, 'train.txt'), 120, 2);
    const settings: LmSettings = { ...LM_DEFAULTS, train, out: join(dir, 'run'), embedSize: 16, hiddenSize: 16, batchSize: 16, epochs: 1, logEvery: 5 };
    const first = await trainFamily(lmFamily, settings, { progress: quiet });
    await changeDerivedHiddenSize(settings.out);
    const resumed = await trainFamily(lmFamily, { ...settings, hiddenSize: 24, epochs: 2 }, { progress: quiet, resume: true });
    assert.equal(resumed.summary.steps, 2 * first.summary.steps);
    assert.ok(resumed.test !== null && Number.isFinite(resumed.test.perplexity));
  });
});
