// The fixed-point frequency rule: tables sum to 2^24 exactly, every symbol keeps frequency >= 1, and the cost tracks -log2 p.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';
import { FREQUENCY_TOTAL, frequencyTable, symbolAt, symbolBits } from '../../src/compress/frequencies.js';

function softmaxRow(logits: number[]): Float32Array {
  const max = Math.max(...logits);
  const e = logits.map((x) => Math.exp(x - max));
  const s = e.reduce((a, b) => a + b, 0);
  return Float32Array.from(e, (x) => x / s);
}

describe('frequency tables', () => {
  it('sum to 2^24 with every frequency >= 1, for flat, peaked, degenerate and random rows', () => {
    const rng = new Rng(3);
    const rows = [
      new Float32Array(260).fill(1 / 260),
      softmaxRow(Array.from({ length: 260 }, (_, i) => (i === 17 ? 40 : 0))),
      Float32Array.from({ length: 260 }, (_, i) => (i === 5 ? 1 : 0)),
      Float32Array.from({ length: 260 }, () => Number.NaN),
      Float32Array.from({ length: 260 }, (_, i) => (i === 0 ? 1.000001 : 1e-9)),
      ...Array.from({ length: 20 }, () => softmaxRow(Array.from({ length: 260 }, () => 6 * rng.normal()))),
    ];
    for (const row of rows) {
      const t = frequencyTable(row, 0, row.length);
      assert.equal(t.cum[row.length], FREQUENCY_TOTAL);
      assert.ok(t.freq.every((f) => f >= 1));
      for (let i = 0; i < row.length; i++) assert.equal(t.cum[i + 1] - t.cum[i], t.freq[i]);
    }
  });

  it('costs each symbol within 0.001 bits of -log2 p for p >= 2^-10, and finds symbols by cumulative frequency', () => {
    const rng = new Rng(4);
    const row = softmaxRow(Array.from({ length: 260 }, () => 3 * rng.normal()));
    const t = frequencyTable(row, 0, 260);
    for (let s = 0; s < 260; s++) {
      if (row[s] >= 2 ** -10) assert.ok(Math.abs(symbolBits(t, s) + Math.log2(row[s])) < 1e-3, `symbol ${s}`);
      assert.equal(symbolAt(t, t.cum[s]), s);
      assert.equal(symbolAt(t, t.cum[s + 1] - 1), s);
    }
  });

  it('reads a row at an offset of a (lanes, V) table, the same table as the row alone', () => {
    const rng = new Rng(5);
    const table = Float32Array.from({ length: 3 * 10 }, () => rng.uniform() / 5);
    const alone = frequencyTable(table.slice(10, 20), 0, 10);
    const offset = frequencyTable(table, 10, 10);
    assert.deepEqual(offset.freq, alone.freq);
  });
});
