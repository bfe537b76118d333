// Loss compositions: masked mean softmax cross-entropy over tokens, and numerically stable sigmoid cross-entropy.
import type { Tensor } from '../engine/graph.js';
import { add, sub, mul, div, abs, neg, exp, log, relu, reduceSum, reduceMean, softmaxCrossEntropy } from '../engine/ops/index.js';

/**
 * Mean negative log-likelihood of targets (N) under logits (N, V), over the positions where mask (N) is 1:
 * padding contributes neither to the sum nor to the count.
 */
export function maskedCrossEntropy(logits: Tensor, targets: Tensor, mask?: Tensor): Tensor {
  const nll = softmaxCrossEntropy(logits, targets); // (N)
  if (mask === undefined) return reduceMean(nll);
  return div(reduceSum(mul(nll, mask)), reduceSum(mask));
}

/**
 * Elementwise binary cross-entropy of probabilities sigmoid(logits) against labels in [0, 1]:
 * max(x, 0) - x y + log(1 + exp(-|x|)), which never takes exp of a large positive number.
 */
export function sigmoidCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  return add(sub(relu(logits), mul(logits, labels)), log(add(exp(neg(abs(logits))), 1)));
}
