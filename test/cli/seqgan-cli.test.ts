// textforge oracle and train seqgan end to end on small settings: both benchmarks' paths, exact resume after a kill, the NLL-oracle plot and bad input.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile, readdir, writeFile, access } from 'node:fs/promises';
import { textforge, tempDir, writeToyCorpus, smallLmFlags } from '../helpers/cli.js';
import { checkSvg } from '../../src/report/svg-check.js';

/** metrics.jsonl without wall-clock fields: what an exact replay must reproduce. */
async function replayable(run: string): Promise<unknown[]> {
  const lines = (await readFile(join(run, 'metrics.jsonl'), 'utf8')).trim().split('\n');
  return lines.map((l) => Object.fromEntries(Object.entries(JSON.parse(l) as Record<string, unknown>).filter(([k]) => !/(_ms|_per_s)$/.test(k))));
}

const exists = (path: string) => access(path).then(() => true, () => false);

describe('textforge train seqgan', () => {
  let dir: string;
  let corpus: string;
  const textFlags = (out: string) => [
    'train', 'seqgan', '--train', corpus, '--out', out, '--max-len', '12', '--vocab-size', '100', '--discriminator', 'small',
    '--mle-epochs', '2', '--mle-eval-every', '1', '--d-pretrain-rounds', '2', '--adversarial-steps', '3', '--negatives', '64',
    '--rollouts', '2', '--text-samples', '50', '--final-text-samples', '60', '--eval-every', '2', '--checkpoint-every', '1', '--batch-size', '16', '--seed', '3',
  ];

  before(async () => {
    dir = await tempDir('tf-seqgan-');
    corpus = await writeToyCorpus(join(dir, 'toy.txt'), 400, 5);
  });

  it('runs MLE, discriminator pre-training and adversarial steps on text in one run, and resumes exactly after a kill mid-checkpoint in each phase', async () => {
    const straight = join(dir, 'text-a');
    const r = textforge([...textFlags(straight), '--json']);
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { mle: Record<string, number>; seqgan: Record<string, number>; samples: string[]; summary: { steps: number; phases: { name: string; steps: number }[] } };
    assert.deepEqual(result.summary.phases.map((p) => p.name), ['mle', 'd-pretrain', 'adversarial']);
    assert.deepEqual(result.summary.phases.slice(1).map((p) => p.steps), [2, 3]);
    assert.equal(result.summary.steps, result.summary.phases.reduce((n, p) => n + p.steps, 0));
    for (const scores of [result.mle, result.seqgan]) {
      for (const k of ['bleu2', 'bleu5', 'selfBleu2', 'selfBleu5']) assert.ok(scores[k] >= 0 && scores[k] <= 1, `${k} = ${scores[k]}`);
      assert.ok(scores.samples > 50 && scores.samples <= 60, `final scores of ${scores.samples} sentences, not --final-text-samples 60 (less empty ones)`);
    }
    assert.equal(result.samples.length, 20);
    assert.equal(await exists(join(straight, 'mle')), false, 'one run directory: no nested mle/ run');
    const records = await replayable(straight) as Record<string, unknown>[];
    const adversarial = records.filter((m) => m.phase === 'adversarial' && typeof m.mean_reward === 'number');
    assert.equal(adversarial.length, 3);
    for (const m of adversarial) assert.ok((m.mean_reward as number) >= 0 && (m.mean_reward as number) <= 1);

    // checkpoint files: MLE validations 1-2, the phase boundary 3; discriminator rounds 4-5, boundary 6; adversarial 7, 8 (+ best 9), 10
    for (const [phase, killAt] of [['mle', '2'], ['d-pretrain', '5'], ['adversarial', '9']]) {
      const killed = join(dir, `text-killed-${phase}`);
      const first = textforge(textFlags(killed), { TEXTFORGE_KILL_DURING_CHECKPOINT_WRITE: killAt });
      assert.equal(first.signal, 'SIGKILL', `expected the run to be killed: ${first.stderr}`);
      const resumed = textforge([...textFlags(killed), '--resume']);
      assert.equal(resumed.status, 0, resumed.stderr);
      assert.match(resumed.stderr, /removed 1 partial file/);
      assert.match(resumed.stderr, new RegExp(`resumed from step \\d+ \\(phase ${phase},`), `the kill was meant to land in phase ${phase}: ${resumed.stderr}`);
      assert.deepEqual(await replayable(killed), records, `killed in phase ${phase}`);
      assert.equal(await readFile(join(killed, 'samples/final.txt'), 'utf8'), await readFile(join(straight, 'samples/final.txt'), 'utf8'));
    }
  });

  it('writes oracle data, trains on it with NLL-oracle logged, and plots the NLL-oracle curve', async () => {
    const data = join(dir, 'oracle');
    const o = textforge(['oracle', '--seed', '4', '--out', data, '--train-count', '300', '--valid-count', '50', '--test-count', '50']);
    assert.equal(o.status, 0, o.stderr);
    const lines = (await readFile(join(data, 'train.txt'), 'utf8')).trim().split('\n');
    assert.equal(lines.length, 300);
    assert.ok(lines.every((l) => l.split(' ').length === 20));
    const again = textforge(['oracle', '--seed', '4', '--out', data]);
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /^textforge: oracle: '.*train\.txt' already exists; choose another --out \(nothing was overwritten\)\n$/);
    const scored = textforge(['oracle', '--oracle', join(data, 'oracle.safetensors'), '--score', join(data, 'test.txt'), '--json']);
    assert.equal(scored.status, 0, scored.stderr);
    const own = (JSON.parse(scored.stdout) as { nllOracle: number }).nllOracle;

    const run = join(dir, 'synthetic');
    const r = textforge(['train', 'seqgan', '--oracle', join(data, 'oracle.safetensors'), '--train', join(data, 'train.txt'), '--valid', join(data, 'valid.txt'),
      '--test', join(data, 'test.txt'), '--tokenizer', 'whitespace', '--out', run, '--discriminator', 'small', '--mle-epochs', '2', '--mle-eval-every', '1',
      '--d-pretrain-rounds', '1', '--adversarial-steps', '2', '--negatives', '64', '--rollouts', '2', '--oracle-samples', '200', '--final-oracle-samples', '400',
      '--eval-every', '1', '--batch-size', '32', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { mle: { nll_oracle: number }; seqgan: { nll_oracle: number }; plot: string; samples: string[] };
    // a generator that has seen 300 sequences for 2 epochs is far from the oracle: above the oracle's own samples, below ln 5000 + a margin
    for (const nll of [result.mle.nll_oracle, result.seqgan.nll_oracle]) assert.ok(nll > own && nll < 12, `NLL-oracle ${nll} (oracle's own samples ${own})`);
    assert.ok(result.samples.every((s) => s.split(' ').length === 20 && s.split(' ').every((t) => /^\d+$/.test(t))), result.samples[0]);
    const svg = checkSvg(await readFile(result.plot, 'utf8'));
    assert.ok(svg.marks > 0, 'the NLL-oracle plot has no marks');
    const mleValid = (await replayable(run) as Record<string, unknown>[]).filter((m) => m.phase === 'mle' && m.split === 'valid' && m.nll_oracle !== undefined);
    assert.equal(mleValid.length, 2, 'MLE validations carry the NLL-oracle');
    // the generator is a language model: eval scores a file with it
    const scoredByRun = textforge(['eval', run, '--test', join(data, 'test.txt'), '--json']);
    assert.equal(scoredByRun.status, 0, scoredByRun.stderr);
    const nll = (JSON.parse(scoredByRun.stdout) as { nllPerToken: number }).nllPerToken;
    assert.ok(nll > 0 && nll < Math.log(5000) + 1, `NLL per token ${nll}`);
    const info = JSON.parse(textforge(['info', run, '--json']).stdout) as { bestValid: Record<string, { phase: string }> };
    assert.deepEqual(Object.keys(info.bestValid), ['mle', 'adversarial'], 'the best validation of each phase: their scores are not comparable');
  });

  it('refuses bad input with one line and a non-zero exit', async () => {
    const missing = textforge(['train', 'seqgan', '--oracle', join(dir, 'nope.safetensors'), '--train', corpus, '--out', join(dir, 'bad1')]);
    assert.notEqual(missing.status, 0);
    assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
    assert.match(missing.stderr, /nope\.safetensors/);

    // flags no phase of SeqGAN uses are refused, not ignored (its schedule counts each phase's length)
    for (const flag of [['--epochs', '3'], ['--patience', '2']]) {
      const unused = textforge([...textFlags(join(dir, 'bad-flag')), ...flag]);
      assert.notEqual(unused.status, 0);
      assert.match(unused.stderr, new RegExp(`unknown option '${flag[0]}'`));
    }

    const lm = join(dir, 'an-lm');
    assert.equal(textforge([...smallLmFlags(corpus, lm), '--epochs', '1']).status, 0);
    const wrongKind = textforge([...textFlags(lm), '--resume']);
    assert.notEqual(wrongKind.status, 0);
    assert.match(wrongKind.stderr, /^textforge: --resume: run '.*' holds a lm model, not seqgan\n$/);

    const both = textforge(['oracle', '--out', join(dir, 'x'), '--score', corpus]);
    assert.match(both.stderr, /^textforge: oracle: give exactly one of --out \(write data\) or --score \(score a file\)\n$/);
    const badFile = join(dir, 'short.txt');
    await writeFile(badFile, '1 2 3\n');
    const data = join(dir, 'oracle');
    const short = textforge(['oracle', '--oracle', join(data, 'oracle.safetensors'), '--score', badFile]);
    assert.notEqual(short.status, 0);
    assert.match(short.stderr, /line 1 has 3 tokens, expected 20/);
    assert.deepEqual((await readdir(dir)).includes('x'), false);
  });
});
