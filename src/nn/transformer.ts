// Pre-layer-norm Transformer decoder (GPT-style): token and position embeddings, causal self-attention blocks, a final layer norm.
import type { Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { add, cast, concat, constant, relu, reshape, slice } from '../engine/ops/index.js';
import { isInteger } from '../engine/dtype.js';
import { ShapeError, fmt } from '../engine/shape.js';
import { CausalSelfAttention } from './attention.js';
import { dropout } from './dropout.js';
import { Embedding } from './embedding.js';
import { gelu } from './gelu.js';
import { LayerNorm } from './layer-norm.js';
import { Linear } from './linear.js';
import type { Parameters } from './parameters.js';
import { PositionalEncoding, type PositionKind } from './positional.js';

type Params = Readonly<Record<string, Tensor>>;

export type Activation = 'gelu' | 'relu';

export interface TransformerConfig {
  vocabSize: number;
  /** Model width E. */
  width: number;
  /** Attention heads nh; width must be divisible by heads. */
  heads: number;
  layers: number;
  /** Longest sequence T the model accepts (the size of a learned position table). */
  maxLength: number;
  /** Dropout rate for embeddings, attention weights and both residual branches. */
  dropout: number;
  positions: PositionKind;
  /** MLP nonlinearity (default 'gelu', tanh approximation). */
  activation?: Activation;
}

export interface TransformerBlockOptions {
  dropout?: number;
  activation?: Activation;
}

function requireCount(where: string, what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${where}: ${what} must be an integer >= 1, got ${value}`);
}

/** x + attn(ln1(x)), then x + mlp(ln2(x)), with MLP E -> 4E -> E: (B, T, E) -> (B, T, E). */
export class TransformerBlock {
  readonly norm1: LayerNorm;
  readonly attention: CausalSelfAttention;
  readonly norm2: LayerNorm;
  readonly expand: Linear;
  readonly contract: Linear;
  readonly dropoutRate: number;
  readonly activation: Activation;

  constructor(readonly name: string, readonly width: number, readonly heads: number, params: Parameters, rng: Rng, options: TransformerBlockOptions = {}) {
    this.dropoutRate = options.dropout ?? 0;
    this.activation = options.activation ?? 'gelu';
    if (this.activation !== 'gelu' && this.activation !== 'relu') throw new RangeError(`${name}: activation must be 'gelu' or 'relu', got '${String(this.activation)}'`);
    this.norm1 = new LayerNorm(`${name}.ln1`, width, params, rng);
    this.attention = new CausalSelfAttention(`${name}.attn`, width, heads, params, rng, this.dropoutRate);
    this.norm2 = new LayerNorm(`${name}.ln2`, width, params, rng);
    this.expand = new Linear(`${name}.mlp.fc`, width, 4 * width, params, rng);
    this.contract = new Linear(`${name}.mlp.proj`, 4 * width, width, params, rng);
  }

  /** x (B, T, E), keyMask (B, T) optional (1 / true = real token) -> (B, T, E); `training` turns on dropout. */
  forward(p: Params, x: Tensor, keyMask?: Tensor, training = false): Tensor {
    const residual = (branch: Tensor, site: string) => (training ? dropout(branch, this.dropoutRate, `${this.name}.${site}_dropout`) : branch);
    const attended = this.attention.forward(p, this.norm1.forward(p, x), keyMask, training); // (B, T, E)
    const h = add(x, residual(attended, 'attn_residual'));
    const hidden = this.expand.forward(p, this.norm2.forward(p, h)); // (B, T, E) -> (B, T, 4E)
    const activated = this.activation === 'gelu' ? gelu(hidden) : relu(hidden);
    return add(h, residual(this.contract.forward(p, activated), 'mlp_residual')); // (B, T, 4E) -> (B, T, E)
  }
}

/** Token ids (B, T) -> hidden states (B, T, E) after nLayers blocks and a final layer norm. */
export class TransformerDecoder {
  readonly tokens: Embedding;
  readonly positions: PositionalEncoding;
  readonly blocks: TransformerBlock[];
  readonly finalNorm: LayerNorm;

  /** `tokens`: an existing embedding to share (e.g. with a tied output projection); by default the decoder makes its own. */
  constructor(readonly name: string, readonly config: TransformerConfig, params: Parameters, rng: Rng, tokens?: Embedding) {
    const { vocabSize, width, heads, layers, maxLength, dropout: rate } = config;
    for (const [what, value] of Object.entries({ vocabSize, width, heads, layers, maxLength })) requireCount(name, what, value);
    if (width % heads !== 0) throw new RangeError(`${name}: width must be divisible by heads (${heads}), got ${width}`);
    if (!(rate >= 0 && rate < 1)) throw new RangeError(`${name}: dropout must be in [0, 1), got ${rate}`);
    if (tokens !== undefined && (tokens.vocabSize !== vocabSize || tokens.size !== width)) {
      throw new RangeError(`${name}: the shared token embedding must be (${vocabSize}, ${width}) (vocabSize, width), got (${tokens.vocabSize}, ${tokens.size})`);
    }
    // std 1/sqrt(2): token vectors start at the scale of the sinusoidal table (mean square 1/2)
    this.tokens = tokens ?? new Embedding(`${name}.tokens`, vocabSize, width, params, rng, Math.SQRT1_2);
    this.positions = new PositionalEncoding(`${name}.positions`, config.positions, maxLength, width, params, rng);
    this.blocks = Array.from({ length: layers }, (_, l) => new TransformerBlock(`${name}.block${l}`, width, heads, params, rng, { dropout: rate, activation: config.activation }));
    this.finalNorm = new LayerNorm(`${name}.ln_f`, width, params, rng);
  }

  /**
   * ids (B, T) int32/int64, keyMask (B, T) optional (float32 1 / bool true = real token) -> (B, T, E).
   * `training` (default false) turns on dropout; the graph then declares Bernoulli random inputs. `condition`
   * (a latent code already projected to width E) enters as `offset` (B, E), added to every position's input, and / or
   * as `prefix` (B, E), one extra position in front that every token attends to; its output is dropped, so the result
   * keeps one row per token.
   */
  forward(p: Params, ids: Tensor, keyMask?: Tensor, training = false, condition: { offset?: Tensor; prefix?: Tensor } = {}): Tensor {
    if (ids.rank !== 2 || !isInteger(ids.dtype)) throw new ShapeError(`${this.name}: ids must be an int32 or int64 (B, T) tensor, got ${ids.dtype}${fmt(ids.shape)}`);
    const [B, T] = ids.shape;
    const { offset, prefix } = condition;
    const length = prefix ? T + 1 : T;
    if (length > this.config.maxLength) throw new ShapeError(`${this.name}: sequence length T must be <= maxLength ${this.config.maxLength}${prefix ? ' - 1 (the prefix)' : ''}, got ${T}`);
    if (keyMask !== undefined && (keyMask.rank !== 2 || keyMask.shape[0] !== B || keyMask.shape[1] !== T)) {
      throw new ShapeError(`${this.name}: keyMask must have the ids' shape ${fmt(ids.shape)}, got ${fmt(keyMask.shape)}`);
    }
    const width = this.config.width;
    for (const [what, t] of Object.entries({ offset, prefix })) {
      if (t !== undefined && (t.rank !== 2 || t.shape[0] !== B || t.shape[1] !== width)) throw new ShapeError(`${this.name}: ${what} must be (B, E) = (${B}, ${width}), got ${fmt(t.shape)}`);
    }
    let tokens = this.tokens.forward(p, ids); // (B, T, E)
    if (offset) tokens = add(tokens, reshape(offset, [B, 1, width])); // (B, T, E) + (B, 1, E)
    const sequence = prefix ? concat([reshape(prefix, [B, 1, width]), tokens], 1) : tokens; // (B, T + 1, E) with a prefix
    const mask = prefix && keyMask ? concat([onesLike(keyMask, B), keyMask], 1) : keyMask; // the prefix is always real
    const embedded = add(sequence, this.positions.forward(p, ids.graph, length)); // (B, L, E) + (L, E)
    let x = training ? dropout(embedded, this.config.dropout, `${this.name}.embed_dropout`) : embedded;
    for (const block of this.blocks) x = block.forward(p, x, mask, training); // (B, L, E)
    const out = this.finalNorm.forward(p, x);
    return prefix ? slice(out, 1, 1, length) : out; // (B, T + 1, E) -> (B, T, E)
  }
}

/** A (B, 1) key mask of real positions, in keyMask's dtype. */
function onesLike(keyMask: Tensor, B: number): Tensor {
  const ones = constant(keyMask.graph, new Float32Array(B).fill(1), 'float32', [B, 1]);
  return keyMask.dtype === 'bool' ? cast(ones, 'bool') : ones;
}
