// A range coder over 48-bit integer arithmetic in doubles (exact below 2^53): symbols with integer frequencies in, bytes out, and back.
import { ByteBuilder } from './byte-builder.js';

/** Frequency totals may be at most 2^TOTAL_BITS_MAX: the coder keeps at least 2^16 of resolution per unit of frequency. */
export const TOTAL_BITS_MAX = 24;

const TOP = 2 ** 48; // the range never exceeds TOP; low stays below 2 * TOP (TOP and above is a carry)
const BOTTOM = 2 ** 40; // the range is renormalised (a byte shifted out) whenever it falls below BOTTOM
const BYTE_SHIFT = 2 ** 40; // the top byte of a 48-bit value is floor(value / 2^40)

function checkSymbol(cum: number, freq: number, total: number): void {
  if (!(Number.isSafeInteger(total) && total >= 1 && total <= 2 ** TOTAL_BITS_MAX)) throw new RangeError(`range coder: total must be an integer in [1, 2^${TOTAL_BITS_MAX}], got ${total}`);
  if (!(Number.isSafeInteger(freq) && freq >= 1 && Number.isSafeInteger(cum) && cum >= 0 && cum + freq <= total)) {
    throw new RangeError(`range coder: a symbol needs 0 <= cum, 1 <= freq and cum + freq <= total, got cum ${cum}, freq ${freq}, total ${total}`);
  }
}

/**
 * The encoder (the carry-propagating scheme of LZMA's coder, widened from 32 to 48 bits): each symbol narrows
 * [low, low + range) to the share cum/total .. (cum + freq)/total of it; the pending 0xFF bytes absorb a carry.
 */
export class RangeEncoder {
  private low = 0;
  private range = TOP;
  private cache = 0;
  private pending = 1; // the cache byte itself, then that many - 1 bytes of 0xFF
  private readonly out = new ByteBuilder(1 << 16);
  private finished = false;

  /** Codes one symbol: its cumulative frequency `cum`, its frequency `freq` (>= 1) and the table's `total`. */
  encode(cum: number, freq: number, total: number): void {
    checkSymbol(cum, freq, total);
    const r = Math.floor(this.range / total);
    this.low += r * cum;
    this.range = r * freq;
    while (this.range < BOTTOM) {
      this.range *= 256;
      this.shiftLow();
    }
  }

  private shiftLow(): void {
    if (this.low < 0xff * BYTE_SHIFT || this.low >= TOP) {
      const carry = this.low >= TOP ? 1 : 0;
      let byte = this.cache;
      for (; this.pending > 0; this.pending--) {
        this.out.push((byte + carry) & 0xff);
        byte = 0xff;
      }
      this.cache = Math.floor((this.low % TOP) / BYTE_SHIFT);
    }
    this.pending += 1;
    this.low = (this.low % BYTE_SHIFT) * 256;
  }

  /** Flushes the state and returns every byte written. */
  finish(): Uint8Array {
    if (!this.finished) {
      for (let i = 0; i < 7; i++) this.shiftLow(); // the cache byte and all 6 bytes of low
      this.finished = true;
    }
    return this.out.result();
  }
}

/** Thrown when coded bytes cannot be what an encoder wrote (the stream ran out, or a value falls outside every symbol). */
export class CorruptStreamError extends Error {}

/** The decoder: reads what RangeEncoder wrote, given the same frequency tables in the same order. */
export class RangeDecoder {
  private code = 0;
  private range = TOP;
  private position = 0;
  private r = 0;

  constructor(private readonly bytes: Uint8Array) {
    if (bytes.length < 7) throw new CorruptStreamError(`coded stream is ${bytes.length} bytes, shorter than the coder's 7-byte minimum`);
    if (bytes[0] !== 0) throw new CorruptStreamError('coded stream does not start with the coder\'s zero byte');
    this.position = 1;
    for (let i = 0; i < 6; i++) this.code = this.code * 256 + this.nextByte();
  }

  /** Past-the-end bytes read as 0 (the encoder's flush wrote all that matter); more than 8 past the end is corruption. */
  private nextByte(): number {
    const p = this.position++;
    if (p < this.bytes.length) return this.bytes[p];
    if (p > this.bytes.length + 8) throw new CorruptStreamError('coded stream ended early');
    return 0;
  }

  /** How many bytes of the stream have been read. */
  get consumed(): number {
    return Math.min(this.position, this.bytes.length);
  }

  /** The value in [0, total) that names the next symbol: find the symbol whose [cum, cum + freq) holds it, then call consume. */
  target(total: number): number {
    if (!(Number.isSafeInteger(total) && total >= 1 && total <= 2 ** TOTAL_BITS_MAX)) throw new RangeError(`range coder: total must be an integer in [1, 2^${TOTAL_BITS_MAX}], got ${total}`);
    this.r = Math.floor(this.range / total);
    const value = Math.floor(this.code / this.r);
    if (value >= total) throw new CorruptStreamError('coded stream holds a value outside every symbol');
    return value;
  }

  /** Removes the symbol found for the last target(). */
  consume(cum: number, freq: number, total: number): void {
    checkSymbol(cum, freq, total);
    this.code -= this.r * cum;
    this.range = this.r * freq;
    if (this.code < 0 || this.code >= this.range) throw new CorruptStreamError('coded stream holds a value outside the decoded symbol');
    while (this.range < BOTTOM) {
      this.range *= 256;
      this.code = this.code * 256 + this.nextByte();
    }
  }
}
