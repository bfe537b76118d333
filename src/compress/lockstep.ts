// Codes several lanes of symbols in lockstep: one batched model call per position, each lane's symbol coded in lane order, the same calls on both sides.
import { frequencyTable, FREQUENCY_TOTAL, symbolAt, symbolBits, type FrequencyTable } from './frequencies.js';
import { CorruptStreamError, RangeDecoder, RangeEncoder } from './range-coder.js';
import type { CodedBlock, SymbolPredictor } from './predictor.js';

/** What a lane is fed before its first symbol, and after its last (while other lanes still code). */
export interface LaneTokens {
  start: number;
  idle: number;
}

/** Reports progress: positions done of the longest lane's. */
export type LockstepProgress = (done: number, total: number) => void;

class BlockRecorder {
  private readonly inputs: Int32Array;
  private readonly targets: Int32Array;
  private readonly mask: Float32Array;
  private filled = 0;

  constructor(private readonly lanes: number, private readonly T: number) {
    this.inputs = new Int32Array(lanes * T);
    this.targets = new Int32Array(lanes * T);
    this.mask = new Float32Array(lanes * T);
  }

  /** Records position `filled` of every lane: what it was fed, what it coded and whether it was coding. */
  record(fed: Int32Array, coded: Int32Array, active: Uint8Array): void {
    for (let l = 0; l < this.lanes; l++) {
      const at = l * this.T + this.filled;
      this.inputs[at] = fed[l];
      this.targets[at] = coded[l];
      this.mask[at] = active[l];
    }
    this.filled += 1;
  }

  get full(): boolean {
    return this.filled === this.T;
  }

  get empty(): boolean {
    return this.filled === 0;
  }

  /** The block so far (a final partial block is padded with mask 0) and a fresh start. */
  take(): CodedBlock {
    for (let l = 0; l < this.lanes; l++) this.mask.fill(0, l * this.T + this.filled, (l + 1) * this.T);
    this.filled = 0;
    return { inputs: this.inputs.slice(), targets: this.targets.slice(), mask: this.mask.slice(), T: this.T };
  }
}

/** Drives the predictor over max(lengths) positions; `code(lane, table, position)` codes or decodes that lane's symbol and returns it. */
async function lockstep(predictor: SymbolPredictor, lengths: readonly number[], tokens: LaneTokens, code: (lane: number, table: FrequencyTable, t: number) => number, progress?: LockstepProgress): Promise<void> {
  const { lanes, vocabSize: V } = predictor;
  if (lengths.length !== lanes) throw new RangeError(`lockstep: ${lengths.length} lane lengths for ${lanes} lanes`);
  const steps = Math.max(0, ...lengths);
  const fed = new Int32Array(lanes).fill(tokens.start);
  const coded = new Int32Array(lanes);
  const active = new Uint8Array(lanes);
  const table: FrequencyTable = { freq: new Uint32Array(V), cum: new Float64Array(V + 1) };
  const recorder = predictor.learn && predictor.blockLength ? new BlockRecorder(lanes, predictor.blockLength) : null;
  for (let t = 0; t < steps; t++) {
    const probs = await predictor.next(fed);
    for (let l = 0; l < lanes; l++) {
      active[l] = t < lengths[l] ? 1 : 0;
      coded[l] = active[l] ? code(l, frequencyTable(probs, l * V, V, table), t) : tokens.idle;
    }
    if (recorder) {
      recorder.record(fed, coded, active);
      if (recorder.full) await predictor.learn!(recorder.take());
    }
    fed.set(coded);
    if (progress && (t % 256 === 255 || t === steps - 1)) progress(t + 1, steps);
  }
  if (recorder && !recorder.empty) await predictor.learn!(recorder.take());
}

/** Side information coded in the same stream right after each symbol (the decoder's twin reads it back in the same place). */
export type EncodeAfter = (lane: number, t: number, encoder: RangeEncoder) => void;
export type DecodeAfter = (lane: number, t: number, symbol: number, decoder: RangeDecoder) => void;

/** Encodes each lane's symbols (and what `after` adds); returns the coded bytes and the model's total cost in bits (the ideal code length). */
export async function encodeLanes(predictor: SymbolPredictor, lanes: readonly Int32Array[], tokens: LaneTokens, progress?: LockstepProgress, after?: EncodeAfter): Promise<{ bytes: Uint8Array; bits: number }> {
  const encoder = new RangeEncoder();
  let bits = 0;
  await lockstep(predictor, lanes.map((lane) => lane.length), tokens, (l, table, t) => {
    const s = lanes[l][t];
    encoder.encode(table.cum[s], table.freq[s], FREQUENCY_TOTAL);
    bits += symbolBits(table, s);
    after?.(l, t, encoder);
    return s;
  }, progress);
  return { bytes: encoder.finish(), bits };
}

/** Decodes lanes of the given lengths from bytes encodeLanes wrote with the same predictor. */
export async function decodeLanes(predictor: SymbolPredictor, bytes: Uint8Array, lengths: readonly number[], tokens: LaneTokens, progress?: LockstepProgress, after?: DecodeAfter): Promise<Int32Array[]> {
  const decoder = new RangeDecoder(bytes);
  const lanes = lengths.map((n) => new Int32Array(n));
  await lockstep(predictor, lengths, tokens, (l, table, t) => {
    const s = symbolAt(table, decoder.target(FREQUENCY_TOTAL));
    decoder.consume(table.cum[s], table.freq[s], FREQUENCY_TOTAL);
    lanes[l][t] = s;
    after?.(l, t, s, decoder);
    return s;
  }, progress);
  if (decoder.consumed < bytes.length - 8) throw new CorruptStreamError(`coded stream has ${bytes.length - decoder.consumed} bytes after its last symbol`);
  return lanes;
}
