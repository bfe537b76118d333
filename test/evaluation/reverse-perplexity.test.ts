// Reverse perplexity ranks sample sets: text from the real distribution scores far better than shuffled word salad.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { reversePerplexity } from '../../src/evaluation/reverse-perplexity.js';
import { Rng } from '../../src/engine/random.js';
import { toySentences } from '../../src/data/toy-grammar.js';
import { tempDir, writeToyCorpus } from '../helpers/cli.js';
import { quietProgress } from '../helpers/progress.js';

describe('reverse perplexity', () => {
  it('is low for samples from the test distribution and high for word salad', async () => {
    const dir = await tempDir('tf-rppl-');
    const testFile = await writeToyCorpus(join(dir, 'test.txt'), 200, 3);
    const good = toySentences(600, new Rng(4));
    const rng = new Rng(5);
    const words = good.flat();
    const salad = good.map((s) => s.map(() => words[rng.int(0, words.length)]));
    // a fixed number of epochs (8: good ~5, salad ~25), not a time budget, so a busy machine gives the same result
    const quiet = quietProgress();
    const options = (name: string) => ({ testFile, workDir: join(dir, name), budgetMs: 120_000, epochs: 8, seed: 1, tokenizer: 'word' as const, lowercase: true, progress: quiet });
    const fromGood = await reversePerplexity(good, options('good'));
    const fromSalad = await reversePerplexity(salad, options('salad'));
    assert.ok(fromGood.perplexity < 10, `good samples: ${fromGood.perplexity}`);
    assert.ok(fromSalad.perplexity > 2 * fromGood.perplexity, `salad ${fromSalad.perplexity} vs good ${fromGood.perplexity}`);
    await assert.rejects(reversePerplexity(good.slice(0, 5), options('few')), /at least 20 sentences/);
  });
});
