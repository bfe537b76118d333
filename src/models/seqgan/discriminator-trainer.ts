// Trains SeqGAN's discriminator on real (label 1) and generated (label 0) sequences, and scores sequences with it.
import { Rng } from '../../engine/random.js';
import { compile, type CompiledFunction } from '../../engine/compile.js';
import { compileTrainStep, type TrainStep } from '../../engine/train-step.js';
import { add, reduceMean, sigmoid } from '../../engine/ops/index.js';
import { adam } from '../../optim/index.js';
import { sigmoidCrossEntropy } from '../../nn/losses.js';
import type { Discriminator } from './discriminator.js';
import { concatSequences, selectRows, shuffledBatches, type Sequences } from './sequences.js';

export interface DiscriminatorEpochs {
  /** Mean training loss (cross-entropy plus the L2 term) over the batches. */
  loss: number;
  /** Mean global gradient norm (before clipping) over the batches. */
  gradNorm: number;
  /** Training accuracy (dropout on) over the last epoch. */
  accuracy: number;
  sequences: number;
}

export class DiscriminatorTrainer {
  readonly step: TrainStep;
  private readonly scorer: CompiledFunction;

  /** `dropoutRng` drives dropout; `lr` is Adam's rate (the reference code: 1e-4). */
  constructor(readonly model: Discriminator, readonly dropoutRng: Rng, readonly lr = 1e-4) {
    this.step = compileTrainStep({
      params: model.params,
      loss: ({ data, params }) => {
        const logits = model.logits(params, data.x, true); // (B)
        const crossEntropy = reduceMean(sigmoidCrossEntropy(logits, data.labels));
        return { loss: add(crossEntropy, model.l2Penalty(params)), crossEntropy, logits };
      },
      optimizer: adam(),
      rng: dropoutRng,
      name: 'seqgan_discriminator_step',
    });
    this.scorer = compile({ params: model.params, name: 'seqgan_discriminator_score', build: ({ data, params }) => ({ probability: sigmoid(model.logits(params, data.x, false)) }) });
  }

  /**
   * `epochs` passes over real + fake, shuffled by `order` in batches of `batchSize` (labels 1 for real, 0 for fake).
   * The reference code's discriminator epochs: each round of fresh negatives is seen this many times. `lr` overrides the
   * trainer's Adam rate for this call.
   */
  async train(real: Sequences, fake: Sequences, epochs: number, batchSize: number, order: Rng, lr = this.lr): Promise<DiscriminatorEpochs> {
    const all = concatSequences([real, fake]);
    const labels = new Float32Array(all.count);
    labels.fill(1, 0, real.count);
    let lossSum = 0;
    let gradNormSum = 0;
    let batches = 0;
    let correct = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      correct = 0;
      for (const indices of shuffledBatches(all.count, batchSize, order)) {
        const batch = selectRows(all, indices);
        const y = Float32Array.from(indices, (i) => labels[i]);
        const result = await this.step.run({ x: { data: batch.data, shape: [batch.count, batch.length] }, labels: { data: y, shape: [batch.count] } }, { lr });
        const logits = result.outputs.logits.data as Float32Array;
        for (let b = 0; b < batch.count; b++) if ((logits[b] > 0) === (y[b] > 0.5)) correct++;
        lossSum += result.loss;
        gradNormSum += result.metrics.gradNorm;
        batches++;
      }
    }
    return { loss: lossSum / Math.max(1, batches), gradNorm: gradNormSum / Math.max(1, batches), accuracy: correct / all.count, sequences: all.count };
  }

  /** D(x): the probability that each sequence is real, (count), dropout off. */
  async probabilities(s: Sequences, batchSize = 1024): Promise<Float32Array> {
    const out = new Float32Array(s.count);
    for (let start = 0; start < s.count; start += batchSize) {
      const n = Math.min(batchSize, s.count - start);
      const data = s.data.subarray(start * s.length, (start + n) * s.length);
      const result = await this.scorer.run({ x: { data, shape: [n, s.length] } });
      out.set(result.probability.data as Float32Array, start);
    }
    return out;
  }

  /** Accuracy with dropout off: real scored above 0.5, fake below. */
  async accuracy(real: Sequences, fake: Sequences): Promise<number> {
    const [pReal, pFake] = [await this.probabilities(real), await this.probabilities(fake)];
    let correct = 0;
    for (const p of pReal) if (p > 0.5) correct++;
    for (const p of pFake) if (p <= 0.5) correct++;
    return correct / (real.count + fake.count);
  }
}
