// The language model's compiled graphs: sentence-level and streaming (truncated BPTT) losses for training and evaluation.
import type { Tensor } from '../../engine/graph.js';
import type { BuildFn } from '../../engine/compile.js';
import { div, mul, reduceSum, reshape, transpose } from '../../engine/ops/index.js';
import type { LanguageModel } from './model.js';

/** Sentence level: x, y, mask (B, T); the loss is the mean NLL over real target tokens. */
export function sentenceLoss(model: LanguageModel, training: boolean): BuildFn {
  return ({ data, params }) => {
    const { x, y, mask } = data;
    const { nll, order } = model.tokenNll(params, x, y, { training, mask });
    const m = model.rows(mask, order); // (N)
    const nllSum = reduceSum(mul(nll, m));
    const tokens = reduceSum(m);
    return { loss: div(nllSum, tokens), nllSum, tokens, sentenceNll: perSentence(mul(nll, m), x.shape[0], x.shape[1], order) };
  };
}

/** Sum over time of a row-ordered (N) tensor: (B). */
function perSentence(values: Tensor, B: number, T: number, order: 'time' | 'batch'): Tensor {
  return order === 'time'
    ? reduceSum(transpose(reshape(values, [T, B])), [1]) // (T*B) -> (T, B) -> (B, T) -> (B)
    : reduceSum(reshape(values, [B, T]), [1]); // (B*T) -> (B, T) -> (B)
}

/**
 * Stream (truncated BPTT): x, y, mask (B, T) cut from B continuous token streams; the recurrent
 * state enters as state.* inputs and leaves as final.* outputs to seed the next chunk (the
 * Transformer has no state: each chunk is its own context). The last chunk may be padded (mask 0).
 */
export function streamLoss(model: LanguageModel, training: boolean): BuildFn {
  return ({ data, params }) => {
    const { x, y, mask } = data;
    const initial = model.stateInputs(data);
    const { nll, order, final } = model.tokenNll(params, x, y, { training, initial, mask });
    const nllSum = reduceSum(mul(nll, model.rows(mask, order)));
    const tokens = reduceSum(mask);
    return { loss: div(nllSum, tokens), nllSum, tokens, ...model.stateOutputs(final) };
  };
}
