// The README's main command: the demo trains, improves, samples reproducibly, and bad flags fail with one line.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { runDemo } from '../../src/cli/demo.js';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');

describe('textforge demo', () => {
  it('learns the grammar and samples the same sentences for the same seed', async () => {
    const quiet = () => undefined;
    const a = await runDemo({ steps: 200, batchSize: 32, seed: 5, log: quiet });
    const b = await runDemo({ steps: 200, batchSize: 32, seed: 5, log: quiet });
    // a uniform model over the 38-word vocabulary has perplexity 38
    assert.ok(a.validPerplexity < 8, `valid perplexity ${a.validPerplexity}`);
    assert.deepEqual(b.samples, a.samples);
    assert.equal(a.samples.length, 5);
    assert.ok(a.samples.every((s) => s.length > 0 && !s.includes('<pad>') && !s.includes('<bos>')));
  });

  for (const [args, message] of [
    [['demo', '--steps', 'abc'], /--steps must be a positive integer, got 'abc'/],
    [['demo', '--bogus'], /unknown option '--bogus'/],
    [['nonsense'], /unknown command 'nonsense'/],
  ] as const) {
    it(`rejects ${args.join(' ')} with a one-line error and a non-zero exit`, () => {
      const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    });
  }
});
