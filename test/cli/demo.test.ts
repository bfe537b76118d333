// The README's main command: `textforge demo` trains on the built-in corpus within its time budget and prints samples.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { textforge, tempDir } from '../helpers/cli.js';

describe('textforge demo', () => {
  it('trains on the built-in Brown corpus, scores the test split and samples', async () => {
    const out = join(await tempDir('tf-demo-'), 'demo');
    const r = textforge(['demo', '--time-budget', '15s', '--out', out, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { summary: { stoppedBy: string }; test: { perplexity: number; sentences: number }; samples: string[] };
    assert.equal(result.summary.stoppedBy, 'time-budget');
    assert.ok(result.test.sentences > 2000, `${result.test.sentences} test sentences`);
    // a uniform model over the 10,000-word vocabulary has perplexity 10,000; seconds of training halve it at least
    assert.ok(result.test.perplexity < 5000, `test perplexity ${result.test.perplexity}`);
    assert.equal(result.samples.length, 5);
    assert.ok(result.samples.every((s) => s.length > 0));
  });

  it('rejects bad flags with one line and a non-zero exit', () => {
    for (const [args, message] of [
      [['demo', '--time-budget', 'soon'], /--time-budget must be a duration such as 90s, 20m or 1h, got 'soon'/],
      [['demo', '--bogus'], /unknown option '--bogus'/],
      [['nonsense'], /unknown command 'nonsense'/],
    ] as const) {
      const r = textforge(args);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
