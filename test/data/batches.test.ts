// Tests for the batchers: shapes, the x/y shift and masks, every sentence once per epoch, seeded per-epoch order, bucket widths, and stream chunks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { batchOrder, epochBatches, materialize, sentenceBatches, type SentenceBatchOptions } from '../../src/data/batches.js';
import { concatenateWithEos, streamBatches } from '../../src/data/stream-batches.js';
import { BOS, EOS, PAD } from '../../src/data/vocab.js';
import { DataError } from '../../src/data/data-error.js';
import { Rng } from '../../src/engine/random.js';

/** `count` seeded sentences of 0 .. maxLen token ids in [4, 50); the first token of sentence i is 4 + (i mod 46) for tracing. */
function randomSentences(count: number, maxLen: number, seed: number): Int32Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const sentence = new Int32Array(rng.int(0, maxLen + 1));
    for (let i = 0; i < sentence.length; i++) sentence[i] = rng.int(4, 50);
    return sentence;
  });
}

const OPTIONS: SentenceBatchOptions = { batchSize: 16, bucketWidth: 8, maxLen: 40 }; // the cap, 41, is never reached
const SENTENCES = randomSentences(203, 30, 11);

function row<T extends Int32Array | Float32Array>(data: T, r: number, length: number): number[] {
  return Array.from(data.subarray(r * length, (r + 1) * length));
}

describe('sentence batches', () => {
  it('materializes x = <bos> w, y = w <eos>, a mask on the n + 1 targets, and pads with <pad>', () => {
    const encoded = [Int32Array.from([5, 6, 7]), Int32Array.from([9])];
    const [batch] = sentenceBatches(encoded, { batchSize: 3, bucketWidth: 4, maxLen: 10 });
    assert.deepEqual(batch.sentences, [0, 1]);
    const { x, y, mask, shape, tokens } = materialize(batch, encoded);
    assert.deepEqual(shape, [3, 4]);
    assert.deepEqual(row(x, 0, 4), [BOS, 5, 6, 7]);
    assert.deepEqual(row(y, 0, 4), [5, 6, 7, EOS]);
    assert.deepEqual(row(mask, 0, 4), [1, 1, 1, 1]);
    assert.deepEqual(row(x, 1, 4), [BOS, 9, PAD, PAD]);
    assert.deepEqual(row(y, 1, 4), [9, EOS, PAD, PAD]);
    assert.deepEqual(row(mask, 1, 4), [1, 1, 0, 0]);
    assert.deepEqual(row(x, 2, 4), [PAD, PAD, PAD, PAD], 'padding row');
    assert.deepEqual(row(mask, 2, 4), [0, 0, 0, 0]);
    assert.equal(tokens, 6);
    assert.ok(x instanceof Int32Array && y instanceof Int32Array && mask instanceof Float32Array);
  });

  it('caps the padded length at maxLen + 1 and rejects sentences over maxLen', () => {
    const encoded = [new Int32Array(10).fill(4)];
    assert.equal(sentenceBatches(encoded, { batchSize: 2, bucketWidth: 8, maxLen: 10 })[0].length, 11);
    assert.throws(() => sentenceBatches(encoded, { batchSize: 2, maxLen: 9 }), /sentence 0 has 10 tokens, more than maxLen 9/u);
    assert.throws(() => sentenceBatches(encoded, { batchSize: 0, maxLen: 9 }), /batchSize must be a positive integer, got 0/u);
  });

  it('every batch has shape (B, T) with T a multiple of bucketWidth fitting its longest sentence + 1, and y is x shifted by one', () => {
    for (const batch of epochBatches(SENTENCES, 0, 1, OPTIONS)) {
      const longest = Math.max(...batch.sentences.map((i) => SENTENCES[i].length));
      assert.equal(batch.length % 8, 0);
      assert.ok(batch.length >= longest + 1 && batch.length < longest + 1 + 8);
      const { x, y, mask, shape, tokens } = materialize(batch, SENTENCES);
      assert.deepEqual(shape, [16, batch.length]);
      let maskSum = 0;
      batch.sentences.forEach((index, r) => {
        const n = SENTENCES[index].length;
        const xs = row(x, r, batch.length);
        const ys = row(y, r, batch.length);
        assert.deepEqual(xs.slice(1, n + 1), ys.slice(0, n), 'y is x shifted by one');
        assert.deepEqual(ys.slice(0, n), Array.from(SENTENCES[index]));
        assert.equal(xs[0], BOS);
        assert.equal(ys[n], EOS);
      });
      for (const m of mask) maskSum += m;
      assert.equal(tokens, maskSum);
    }
  });

  it('groups sentences of similar length: at most one short batch per epoch', () => {
    const batches = epochBatches(SENTENCES, 0, 1, OPTIONS);
    assert.equal(batches.length, Math.ceil(203 / 16));
    assert.equal(batches.filter((b) => b.sentences.length < 16).length, 1);
    for (const batch of batches) {
      const lengths = batch.sentences.map((i) => SENTENCES[i].length);
      assert.ok(Math.max(...lengths) - Math.min(...lengths) <= 15, `lengths ${lengths.join(',')}`);
    }
  });

  it('visits every sentence exactly once per epoch', () => {
    for (const epoch of [0, 1, 7]) {
      const seen = epochBatches(SENTENCES, epoch, 5, OPTIONS).flatMap((b) => b.sentences);
      assert.deepEqual([...seen].sort((a, b) => a - b), SENTENCES.map((_, i) => i));
    }
  });

  it('the same (seed, epoch) replays the same batches; other epochs and seeds differ', () => {
    const a = epochBatches(SENTENCES, 3, 42, OPTIONS);
    assert.deepEqual(epochBatches(SENTENCES, 3, 42, OPTIONS), a);
    assert.notDeepEqual(epochBatches(SENTENCES, 4, 42, OPTIONS), a);
    assert.notDeepEqual(epochBatches(SENTENCES, 3, 43, OPTIONS), a);
    const contents = (batches: typeof a): string[] => batches.map((b) => [...b.sentences].sort((x, y) => x - y).join(',')).sort();
    assert.notDeepEqual(contents(epochBatches(SENTENCES, 4, 42, OPTIONS)), contents(a), 'sentences are regrouped, not only reordered');
  });

  it('batchOrder is the permutation epochBatches applies to the epoch plan', () => {
    const plan = sentenceBatches(SENTENCES, OPTIONS, new Rng(42).fork('epoch-3').fork('buckets'));
    const order = batchOrder(plan, 3, 42);
    assert.deepEqual([...order].sort((a, b) => a - b), plan.map((_, i) => i));
    assert.deepEqual(order.map((i) => plan[i]), epochBatches(SENTENCES, 3, 42, OPTIONS));
    assert.notDeepEqual(batchOrder(plan, 4, 42), order);
    assert.throws(() => batchOrder(plan, -1, 42), /epoch must be an integer >= 0/u);
  });
});

describe('stream batches', () => {
  const encoded = randomSentences(40, 12, 9);
  const stream = concatenateWithEos(encoded);

  it('concatenates sentences each followed by <eos>', () => {
    const small = concatenateWithEos([Int32Array.from([5, 6]), Int32Array.from([]), Int32Array.from([7])]);
    assert.deepEqual(Array.from(small), [5, 6, EOS, EOS, 7, EOS]);
  });

  it('chunks cover each column in order, y is x shifted by one, and the final chunk is padded with mask 0', () => {
    const B = 4;
    const bptt = 7;
    const batches = streamBatches(encoded, { batchSize: B, bptt });
    const L = Math.floor(stream.length / B);
    assert.equal(batches.columnLength, L);
    assert.equal(batches.streamChunkCount, Math.ceil((L - 1) / bptt));
    const xs: number[][] = Array.from({ length: B }, () => []);
    const ys: number[][] = Array.from({ length: B }, () => []);
    let tokens = 0;
    for (let i = 0; i < batches.streamChunkCount; i++) {
      const chunk = batches.streamChunk(i);
      assert.deepEqual(chunk.shape, [B, bptt]);
      tokens += chunk.tokens;
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < bptt; t++) {
          const at = b * bptt + t;
          if (chunk.mask[at] === 1) {
            xs[b].push(chunk.x[at]);
            ys[b].push(chunk.y[at]);
          } else {
            assert.equal(i, batches.streamChunkCount - 1, 'only the final chunk has padding');
            assert.deepEqual([chunk.x[at], chunk.y[at]], [PAD, PAD]);
          }
        }
      }
    }
    for (let b = 0; b < B; b++) {
      const column = Array.from(stream.subarray(b * L, (b + 1) * L));
      assert.deepEqual(xs[b], column.slice(0, L - 1));
      assert.deepEqual(ys[b], column.slice(1));
    }
    assert.equal(tokens, B * (L - 1));
  });

  it('any chunk can be made directly (resume) and equals the one made in sequence', () => {
    const batches = streamBatches(encoded, { batchSize: 3, bptt: 5 });
    const again = streamBatches(encoded, { batchSize: 3, bptt: 5 });
    assert.deepEqual(again.streamChunk(4), batches.streamChunk(4));
    assert.throws(() => batches.streamChunk(batches.streamChunkCount), RangeError);
  });

  it('rejects a stream too short for the batch size', () => {
    assert.throws(() => streamBatches([Int32Array.from([5, 6])], { batchSize: 4, bptt: 2 }), DataError);
    assert.throws(() => streamBatches(encoded, { batchSize: 2, bptt: 0 }), /bptt must be a positive integer, got 0/u);
  });
});
