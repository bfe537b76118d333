// Stream batching for truncated backpropagation through time: all sentences as one token stream cut into B contiguous columns.
import { DataError } from './data-error.js';
import type { Batch } from './batches.js';
import { EOS } from './vocab.js';

export interface StreamBatchOptions {
  /** B: the number of columns (parallel streams). */
  batchSize: number;
  /** The chunk length in time steps. */
  bptt: number;
}

/**
 * The chunks of one pass, as PyTorch's word_language_model makes them: the stream (each sentence followed by <eos>) is
 * cut into B columns of L = floor(N / B) tokens (the last N - B*L tokens are dropped), and chunk i holds positions
 * i*bptt .. i*bptt + bptt - 1 of every column as x and the next position as y. Column b continues in the same row of
 * the next chunk, so the recurrent state carries over. The final chunk, when fewer than bptt positions remain, is padded
 * with <pad> and mask 0 so every chunk has the static shape (B, bptt).
 */
export class StreamBatches {
  /** L: the tokens in each column. */
  readonly columnLength: number;
  /** How many chunks one pass has: ceil((L - 1) / bptt), since the last position of a column is only a target. */
  readonly streamChunkCount: number;

  constructor(
    private readonly stream: Int32Array,
    readonly batchSize: number,
    readonly bptt: number,
  ) {
    for (const [what, value] of [['batchSize', batchSize], ['bptt', bptt]] as const) {
      if (!(Number.isSafeInteger(value) && value > 0)) throw new RangeError(`streamBatches: ${what} must be a positive integer, got ${value}`);
    }
    if (stream.length < 2 * batchSize) {
      throw new DataError(`data: the token stream has ${stream.length} tokens, too few for ${batchSize} columns of at least 2 tokens (lower the batch size)`);
    }
    this.columnLength = Math.floor(stream.length / batchSize);
    this.streamChunkCount = Math.ceil((this.columnLength - 1) / bptt);
  }

  /** Chunk `index` (0 .. streamChunkCount - 1); any chunk can be made directly, so a resumed run starts where it stopped. */
  streamChunk(index: number): Batch {
    if (!(Number.isSafeInteger(index) && index >= 0 && index < this.streamChunkCount)) {
      throw new RangeError(`StreamBatches.streamChunk: index must be an integer in [0, ${this.streamChunkCount}), got ${index}`);
    }
    const { batchSize, bptt, columnLength, stream } = this;
    const start = index * bptt;
    const steps = Math.min(bptt, columnLength - 1 - start);
    const x = new Int32Array(batchSize * bptt);
    const y = new Int32Array(batchSize * bptt);
    const mask = new Float32Array(batchSize * bptt);
    for (let column = 0; column < batchSize; column++) {
      const from = column * columnLength + start;
      const row = column * bptt;
      x.set(stream.subarray(from, from + steps), row);
      y.set(stream.subarray(from + 1, from + 1 + steps), row);
      mask.fill(1, row, row + steps);
    }
    return { x, y, mask, shape: [batchSize, bptt], tokens: batchSize * steps };
  }
}

/** All sentences, each followed by <eos>, as one stream. */
export function concatenateWithEos(encoded: readonly Int32Array[]): Int32Array {
  const total = encoded.reduce((sum, sentence) => sum + sentence.length + 1, 0);
  const stream = new Int32Array(total);
  let position = 0;
  for (const sentence of encoded) {
    stream.set(sentence, position);
    position += sentence.length;
    stream[position] = EOS;
    position += 1;
  }
  return stream;
}

/** The stream batches of `encoded`; a stream with fewer than two tokens per column is a DataError. */
export function streamBatches(encoded: readonly Int32Array[], options: StreamBatchOptions): StreamBatches {
  return new StreamBatches(concatenateWithEos(encoded), options.batchSize, options.bptt);
}
