// Multi-head causal self-attention (Vaswani et al. 2017) batched over heads with rank-5 MatMuls, with an optional key padding mask.
import type { Graph, Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { cast, constant, greater, matmul, max, mul, reshape, softmax, split, transpose, where } from '../engine/ops/index.js';
import { ShapeError, fmt } from '../engine/shape.js';
import { dropout } from './dropout.js';
import { Linear } from './linear.js';
import type { Parameters } from './parameters.js';

type Params = Readonly<Record<string, Tensor>>;

/**
 * The score a disallowed (query, key) pair gets before the softmax. Finite on purpose: with -Infinity a
 * row whose keys were all masked would compute exp(-inf - (-inf)) = NaN, forward and backward. With -1e9
 * every row stays finite, and exp(-1e9 - max) is exactly 0 in float32, so masked keys still get no weight.
 * (The masks built here never mask a whole row anyway: every query may attend to itself.)
 */
export const MASKED_SCORE = -1e9;

const causalMasks = new WeakMap<Graph, Map<number, Tensor>>();
const paddedMasks = new WeakMap<Tensor, Tensor>();

/** A (T, T) constant of 1s where `keep(query, key)` and 0s elsewhere, bool or float32. */
function pairMask(graph: Graph, length: number, keep: (query: number, key: number) => boolean, dtype: 'bool' | 'float32' = 'float32'): Tensor {
  const cells = Array.from({ length: length * length }, (_, n) => (keep(Math.floor(n / length), n % length) ? 1 : 0));
  return constant(graph, cells, dtype, [length, length]);
}

/**
 * Which keys each query may attend to: key j for query i when j <= i and key j is not padding. A query
 * always keeps itself (even at a padding position), so no row is fully masked and no position ever sees
 * a later one. Returns bool (T, T) without a key mask, else (B, 1, T, T); both broadcast against the
 * (1, B, nh, T, T) scores. Built once per graph and mask, so every layer of a stack shares the nodes.
 * keyMask (B, T): float32 1 = real token, 0 = padding (like the loss masks), or bool true = real token.
 */
export function attentionMask(graph: Graph, length: number, keyMask?: Tensor): Tensor {
  if (keyMask === undefined) {
    let byLength = causalMasks.get(graph);
    if (byLength === undefined) causalMasks.set(graph, (byLength = new Map()));
    let mask = byLength.get(length);
    if (mask === undefined) byLength.set(length, (mask = pairMask(graph, length, (i, j) => j <= i, 'bool')));
    return mask;
  }
  if (keyMask.rank !== 2 || keyMask.shape[1] !== length) throw new ShapeError(`attentionMask: keyMask must be (B, ${length}), got ${fmt(keyMask.shape)}`);
  if (keyMask.dtype !== 'float32' && keyMask.dtype !== 'bool') throw new ShapeError(`attentionMask: keyMask must be float32 or bool, got ${keyMask.dtype}`);
  let mask = paddedMasks.get(keyMask);
  if (mask === undefined) {
    // Built in float32 and compared once at the end: ORT's CPU Where has no bool-valued branches.
    const [B, T] = keyMask.shape;
    const real = keyMask.dtype === 'bool' ? cast(keyMask, 'float32') : keyMask; // (B, T), 1 = real token
    const realKeys = reshape(real, [B, 1, 1, T]); // (B, T) -> (B, 1, 1, T): the key axis last
    const earlierReal = mul(pairMask(graph, T, (i, j) => j < i), realKeys); // (T, T) * (B, 1, 1, T) -> (B, 1, T, T)
    const withSelf = max(earlierReal, pairMask(graph, T, (i, j) => j === i)); // the diagonal always kept: (B, 1, T, T)
    mask = greater(withSelf, 0.5); // (B, 1, T, T) bool
    paddedMasks.set(keyMask, mask);
  }
  return mask;
}

/** x (B, T, E) -> (B, T, E): nh heads of size hs = E / nh, each attending to the current and earlier positions. */
export class CausalSelfAttention {
  readonly headSize: number;
  /** One fused projection E -> 3E, columns [queries | keys | values], each split into nh heads of hs columns. */
  readonly qkv: Linear;
  readonly output: Linear;

  constructor(readonly name: string, readonly width: number, readonly heads: number, params: Parameters, rng: Rng, readonly dropoutRate = 0) {
    if (!Number.isInteger(heads) || heads < 1) throw new RangeError(`${name}: heads must be an integer >= 1, got ${heads}`);
    if (!Number.isInteger(width) || width % heads !== 0) throw new RangeError(`${name}: width must be divisible by heads (${heads}), got ${width}`);
    if (!(dropoutRate >= 0 && dropoutRate < 1)) throw new RangeError(`${name}: dropout must be in [0, 1), got ${dropoutRate}`);
    this.headSize = width / heads;
    this.qkv = new Linear(`${name}.qkv`, width, 3 * width, params, rng);
    this.output = new Linear(`${name}.out`, width, width, params, rng);
  }

  /** x (B, T, E), keyMask (B, T) optional (see attentionMask) -> (B, T, E); `training` turns on dropout of the attention weights. */
  forward(p: Params, x: Tensor, keyMask?: Tensor, training = false): Tensor {
    if (x.rank !== 3 || x.shape[2] !== this.width) throw new ShapeError(`${this.name}: input must be (B, T, ${this.width}), got ${fmt(x.shape)}`);
    const [B, T, E] = x.shape;
    const [nh, hs] = [this.heads, this.headSize];
    const qkv = reshape(this.qkv.forward(p, x), [B, T, 3, nh, hs]); // (B, T, 3E) -> (B, T, 3, nh, hs)
    const perHead = transpose(qkv, [2, 0, 3, 1, 4]); // (B, T, 3, nh, hs) -> (3, B, nh, T, hs)
    const [q, k, v] = split(perHead, 0, 3); // 3 x (1, B, nh, T, hs)
    const scaledQ = mul(q, 1 / Math.sqrt(hs)); // the 1/sqrt(hs) on q: T*hs multiplies instead of T*T
    const scores = matmul(scaledQ, transpose(k)); // (1, B, nh, T, hs) @ (1, B, nh, hs, T) -> (1, B, nh, T, T)
    const allowed = attentionMask(x.graph, T, keyMask); // (T, T) or (B, 1, T, T)
    let weights = softmax(where(allowed, scores, MASKED_SCORE), -1); // (1, B, nh, T, T), rows sum to 1 over keys
    if (training) weights = dropout(weights, this.dropoutRate, `${this.name}.weights_dropout`);
    const mixed = matmul(weights, v); // (1, B, nh, T, T) @ (1, B, nh, T, hs) -> (1, B, nh, T, hs)
    const merged = reshape(transpose(mixed, [1, 3, 0, 2, 4]), [B, T, E]); // (1, B, nh, T, hs) -> (B, T, 1, nh, hs) -> (B, T, E)
    return this.output.forward(p, merged); // (B, T, E) -> (B, T, E)
  }
}
