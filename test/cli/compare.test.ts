// `textforge compare` and `textforge eval-text`: reports on toy data and on COCO, opened in Chromium with every plot drawn.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { textforge, tempDir, writeToyCorpus } from '../helpers/cli.js';
import { checkReportInChromium, chromiumSkip } from '../helpers/browser.js';
import { textMetrics } from '../../src/metrics/text-metrics.js';
import { tokenize } from '../../src/data/tokenize.js';

const coco = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/coco');
const cocoSkip = existsSync(join(coco, 'image_coco.txt')) ? false : `COCO not found at ${coco} (benchmark data is local only)`;

interface Results {
  results: { model: string; metrics: { bleu: Record<string, number>; selfBleu: Record<string, number> }; likelihood: { perplexity: number } | null }[];
}

describe('textforge compare', () => {
  let dir: string;
  let train: string;
  let test: string;

  before(async () => {
    dir = await tempDir('tf-compare-');
    train = await writeToyCorpus(join(dir, 'train.txt'), 1200, 1);
    test = await writeToyCorpus(join(dir, 'test.txt'), 300, 2);
  });

  it('trains every model under the budget and writes report.md, report.html, plots and results.json', async (t) => {
    const out = join(dir, 'report');
    const r = textforge(['compare', '--train', train, '--test', test, '--models', 'lm,seqvae,seqgan', '--budget', '5s', '--samples', '100', '--out', out, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as Results;
    assert.deepEqual(results.results.map((x) => x.model), ['lm', 'seqvae', 'seqgan']);
    for (const x of results.results) {
      // SeqGAN's small generator gets 60% of the budget for MLE, then gives likelihood up for reward: it only has to be finite
      assert.ok(x.likelihood !== null && x.likelihood.perplexity < (x.model === 'seqgan' ? 1000 : 38), `${x.model} perplexity ${x.likelihood?.perplexity}`);
      for (const v of [...Object.values(x.metrics.bleu), ...Object.values(x.metrics.selfBleu)]) assert.ok(v >= 0 && v <= 1);
    }
    const markdown = await readFile(join(out, 'report.md'), 'utf8');
    assert.match(markdown, /\| seqvae \|/);
    assert.match(markdown, /\| seqgan \|/);
    assert.match(markdown, /plots\/.*\.svg/);
    if (!chromiumSkip) {
      const screenshot = join(out, 'report.png');
      await checkReportInChromium(join(out, 'report.html'), 2, screenshot);
      t.diagnostic(`screenshot: ${screenshot}`);
    }
  });

  it('rejects an unknown model before training anything', () => {
    const r = textforge(['compare', '--train', train, '--test', test, '--models', 'lm,gpt5', '--out', join(dir, 'never')]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr.trim(), /^textforge: compare: unknown model 'gpt5'; available: lm, lm-gru, lm-transformer, seqvae, seqgan$/);
    assert.equal(existsSync(join(dir, 'never', 'runs')), false);
  });

  it('eval-text scores any files with the same metrics as the library', async () => {
    const r = textforge(['eval-text', '--hyp', test, '--ref', train, '--train', train, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const read = async (path: string) => (await readFile(path, 'utf8')).trim().split('\n').map((l) => tokenize(l, { kind: 'word', lowercase: true }));
    const expected = textMetrics(await read(test), await read(train), await read(train));
    assert.deepEqual(JSON.parse(r.stdout), JSON.parse(JSON.stringify(expected)));
  });

  it('on COCO with a short budget, the report opens in Chromium with every plot rendered', { skip: cocoSkip || chromiumSkip, timeout: 600_000 }, async (t) => {
    const out = join(dir, 'coco');
    const r = textforge(['compare', '--train', join(coco, 'image_coco.txt'), '--test', join(coco, 'test_coco.txt'), '--models', 'lm,lm-transformer', '--budget', '20s', '--samples', '1000', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    const screenshot = join(out, 'report.png');
    await checkReportInChromium(join(out, 'report.html'), 2, screenshot);
    t.diagnostic(`COCO report: ${join(out, 'report.html')}; screenshot: ${screenshot}`);
  });
});
