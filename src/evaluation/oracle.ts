// The synthetic oracle of SeqGAN (Yu et al. 2017): an LSTM language model that generates the training data and scores samples (NLL-oracle).
import { Rng } from '../engine/random.js';
import { loadCheckpoint, saveCheckpoint, type StoredTensor } from '../engine/checkpoint.js';
import { compile, type CompiledFunction } from '../engine/compile.js';
import { reduceSum } from '../engine/ops/index.js';
import { LanguageModel } from '../models/lm/model.js';
import { RecurrentSampler } from '../models/seqgan/sampler.js';
import { generateSequences } from '../models/seqgan/generate.js';
import { rowsOf } from '../models/seqgan/sequences.js';
import type { LmConfig } from '../models/lm/config.js';

/** The paper's oracle: 1-layer LSTM, embedding 32, hidden 32, vocabulary 5000; start token 0, h0 = c0 = 0; sequences of 20. */
export const ORACLE = { vocabSize: 5000, embedSize: 32, hiddenSize: 32, sequenceLength: 20, startToken: 0 } as const;

const ORACLE_CONFIG: LmConfig = { cell: 'lstm', layers: 1, embedSize: ORACLE.embedSize, hiddenSize: ORACLE.hiddenSize, heads: 1, dropout: 0, tied: false, maxLength: 32, initScale: 0 };

/** The paper's file layout (LantaoYu/SeqGAN target_params): per-gate matrices, i, f, o, g ('og' is the output gate, 'c' the candidate). */
const GATES = ['i', 'f', 'og', 'c'] as const;

function concatColumns(parts: Float32Array[], rows: number, width: number): Float32Array {
  const out = new Float32Array(rows * width * parts.length); // (rows, 4 * width)
  parts.forEach((p, g) => {
    for (let r = 0; r < rows; r++) out.set(p.subarray(r * width, (r + 1) * width), r * width * parts.length + g * width);
  });
  return out;
}

/** Load the oracle from a safetensors file in the paper's layout (emb, Wi, Ui, bi, ..., Wo, bo). */
export async function loadOracle(path: string): Promise<LanguageModel> {
  const E = ORACLE.embedSize;
  const H = ORACLE.hiddenSize;
  const V = ORACLE.vocabSize;
  const expected: Record<string, { dtype: 'float32'; shape: number[] }> = { emb: { dtype: 'float32', shape: [V, E] }, Wo: { dtype: 'float32', shape: [H, V] }, bo: { dtype: 'float32', shape: [V] } };
  for (const g of GATES) {
    expected[`W${g}`] = { dtype: 'float32', shape: [E, H] };
    expected[`U${g}`] = { dtype: 'float32', shape: [H, H] };
    expected[`b${g}`] = { dtype: 'float32', shape: [H] };
  }
  const { tensors } = await loadCheckpoint(path, expected);
  const get = (name: string) => tensors[name].data as Float32Array;
  const oracle = new LanguageModel(ORACLE_CONFIG, V, new Rng(0));
  const p = oracle.params;
  p.set('embed.table', [V, E], get('emb'));
  p.set('lstm0.wx', [E, 4 * H], concatColumns(GATES.map((g) => get(`W${g}`)), E, H));
  p.set('lstm0.wh', [H, 4 * H], concatColumns(GATES.map((g) => get(`U${g}`)), H, H));
  p.set('lstm0.bias', [4 * H], concatColumns(GATES.map((g) => get(`b${g}`)), 1, H));
  p.set('out.weight', [H, V], get('Wo'));
  p.set('out.bias', [V], get('bo'));
  return oracle;
}

/** A new oracle with every parameter drawn from N(0, 1), as the paper did. */
export function createOracle(seed: number): LanguageModel {
  const oracle = new LanguageModel(ORACLE_CONFIG, ORACLE.vocabSize, new Rng(seed).fork('oracle-shape'));
  const rng = new Rng(seed).fork('oracle');
  for (const n of oracle.params.names()) {
    const values = new Float32Array(oracle.params.get(n).length);
    rng.fillNormal(values);
    oracle.params.set(n, oracle.params.shape(n), values);
  }
  return oracle;
}

/** Save an oracle in the paper's layout (so `loadOracle` reads it back). */
export async function saveOracle(path: string, oracle: LanguageModel): Promise<void> {
  const E = ORACLE.embedSize;
  const H = ORACLE.hiddenSize;
  const V = ORACLE.vocabSize;
  const p = oracle.params;
  const tensors: Record<string, StoredTensor> = { emb: { dtype: 'float32', shape: [V, E], data: p.get('embed.table') } };
  const gateColumns = (matrix: Float32Array, rows: number, g: number) => {
    const out = new Float32Array(rows * H);
    for (let r = 0; r < rows; r++) out.set(matrix.subarray(r * 4 * H + g * H, r * 4 * H + (g + 1) * H), r * H);
    return out;
  };
  GATES.forEach((gate, g) => {
    tensors[`W${gate}`] = { dtype: 'float32', shape: [E, H], data: gateColumns(p.get('lstm0.wx'), E, g) };
    tensors[`U${gate}`] = { dtype: 'float32', shape: [H, H], data: gateColumns(p.get('lstm0.wh'), H, g) };
    tensors[`b${gate}`] = { dtype: 'float32', shape: [H], data: gateColumns(p.get('lstm0.bias'), 1, g) };
  });
  tensors.Wo = { dtype: 'float32', shape: [H, V], data: p.get('out.weight') };
  tensors.bo = { dtype: 'float32', shape: [V], data: p.get('out.bias') };
  await saveCheckpoint(path, tensors, { format: 'seqgan-oracle' });
}

/**
 * Sample `count` sequences of `length` tokens (no end token) from the oracle, starting from its start token, with the
 * in-graph categorical sampler that SeqGAN's generator uses too.
 */
export async function sampleFromOracle(oracle: LanguageModel, count: number, length: number, seed: number): Promise<Int32Array[]> {
  const sampler = new RecurrentSampler(oracle, { startToken: ORACLE.startToken, bannedTokens: [], eosToken: null, padToken: 0 });
  return rowsOf(await generateSequences(sampler, count, length, new Rng(seed).fork('oracle-samples')));
}

/** Mean per-token NLL (nats) of fixed-length sequences under the oracle: NLL-oracle. */
export class OracleScorer {
  private readonly fn: CompiledFunction;

  constructor(readonly oracle: LanguageModel) {
    this.fn = compile({
      params: oracle.params,
      name: 'oracle_nll',
      build: ({ data, params }) => ({ nllSum: reduceSum(oracle.tokenNll(params, data.x, data.y, { training: false }).nll) }),
    });
  }

  async score(sequences: readonly Int32Array[], batchSize = 1000): Promise<number> {
    if (sequences.length === 0) throw new RangeError('oracle: sequences must hold at least one sequence, got 0');
    const L = sequences[0].length;
    let total = 0;
    for (let start = 0; start < sequences.length; start += batchSize) {
      const batch = sequences.slice(start, start + batchSize);
      const B = batch.length;
      const x = new Int32Array(B * L);
      const y = new Int32Array(B * L);
      batch.forEach((s, b) => {
        if (s.length !== L) throw new RangeError(`oracle: sequences must all have length ${L}, got ${s.length} at ${start + b}`);
        x[b * L] = ORACLE.startToken; // (B, L): the start token, then the sequence shifted right
        x.set(s.subarray(0, L - 1), b * L + 1);
        y.set(s, b * L);
      });
      const out = await this.fn.run({ x: { data: x, shape: [B, L] }, y: { data: y, shape: [B, L] } });
      total += Number(out.nllSum.data[0]);
    }
    return total / (sequences.length * L);
  }
}
