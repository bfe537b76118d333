// Sentence-level batching: length-bucketed, per-epoch seeded batches of padded (B, T) token ids with target masks.
import { Rng } from '../engine/random.js';
import { BOS, EOS } from './vocab.js';

/** One training batch, row-major (B, T): inputs x, targets y (x shifted by one), and 1 where y is a real target. */
export interface Batch {
  x: Int32Array;
  y: Int32Array;
  mask: Float32Array;
  shape: [number, number];
  /** The number of real targets (the sum of mask). */
  tokens: number;
}

export interface SentenceBatchOptions {
  /** B: rows per batch; a short final batch is padded to B with fully masked rows. */
  batchSize: number;
  /** Padded lengths are multiples of this (default 8), so only a few distinct shapes (compiled sessions) occur. */
  bucketWidth?: number;
  /** The longest sentence in tokens; T is at most maxLen + 1. */
  maxLen: number;
}

/** A batch before materializing: which sentences, and the padded shape (rows, length). */
export interface SentenceBatch {
  /** Indices into the encoded sentences, one per real row. */
  sentences: number[];
  /** T: the smallest multiple of bucketWidth >= the longest sentence + 1, capped at maxLen + 1. */
  length: number;
  /** B: always batchSize; rows past sentences.length are padding. */
  rows: number;
}

function requirePositiveInteger(where: string, what: string, value: number): void {
  if (!(Number.isSafeInteger(value) && value > 0)) throw new RangeError(`${where}: ${what} must be a positive integer, got ${value}`);
}

/** T for a sentence of `tokens` tokens: room for the tokens plus <bos>/<eos>, rounded up to the bucket width. */
export function paddedLength(tokens: number, bucketWidth: number, maxLen: number): number {
  return Math.min(Math.ceil((tokens + 1) / bucketWidth) * bucketWidth, maxLen + 1);
}

/**
 * The batches of one pass over `encoded`: sentences grouped into buckets by padded length, buckets in increasing
 * length, then cut into runs of batchSize, so each batch holds sentences of similar length and only the last batch of the
 * pass is short. With `shuffle`, each bucket's sentences are shuffled first (in increasing bucket order) so batches
 * differ between epochs; without it, each bucket keeps index order.
 */
export function sentenceBatches(encoded: readonly Int32Array[], options: SentenceBatchOptions, shuffle?: Rng): SentenceBatch[] {
  const { batchSize, maxLen } = options;
  const bucketWidth = options.bucketWidth ?? 8;
  requirePositiveInteger('sentenceBatches', 'batchSize', batchSize);
  requirePositiveInteger('sentenceBatches', 'bucketWidth', bucketWidth);
  requirePositiveInteger('sentenceBatches', 'maxLen', maxLen);
  const buckets = new Map<number, number[]>();
  encoded.forEach((sentence, index) => {
    if (sentence.length > maxLen) throw new RangeError(`sentenceBatches: sentence ${index} has ${sentence.length} tokens, more than maxLen ${maxLen}`);
    const length = paddedLength(sentence.length, bucketWidth, maxLen);
    const bucket = buckets.get(length);
    if (bucket === undefined) buckets.set(length, [index]);
    else bucket.push(index);
  });
  const lengths = [...buckets.keys()].sort((a, b) => a - b);
  const ordered = lengths.flatMap((length) => {
    const bucket = buckets.get(length) as number[];
    return shuffle === undefined ? bucket : shuffle.shuffle(bucket);
  });
  const plan: SentenceBatch[] = [];
  for (let start = 0; start < ordered.length; start += batchSize) {
    const sentences = ordered.slice(start, start + batchSize);
    const longest = sentences.reduce((most, index) => Math.max(most, encoded[index].length), 0);
    plan.push({ sentences, length: paddedLength(longest, bucketWidth, maxLen), rows: batchSize });
  }
  return plan;
}

/** The generator of one epoch: a function of (seed, epoch) alone, so a resumed run replays the same epoch exactly. */
function epochRng(seed: number, epoch: number): Rng {
  if (!(Number.isSafeInteger(epoch) && epoch >= 0)) throw new RangeError(`epochBatches: epoch must be an integer >= 0, got ${epoch}`);
  return new Rng(seed).fork(`epoch-${epoch}`);
}

/** The order in which an epoch visits the plan's batches: a permutation of plan indices from the epoch's 'order' fork. */
export function batchOrder(plan: readonly SentenceBatch[], epoch: number, seed: number): number[] {
  return Array.from(epochRng(seed, epoch).fork('order').permutation(plan.length));
}

/**
 * The batches of epoch `epoch`, in the order to train on them. The epoch's generator, new Rng(seed).fork(`epoch-${epoch}`),
 * shuffles sentences within buckets (its 'buckets' fork) and orders the batches (its 'order' fork, as batchOrder does).
 * Every sentence appears in exactly one batch.
 */
export function epochBatches(encoded: readonly Int32Array[], epoch: number, seed: number, options: SentenceBatchOptions): SentenceBatch[] {
  const plan = sentenceBatches(encoded, options, epochRng(seed, epoch).fork('buckets'));
  return batchOrder(plan, epoch, seed).map((index) => plan[index]);
}

/**
 * The tensors of a batch: row r is sentence w1..wn as x = <bos> w1..wn and y = w1..wn <eos>, then <pad> (id 0);
 * mask is 1 on the n + 1 real targets. Padding rows (a short final batch) are all <pad> with mask 0, so B never changes.
 */
export function materialize(batch: SentenceBatch, encoded: readonly Int32Array[]): Batch {
  const { rows, length } = batch;
  const x = new Int32Array(rows * length);
  const y = new Int32Array(rows * length);
  const mask = new Float32Array(rows * length);
  let tokens = 0;
  batch.sentences.forEach((index, row) => {
    const sentence = encoded[index];
    const n = sentence.length;
    if (n + 1 > length) throw new RangeError(`materialize: sentence ${index} has ${n} tokens, too many for padded length ${length}`);
    const offset = row * length;
    x[offset] = BOS;
    x.set(sentence, offset + 1);
    y.set(sentence, offset);
    y[offset + n] = EOS;
    mask.fill(1, offset, offset + n + 1);
    tokens += n + 1;
  });
  return { x, y, mask, shape: [rows, length], tokens };
}

/**
 * The sentence batches of a training set epoch by epoch: batch `index` of `epoch` is a pure function of
 * (seed, epoch, index), and each epoch's plan is computed once, however the batches are requested.
 */
export class SentenceEpochs {
  private plan: SentenceBatch[] = [];
  private planEpoch = -1;

  constructor(readonly encoded: readonly Int32Array[], readonly seed: number, readonly options: SentenceBatchOptions) {}

  get batchesPerEpoch(): number {
    return Math.ceil(this.encoded.length / this.options.batchSize);
  }

  batch(epoch: number, index: number): Batch {
    if (this.planEpoch !== epoch) {
      this.plan = epochBatches(this.encoded, epoch, this.seed, this.options);
      this.planEpoch = epoch;
    }
    return materialize(this.plan[index], this.encoded);
  }
}
