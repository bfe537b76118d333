// Prefix decoding's bookkeeping (decoding against teacher forcing is tested once, in test/nn/token-decoder.test.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendColumn, prefixWindow, type Prefixes } from '../../src/decode/prefix-window.js';

describe('prefix windows', () => {
  it('appends one token per row and pads each step to a multiple of 16 positions', () => {
    let prefixes: Prefixes = { length: 0, tokens: new Int32Array(0) };
    prefixes = appendColumn(prefixes, Int32Array.of(5, 6));
    prefixes = appendColumn(prefixes, Int32Array.of(7, 8));
    assert.deepEqual(prefixes, { length: 2, tokens: Int32Array.of(5, 7, 6, 8) });
    const { window, mask, lastRow, T } = prefixWindow(prefixes, 2, 100);
    assert.equal(T, 16);
    assert.deepEqual(Array.from(window.subarray(0, 3)), [5, 7, 0]);
    assert.deepEqual(Array.from(window.subarray(16, 19)), [6, 8, 0]);
    assert.equal(mask.reduce((s, v) => s + v, 0), 4);
    assert.deepEqual(Array.from(lastRow), [1, 17]);
    assert.equal(prefixWindow(prefixes, 2, 10).T, 10); // capped at maxLength
  });
});
