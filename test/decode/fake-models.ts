// Fake StepModels for the decoder tests: a bigram table whose answers are computable by hand, and models whose state is the token history.
import type { StepModel } from '../../src/decode/step-model.js';

/** Vocabulary shared by the fakes: <pad>, <bos>, <eos>, then three words. */
export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
export const A = 3;
export const B = 4;
export const C = 5;
export const V = 6;

/** What a fake model saw: the tokens of every step call and every selectRows call. */
export interface CallLog {
  steps: Int32Array[];
  selections: Int32Array[];
}

/** The float32 log of each probability, as a real model's log-softmax output would be stored. */
export function float32Logs(probs: readonly number[]): Float32Array {
  return Float32Array.from(probs, (p) => Math.log(p));
}

/** A model whose next-token distribution depends only on the last token: `table[last]` (rows are probability vectors of length V). */
export class BigramModel implements StepModel<Int32Array> {
  readonly vocabSize: number;
  readonly log: CallLog = { steps: [], selections: [] };
  private readonly logTable: Float32Array[];

  constructor(table: readonly (readonly number[])[]) {
    this.vocabSize = table.length;
    this.logTable = table.map((row) => float32Logs(row));
  }

  /** The model's float32 log-probability of `next` after `last`. */
  logProb(last: number, next: number): number {
    return this.logTable[last][next];
  }

  initialState(batch: number): Int32Array {
    return new Int32Array(batch).fill(-1);
  }

  async step(tokens: Int32Array, _state: Int32Array): Promise<{ logProbs: Float32Array; state: Int32Array }> {
    this.log.steps.push(tokens.slice());
    const logProbs = new Float32Array(tokens.length * this.vocabSize);
    tokens.forEach((token, b) => logProbs.set(this.logTable[token], b * this.vocabSize)); // (B, V) row b
    return { logProbs, state: tokens.slice() };
  }

  selectRows(state: Int32Array, rows: Int32Array): Int32Array {
    this.log.selections.push(rows.slice());
    return Int32Array.from(rows, (row) => state[row]);
  }
}

/** A model whose state is each row's full token history (starting with the first token fed) and whose distribution is any function of it. */
export class HistoryModel implements StepModel<number[][]> {
  readonly log: CallLog = { steps: [], selections: [] };
  /** The state after the most recent step, so tests can check what each row was fed. */
  lastState: number[][] = [];

  constructor(readonly vocabSize: number, private readonly distribution: (history: readonly number[]) => readonly number[]) {}

  /** The model's float32 log-probability of `next` after `history`. */
  logProb(history: readonly number[], next: number): number {
    return float32Logs(this.distribution(history))[next];
  }

  /** The summed log-probability of `continuation` after `history`, one float32 term at a time, as the decoders add them. */
  score(history: readonly number[], continuation: readonly number[]): number {
    let total = 0;
    const seen = [...history];
    for (const token of continuation) {
      total += this.logProb(seen, token);
      seen.push(token);
    }
    return total;
  }

  initialState(batch: number): number[][] {
    return Array.from({ length: batch }, () => []);
  }

  async step(tokens: Int32Array, state: number[][]): Promise<{ logProbs: Float32Array; state: number[][] }> {
    this.log.steps.push(tokens.slice());
    const next = state.map((history, b) => [...history, tokens[b]]);
    const logProbs = new Float32Array(tokens.length * this.vocabSize);
    next.forEach((history, b) => logProbs.set(float32Logs(this.distribution(history)), b * this.vocabSize)); // (B, V) row b
    this.lastState = next;
    return { logProbs, state: next };
  }

  selectRows(state: number[][], rows: Int32Array): number[][] {
    this.log.selections.push(rows.slice());
    return Array.from(rows, (row) => [...state[row]]);
  }
}

/** A 32-bit FNV-1a hash of a token list, for history-dependent pseudo-random distributions. */
function hashTokens(tokens: readonly number[]): number {
  let h = 2166136261;
  for (const token of tokens) h = Math.imul(h ^ (token + 1), 16777619) >>> 0;
  return h;
}

/** Probabilities (V) that look random but are a fixed function of the whole history; <pad> and <bos> get small mass. */
export function hashedDistribution(history: readonly number[]): number[] {
  const weights = Array.from({ length: V }, (_, token) => {
    const spread = (hashTokens([...history, token]) % 1000) / 1000; // in [0, 1)
    return token === PAD || token === BOS ? 0.05 + 0.1 * spread : 0.2 + 2 * spread;
  });
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => w / total);
}
