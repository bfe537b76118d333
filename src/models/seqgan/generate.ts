// Batched generation from a RecurrentSampler: whole sequences from the start token, and SeqGAN's Monte-Carlo rollouts of every prefix.
import type { Rng } from '../../engine/random.js';
import type { RecurrentSampler, SamplerState } from './sampler.js';
import type { Sequences } from './sequences.js';
import { selectRowsOf } from '../../nn/decoder-step.js';

/** Rows per program call: bounds the (rows, V) probability table each call holds. */
const CHUNK_ROWS = 1024;

/** After a row has emitted `eos`, every later token of it becomes `pad` (writes into `tokens`). */
function padFinished(tokens: Int32Array, finished: Uint8Array, eos: number | null, pad: number): void {
  if (eos === null) return;
  for (let r = 0; r < tokens.length; r++) {
    if (finished[r]) tokens[r] = pad;
    else if (tokens[r] === eos) finished[r] = 1;
  }
}

/** `count` sequences of `length` tokens drawn from the sampler's model (padding after <eos> when it has one). */
export async function generateSequences(sampler: RecurrentSampler, count: number, length: number, rng: Rng): Promise<Sequences> {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`generate: count must be a positive integer, got ${count}`);
  const { startToken, eosToken, padToken } = sampler.rules;
  const data = new Int32Array(count * length); // (count, length)
  for (let start = 0; start < count; start += CHUNK_ROWS) {
    const R = Math.min(CHUNK_ROWS, count - start);
    let tokens: Int32Array = new Int32Array(R).fill(startToken);
    let state = sampler.zeroState(R);
    const finished = new Uint8Array(R);
    for (let t = 0; t < length; t++) {
      const out = await sampler.step(tokens, state, rng);
      tokens = out.next;
      state = out.state;
      padFinished(tokens, finished, eosToken, padToken);
      for (let r = 0; r < R; r++) data[(start + r) * length + t] = tokens[r];
    }
  }
  return { data, count, length };
}

/** The prefix length t of row `r` of rolloutCompletions' table (N rollouts of B sequences per prefix length). */
export function rolloutPrefixLength(r: number, N: number, B: number): number {
  return Math.floor(r / (N * B)) + 1;
}

/**
 * Monte-Carlo completions of every proper prefix of each sequence in `given` (B, T): for prefix length t = 1 .. T-1 and
 * rollout n = 0 .. N-1, row ((t - 1) * N + n) * B + b of the result holds y_1 .. y_t of sequence b followed by tokens
 * drawn from the sampler's model, ((T - 1) * N * B, T) in all. The prefixes are read once (B rows, T - 1 steps); then
 * step k extends only the rows that still need a token, those with t <= T - k (the row order keeps them at the front)
 * and no <eos> yet.
 */
export async function rolloutCompletions(sampler: RecurrentSampler, given: Sequences, N: number, rng: Rng): Promise<Sequences> {
  const { count: B, length: T } = given;
  const H = sampler.hiddenSize;
  const { startToken, eosToken, padToken } = sampler.rules;
  const names = sampler.stateNames;
  // s_t, the state after reading <start>, y_1 .. y_{t-1}, for t = 1 .. T-1: (T-1, B, H) per state name
  const prefixStates: SamplerState = Object.fromEntries(names.map((n) => [n, new Float32Array((T - 1) * B * H)]));
  let state = sampler.zeroState(B);
  let tokens: Int32Array = new Int32Array(B).fill(startToken);
  for (let t = 1; t <= T - 1; t++) {
    for (const n of names) prefixStates[n].set(state[n], (t - 1) * B * H);
    const out = await sampler.step(tokens, state, rng); // the draw is unused: the prefix is given
    state = out.state;
    tokens = Int32Array.from({ length: B }, (_, b) => given.data[b * T + t - 1]); // y_t
  }
  const rows = (T - 1) * N * B;
  const prefixLength = (r: number) => rolloutPrefixLength(r, N, B);
  const data = new Int32Array(rows * T); // (rows, T)
  const finished = new Uint8Array(rows);
  const rowState: SamplerState = Object.fromEntries(names.map((n) => [n, new Float32Array(rows * H)]));
  const input = new Int32Array(rows);
  for (let t = 1; t <= T - 1; t++) {
    for (let n = 0; n < N; n++) {
      const base = ((t - 1) * N + n) * B;
      for (const name of names) rowState[name].set(prefixStates[name].subarray((t - 1) * B * H, t * B * H), base * H);
      for (let b = 0; b < B; b++) {
        const prefix = given.data.subarray(b * T, b * T + t);
        data.set(prefix, (base + b) * T);
        input[base + b] = prefix[t - 1];
        if (eosToken !== null && prefix.includes(eosToken)) finished[base + b] = 1; // already complete: the rest stays <pad>
      }
    }
  }
  for (let k = 1; k <= T - 1; k++) {
    // rows with t <= T - k still need a token; those that have ended get <pad>, the others are gathered and stepped
    const live: number[] = [];
    for (let r = 0; r < (T - k) * N * B; r++) {
      if (finished[r]) data[r * T + prefixLength(r) + k - 1] = padToken;
      else live.push(r);
    }
    for (let from = 0; from < live.length; from += CHUNK_ROWS) {
      const chunk = live.slice(from, from + CHUNK_ROWS); // row indices
      const chunkState = Object.fromEntries(names.map((name) => [name, selectRowsOf(rowState[name], H, chunk)]));
      const chunkFinished = new Uint8Array(chunk.length);
      const out = await sampler.step(Int32Array.from(chunk, (r) => input[r]), chunkState, rng);
      padFinished(out.next, chunkFinished, eosToken, padToken);
      chunk.forEach((r, i) => {
        data[r * T + prefixLength(r) + k - 1] = out.next[i];
        input[r] = out.next[i];
        finished[r] = chunkFinished[i];
        for (const name of names) rowState[name].set(out.state[name].subarray(i * H, (i + 1) * H), r * H);
      });
    }
  }
  return { data, count: rows, length: T };
}
