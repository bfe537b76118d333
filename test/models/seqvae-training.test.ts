// The sequence VAE through the phased training loop: KL annealing per step, IW-NLL validation, and an exact resume.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng } from '../../src/engine/random.js';
import { Vocabulary } from '../../src/data/vocab.js';
import { toySentences } from '../../src/data/toy-grammar.js';
import { SeqVae, SEQVAE_PRESETS, SeqVaeTask } from '../../src/models/seqvae/index.js';
import { RunDir } from '../../src/train/run-dir.js';
import { runPhases } from '../../src/train/phases.js';
import { KL_SCHEDULE_DEFAULTS } from '../../src/train/kl-schedule.js';
import { tempDir } from '../helpers/cli.js';
import { quietProgress } from '../helpers/progress.js';

const quiet = quietProgress();

describe('sequence VAE training runs', () => {
  it('anneals the KL weight, validates with IW-NLL, MI and active units, and resumes exactly', async () => {
    const sentences = toySentences(260, new Rng(1));
    const vocab = Vocabulary.build(sentences.slice(0, 200));
    const train = sentences.slice(0, 200).map((s) => vocab.encode(s));
    const valid = sentences.slice(200).map((s) => vocab.encode(s));
    const settings = { seed: 3, batchSize: 16, maxLen: 20, clip: 5, validSamples: 5, klSchedule: { ...KL_SCHEDULE_DEFAULTS, kind: 'linear' as const, warmupSteps: 20 } };
    const loop = (epochs: number) => ({ epochs, evalEvery: 0, checkpointEvery: 4, patience: 0, logEvery: 1, schedule: { kind: 'constant' as const, lr: 3e-3, warmupSteps: 0, factor: 1, decayStart: 1 } });
    const task = (epochs: number) => new SeqVaeTask(loop(epochs), new SeqVae(SEQVAE_PRESETS.tiny, vocab.size, new Rng(3).fork('init')), train, valid, settings);
    const runTask = (t: SeqVaeTask, run: RunDir, resume: boolean) => runPhases('seqvae', [t], t.state(), run, { resume, progress: quiet });
    const dir = await tempDir('tf-seqvae-');
    const records = async (path: string) => (await readFile(join(path, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => {
      const { tokens_per_s: _speed, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return rest;
    });

    const straight = await RunDir.create(join(dir, 'a'));
    const summary = await runTask(task(2), straight, false);
    assert.equal(summary.steps, 26);
    const a = await records(straight.path);
    const weights = a.filter((r) => typeof r.klWeight === 'number').map((r) => r.klWeight as number);
    assert.deepEqual(weights.slice(0, 3), [0.05, 0.1, 0.15]); // linear warm-up over 20 steps
    assert.equal(weights[weights.length - 1], 1);
    const valid1 = a.find((r) => r.split === 'valid')!;
    for (const k of ['iw_nll', 'ppl', 'elbo', 'rec', 'kl', 'mi', 'active_units']) assert.equal(typeof valid1[k], 'number', k);
    assert.ok((valid1.iw_nll as number) <= -(valid1.elbo as number) + 0.5, 'the IW bound is not looser than the ELBO');

    const interrupted = await RunDir.create(join(dir, 'b'));
    await runTask(task(1), interrupted, false);
    await runTask(task(2), interrupted, true);
    assert.deepEqual(await records(interrupted.path), a);
  });
});
