// The sequence-VAE commands end to end: train seqvae, sample from the prior, reconstruct, interpolate, encode, resume checks.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { textforge, tempDir, writeToyCorpus } from '../helpers/cli.js';

describe('textforge train seqvae and the latent commands', () => {
  let dir: string;
  let run: string;

  before(async () => {
    dir = await tempDir('tf-seqvae-cli-');
    const corpus = await writeToyCorpus(join(dir, 'toy.txt'), 400, 1);
    run = join(dir, 'vae');
    const r = textforge(['train', 'seqvae', '--train', corpus, '--out', run, '--vocab-size', '100', '--batch-size', '16', '--epochs', '3', '--lr', '0.003',
      '--kl-anneal', 'linear', '--kl-warmup', '40', '--word-dropout', '0.3', '--test-samples', '20', '--seed', '2', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { test: { iwNll: number; elbo: number; kl: number; perplexity: number } };
    assert.ok(result.test.iwNll <= -result.test.elbo + 0.5, `IW-NLL ${result.test.iwNll} vs -ELBO ${-result.test.elbo}`);
    assert.ok(result.test.perplexity < 38, `perplexity ${result.test.perplexity} on a 38-word grammar`);
  });

  it('samples from the prior reproducibly', () => {
    const sample = (seed: string) => textforge(['sample', run, '--count', '3', '--seed', seed, '--json']);
    const a = sample('5');
    assert.equal(a.status, 0, a.stderr);
    assert.equal(a.stdout.trim().split('\n').length, 3);
    assert.equal(sample('5').stdout, a.stdout);
  });

  it('reconstructs, interpolates (linear and spherical) and encodes', async () => {
    const rec = textforge(['reconstruct', run, 'the small cat sleeps .', 'anna likes a red bird .', '--json']);
    assert.equal(rec.status, 0, rec.stderr);
    assert.equal(rec.stdout.trim().split('\n').length, 2);
    for (const extra of [[], ['--spherical']]) {
      const r = textforge(['interpolate', run, 'the small cat sleeps .', 'anna likes a red bird .', '--steps', '5', '--json', ...extra]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.trim().split('\n').length, 5);
    }
    const input = join(dir, 'sentences.txt');
    await writeToyCorpus(input, 7, 9);
    const jsonl = textforge(['encode', run, '--input', input, '--output', join(dir, 'codes.jsonl')]);
    assert.equal(jsonl.status, 0, jsonl.stderr);
    const rows = (await readFile(join(dir, 'codes.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { mu: number[]; logVar: number[] });
    assert.equal(rows.length, 7);
    assert.equal(rows[0].mu.length, 8); // the tiny preset's latent size
    const npy = textforge(['encode', run, '--input', input, '--output', join(dir, 'codes.npy')]);
    assert.equal(npy.status, 0, npy.stderr);
    const bytes = await readFile(join(dir, 'codes.npy'));
    assert.equal(bytes.subarray(1, 6).toString(), 'NUMPY');
    assert.match(bytes.toString('latin1', 10, 10 + bytes.readUInt16LE(8)), /'shape': \(7, 8\)/);
    assert.equal((bytes.length - 10 - bytes.readUInt16LE(8)) / 4, 7 * 8);
  });

  it('scores a text file with importance sampling, repeatably', async () => {
    const input = join(dir, 'scored.txt');
    await writeToyCorpus(input, 30, 11);
    const score = () => textforge(['eval', run, '--test', input, '--samples', '20', '--json']);
    const r = score();
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { K: number; sentences: number; iwNll: number; elbo: number; kl: number; activeUnits: number; reconstructionBleu: number; exactReconstructions: number };
    assert.equal(result.K, 20);
    assert.equal(result.sentences, 30);
    assert.match(r.stderr, /^importance-weighted NLL, K = 20: 30\/30 sentences .*eta 0s$/m, 'progress of the evaluation, on stderr');
    assert.ok(result.iwNll <= -result.elbo + 0.5, `IW-NLL ${result.iwNll} vs -ELBO ${-result.elbo}`);
    assert.ok(result.kl > 0);
    assert.ok(result.reconstructionBleu >= 0 && result.reconstructionBleu <= 1 && result.exactReconstructions >= 0 && result.exactReconstructions <= 1);
    assert.equal(score().stdout, r.stdout);
    const wrong = textforge(['eval', run, '--test', input, '--mode', 'stream']);
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr.trim(), /^textforge: eval: --mode is for language models[^\n]*$/);
  });

  it('trains a Transformer decoder and decodes from it; Transformer flags on a recurrent decoder are refused', async () => {
    const corpus = join(dir, 'toy.txt');
    const out = join(dir, 'vae-transformer');
    const r = textforge(['train', 'seqvae', '--train', corpus, '--out', out, '--vocab-size', '100', '--batch-size', '16', '--epochs', '2', '--lr', '0.003',
      '--decoder-cell', 'transformer', '--decoder-layers', '1', '--heads', '2', '--embed-size', '32', '--test-samples', '5', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8')) as { modelConfig: Record<string, unknown> };
    assert.deepEqual([config.modelConfig.decoderCell, config.modelConfig.decoderLayers, config.modelConfig.heads], ['transformer', 1, 2]);
    // Each command prints one JSON line per decoded sentence: 2 samples, 1 reconstruction, 3 interpolation steps.
    const decodes: { args: string[]; expected: (i: number) => Record<string, unknown> }[] = [
      { args: ['sample', out, '--count', '2', '--strategy', 'beam'], expected: () => ({}) },
      { args: ['reconstruct', out, 'the small cat sleeps .'], expected: () => ({ input: 'the small cat sleeps .' }) },
      { args: ['interpolate', out, 'the small cat sleeps .', 'anna likes a red bird .', '--steps', '3'], expected: (i) => ({ step: i }) },
    ];
    const counts: number[] = [];
    for (const { args, expected } of decodes) {
      const decoded = textforge([...args, '--json']);
      assert.equal(decoded.status, 0, decoded.stderr);
      const rows = decoded.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      counts.push(rows.length);
      rows.forEach((row, i) => {
        const text = row.text ?? row.output;
        assert.equal(typeof text, 'string', `${args[0]} row ${i}: ${JSON.stringify(row)}`);
        assert.match(text as string, /^[^\n]*$/, `${args[0]} row ${i} is one line`);
        for (const [k, v] of Object.entries(expected(i))) assert.equal(row[k], v, `${args[0]} row ${i}: ${k}`);
      });
    }
    assert.deepEqual(counts, [2, 1, 3], 'lines printed by sample --count 2, reconstruct of one sentence, interpolate --steps 3');
    const wrong = textforge(['train', 'seqvae', '--train', corpus, '--out', join(dir, 'vae-wrong'), '--heads', '2']);
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr.trim(), /^textforge: seqvae: decoderLayers and heads are for a Transformer decoder, and the decoder is lstm$/);
  });

  it('refuses latent commands on a language-model run and a seqvae --resume of an lm run', async () => {
    const lm = join(dir, 'lm');
    const corpus = join(dir, 'toy.txt');
    assert.equal(textforge(['train', 'lm', '--train', corpus, '--out', lm, '--vocab-size', '100', '--epochs', '1', '--hidden-size', '16', '--embed-size', '8']).status, 0);
    const r = textforge(['reconstruct', lm, 'a sentence']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr.trim(), /^textforge: reconstruct: run '.*lm' holds a lm model; reconstruct needs a model with a latent code \(seqvae\)$/);
    const resume = textforge(['train', 'seqvae', '--train', corpus, '--out', lm, '--resume']);
    assert.notEqual(resume.status, 0);
    assert.match(resume.stderr.trim(), /holds a lm model, not seqvae/);
  });
});
