// The language-model CLI end to end: train, sample, eval, info, exact resume after SIGKILL mid-checkpoint, divergence.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { textforge, tempDir, writeToyCorpus, smallLmFlags } from '../helpers/cli.js';
import { loadCheckpoint } from '../../src/engine/checkpoint.js';

async function records(run: string): Promise<Record<string, unknown>[]> {
  return (await readFile(join(run, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Everything of a run's metrics that must replay exactly (not wall-clock speeds). */
async function replayable(run: string): Promise<unknown[]> {
  return (await records(run)).map(({ tokens_per_s: _speed, ...rest }) => rest);
}

describe('textforge train lm / sample / eval / info', () => {
  let dir: string;
  let corpus: string;
  let run: string;

  before(async () => {
    dir = await tempDir('tf-cli-');
    corpus = await writeToyCorpus(join(dir, 'toy.txt'), 600, 1);
    run = join(dir, 'run');
    const r = textforge([...smallLmFlags(corpus, run), '--json']);
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { summary: { steps: number }; test: { perplexity: number }; samples: string[] };
    assert.ok(result.summary.steps > 0);
    assert.ok(result.test.perplexity < 20, `test perplexity ${result.test.perplexity} on a 38-word grammar`);
  });

  it('writes the run directory', async () => {
    for (const f of ['config.json', 'vocab.json', 'metrics.jsonl', 'checkpoints/last.safetensors', 'checkpoints/best.safetensors', 'samples/final.txt']) {
      assert.ok((await stat(join(run, f))).size > 0, f);
    }
    const config = JSON.parse(await readFile(join(run, 'config.json'), 'utf8')) as { model: string; settings: { seed: number } };
    assert.equal(config.model, 'lm');
    assert.equal(config.settings.seed, 7);
    const splits = (await records(run)).map((r) => r.split);
    assert.ok(splits.includes('valid') && splits.includes('test'));
  });

  it('samples reproducibly, greedily, with beams and from prompts', () => {
    const sample = (...extra: string[]) => {
      const r = textforge(['sample', run, '--count', '4', '--json', ...extra]);
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
    };
    const a = sample('--seed', '3');
    assert.equal(a.length, 4);
    assert.deepEqual(sample('--seed', '3'), a);
    assert.notDeepEqual(sample('--seed', '4'), a);
    const greedy = sample('--strategy', 'greedy');
    assert.ok(greedy.every((g) => g === greedy[0]), 'greedy decoding of identical inputs is identical');
    assert.equal(sample('--strategy', 'beam', '--beam-size', '3').length, 4);
    const prompted = sample('--prompt', 'the tall dog', 'maria likes');
    assert.equal(prompted.length, 2);
    assert.ok(prompted[0].startsWith('the tall dog') && prompted[1].startsWith('maria likes'), prompted.join(' | '));
  });

  it('evaluates a file and summarises the run', async () => {
    const test = await writeToyCorpus(join(dir, 'other.txt'), 100, 99);
    const r = textforge(['eval', run, '--test', test, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const e = JSON.parse(r.stdout) as { sentences: number; perplexity: number; nllPerSentence: number };
    assert.equal(e.sentences, 100);
    assert.ok(e.perplexity > 1 && e.perplexity < 20);
    const info = textforge(['info', run, '--json']);
    assert.equal(info.status, 0, info.stderr);
    const i = JSON.parse(info.stdout) as { model: string; parameters: number; checkpoints: { best: boolean } };
    assert.equal(i.model, 'lm');
    assert.ok(i.parameters > 0 && i.checkpoints.best);
  });

  it('resumes after SIGKILL in the middle of a checkpoint write and ends exactly like an uninterrupted run', async () => {
    const killed = join(dir, 'killed');
    const flags = [...smallLmFlags(corpus, killed), '--checkpoint-every', '4'];
    const first = textforge(flags, { TEXTFORGE_KILL_DURING_CHECKPOINT_WRITE: '3' });
    assert.equal(first.signal, 'SIGKILL', `expected the run to be killed: ${first.stderr}`);
    const leftovers = (await readdir(join(killed, 'checkpoints'))).filter((f) => f.includes('.tmp-'));
    assert.equal(leftovers.length, 1, 'the interrupted write left its partial temp file');
    const resumed = textforge([...flags, '--resume']);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.match(resumed.stderr, /removed 1 partial file/);
    assert.match(resumed.stderr, /resumed from step 8/);
    assert.deepEqual(await replayable(killed), await replayable(run));
    assert.equal(await readFile(join(killed, 'samples/final.txt'), 'utf8'), await readFile(join(run, 'samples/final.txt'), 'utf8'));
  });

  it('stream mode (truncated BPTT) also resumes exactly, carried state included', async () => {
    const straight = join(dir, 'stream-a');
    const killed = join(dir, 'stream-b');
    const flags = (out: string) => [...smallLmFlags(corpus, out), '--mode', 'stream', '--bptt', '8', '--checkpoint-every', '3'];
    assert.equal(textforge(flags(straight)).status, 0);
    const first = textforge(flags(killed), { TEXTFORGE_KILL_DURING_CHECKPOINT_WRITE: '2' });
    assert.equal(first.signal, 'SIGKILL');
    const resumed = textforge([...flags(killed), '--resume']);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.deepEqual(await replayable(killed), await replayable(straight));
    // a stream-trained model starts sentences after <eos> (it never saw <bos>): its samples are real sentences
    const sampled = textforge(['sample', killed, '--count', '5', '--json']);
    assert.equal(sampled.status, 0, sampled.stderr);
    const texts = sampled.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
    assert.ok(texts.filter((t) => t.split(' ').length >= 3).length >= 3, texts.join(' | '));
  });

  it('trains a Transformer and samples from it with prompts', () => {
    const tf = join(dir, 'transformer');
    const r = textforge([...smallLmFlags(corpus, tf), '--cell', 'transformer', '--layers', '1', '--heads', '2', '--lr', '0.003', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok((JSON.parse(r.stdout) as { test: { perplexity: number } }).test.perplexity < 20);
    const s = textforge(['sample', tf, '--prompt', 'the small cat', '--strategy', 'beam', '--beam-size', '2', '--json']);
    assert.equal(s.status, 0, s.stderr);
    assert.match((JSON.parse(s.stdout.trim()) as { text: string }).text, /^the small cat \w/);
  });

  it('stops a diverging run with one line and keeps the last good checkpoint loadable', async () => {
    const diverged = join(dir, 'diverged');
    const r = textforge([...smallLmFlags(corpus, diverged), '--optimizer', 'sgd', '--lr', '1e38', '--checkpoint-every', '1', '--clip', '0']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /^textforge: training diverged at step \d+: the loss became non-finite; the last good checkpoint .* is intact/);
    assert.equal(r.stderr.trim().split('\n').filter((l) => l.startsWith('textforge:')).length, 1);
    const { metadata } = await loadCheckpoint(join(diverged, 'checkpoints/last.safetensors'));
    const step = (metadata as { position: { step: number } }).position.step;
    assert.ok(step >= 1 && r.stderr.includes(`at step ${step + 1}`), `checkpoint from step ${step}; ${r.stderr}`);
  });
});
