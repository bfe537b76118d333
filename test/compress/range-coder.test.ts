// The range coder: random symbol streams under random frequency tables round-trip exactly, costs stay near the ideal, and damage is caught.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';
import { CorruptStreamError, RangeDecoder, RangeEncoder, TOTAL_BITS_MAX } from '../../src/compress/range-coder.js';

interface Coded { cum: number; freq: number; total: number }

/** n symbols, each with its own random table: (cum, freq, total) of the chosen symbol, from skewed and flat tables. */
function randomSymbols(n: number, rng: Rng): Coded[] {
  const out: Coded[] = [];
  for (let i = 0; i < n; i++) {
    const total = rng.uniform() < 0.5 ? 2 ** TOTAL_BITS_MAX : rng.int(1, 2 ** TOTAL_BITS_MAX + 1);
    const kind = rng.int(0, 3);
    const freq = kind === 0 ? 1 : kind === 1 ? total : rng.int(1, total + 1); // rarest, certain, anything
    out.push({ cum: rng.int(0, total - freq + 1), freq, total });
  }
  return out;
}

function roundTrip(symbols: Coded[]): Uint8Array {
  const encoder = new RangeEncoder();
  for (const s of symbols) encoder.encode(s.cum, s.freq, s.total);
  const bytes = encoder.finish();
  const decoder = new RangeDecoder(bytes);
  for (const [i, s] of symbols.entries()) {
    const v = decoder.target(s.total);
    assert.ok(v >= s.cum && v < s.cum + s.freq, `symbol ${i}: target ${v} outside [${s.cum}, ${s.cum + s.freq})`);
    decoder.consume(s.cum, s.freq, s.total);
  }
  return bytes;
}

describe('range coder', () => {
  it('round-trips random streams of symbols, including certain (freq = total) and rarest (freq = 1) ones', () => {
    const rng = new Rng(11);
    for (const n of [0, 1, 2, 7, 100, 5000]) roundTrip(randomSymbols(n, rng));
  });

  it('codes within a few bytes of the ideal length sum(log2(total / freq))', () => {
    const rng = new Rng(12);
    const symbols = randomSymbols(20000, rng);
    const ideal = symbols.reduce((bits, s) => bits + Math.log2(s.total / s.freq), 0) / 8;
    const bytes = roundTrip(symbols);
    assert.ok(bytes.length <= ideal * 1.0001 + 8, `${bytes.length} bytes for an ideal ${ideal.toFixed(1)}`);
    assert.ok(bytes.length >= ideal - 1, `${bytes.length} bytes is below the ideal ${ideal.toFixed(1)}: not a valid code`);
  });

  it('propagates carries through long runs of 0xFF bytes', () => {
    // symbols at the very top of the range push low's top byte to 0xFF again and again, then a carry ripples through
    const symbols: Coded[] = [];
    for (let i = 0; i < 3000; i++) symbols.push({ cum: 2 ** 24 - 2, freq: 1, total: 2 ** 24 }, { cum: 0, freq: 2 ** 24 - 1, total: 2 ** 24 });
    for (let i = 0; i < 200; i++) symbols.push({ cum: 2 ** 24 - 1, freq: 1, total: 2 ** 24 });
    roundTrip(symbols);
  });

  it('refuses a stream that is too short or does not start with the zero byte, and bad symbols', () => {
    assert.throws(() => new RangeDecoder(new Uint8Array(3)), CorruptStreamError);
    assert.throws(() => new RangeDecoder(Uint8Array.from([1, 0, 0, 0, 0, 0, 0])), CorruptStreamError);
    const encoder = new RangeEncoder();
    assert.throws(() => encoder.encode(0, 0, 10), /freq/);
    assert.throws(() => encoder.encode(5, 6, 10), /cum \+ freq <= total/);
    assert.throws(() => encoder.encode(0, 1, 2 ** 25), /total/);
  });
});
