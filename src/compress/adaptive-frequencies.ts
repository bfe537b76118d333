// Small adaptive frequency models for side information (separators, case, spellings): counts start at 1, grow by 32 per use and halve past a limit.
import type { RangeDecoder, RangeEncoder } from './range-coder.js';

const INCREMENT = 32;
const LIMIT = 1 << 16;

/** An adaptive model over n symbols, its counts the same on both sides after the same symbols. */
export class AdaptiveFrequencies {
  private readonly counts: Uint32Array;
  private total: number;

  constructor(readonly n: number) {
    this.counts = new Uint32Array(n).fill(1);
    this.total = n;
  }

  private cumOf(s: number): number {
    let cum = 0;
    for (let i = 0; i < s; i++) cum += this.counts[i];
    return cum;
  }

  private update(s: number): void {
    this.counts[s] += INCREMENT;
    this.total += INCREMENT;
    if (this.total > LIMIT) {
      this.total = 0;
      for (let i = 0; i < this.n; i++) {
        this.counts[i] = (this.counts[i] + 1) >>> 1;
        this.total += this.counts[i];
      }
    }
  }

  encode(encoder: RangeEncoder, s: number): void {
    if (!(Number.isInteger(s) && s >= 0 && s < this.n)) throw new RangeError(`AdaptiveFrequencies: symbol ${s} outside [0, ${this.n})`);
    encoder.encode(this.cumOf(s), this.counts[s], this.total);
    this.update(s);
  }

  decode(decoder: RangeDecoder): number {
    const target = decoder.target(this.total);
    let s = 0;
    let cum = 0;
    while (cum + this.counts[s] <= target) cum += this.counts[s++];
    decoder.consume(cum, this.counts[s], this.total);
    this.update(s);
    return s;
  }
}

/** One adaptive model per context: `contexts` models over n symbols each. */
export class ContextFrequencies {
  private readonly models: AdaptiveFrequencies[];

  constructor(contexts: number, n: number) {
    this.models = Array.from({ length: contexts }, () => new AdaptiveFrequencies(n));
  }

  encode(encoder: RangeEncoder, context: number, s: number): void {
    this.models[context].encode(encoder, s);
  }

  decode(decoder: RangeDecoder, context: number): number {
    return this.models[context].decode(decoder);
  }
}
