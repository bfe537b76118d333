// The language model's MLE training phase: batches, the compiled training step, carried state and validation.
import { Rng } from '../../engine/random.js';
import { BufferSet } from '../../engine/buffers.js';
import { compileTrainStep, type StepResult as EngineStepResult, type TrainStep } from '../../engine/train-step.js';
import type { HostTensor } from '../../engine/compile.js';
import { adam, sgd } from '../../optim/index.js';
import { SentenceEpochs, type Batch } from '../../data/batches.js';
import { streamBatches, type StreamBatches } from '../../data/stream-batches.js';
import type { Phase, PhaseLoop, StepResult, TrainingState, Validation } from '../../train/phases.js';
import { sentenceLoss, streamLoss } from './graphs.js';
import { LmEvaluator, zeroCarry } from './evaluate.js';
import type { LanguageModel } from './model.js';
import type { LmSettings } from './settings.js';

/**
 * One training step on a (B, T) batch x, y, mask whose recurrent state enters from `carry` (state.* names) and leaves
 * into it (from the step's final.* outputs), so the next chunk continues the streams. An empty carry is a plain step.
 */
export async function carriedStep(step: TrainStep, carry: BufferSet, b: Pick<Batch, 'x' | 'y' | 'mask' | 'shape'>, lr: number): Promise<EngineStepResult> {
  const feeds: Record<string, HostTensor> = { x: { data: b.x, shape: b.shape }, y: { data: b.y, shape: b.shape }, mask: { data: b.mask, shape: b.shape } };
  for (const n of carry.names()) feeds[n] = { data: carry.get(n), shape: carry.shape(n) };
  const result = await step.run(feeds, { lr });
  for (const n of carry.names()) carry.set(n, carry.shape(n), result.outputs[n.replace('state.', 'final.')].data as Float32Array);
  return result;
}

export class LmTask implements Phase {
  readonly step: TrainStep;
  readonly evaluator: LmEvaluator;
  readonly dropoutRng: Rng;
  readonly carry: BufferSet;
  /** Records to log when the phase ends (SeqGAN's MLE phase: the pre-trained generator's scores). */
  end?: Phase['end'];
  private readonly stream: StreamBatches | null;
  private readonly sentences: SentenceEpochs;

  /** `extraValidation` adds metrics of its own to every validation (e.g. SeqGAN's NLL-oracle of the model's samples). */
  constructor(
    readonly name: string, readonly loop: PhaseLoop, readonly model: LanguageModel, readonly train: readonly Int32Array[], readonly valid: readonly Int32Array[],
    readonly settings: Pick<LmSettings, 'seed' | 'mode' | 'batchSize' | 'bptt' | 'maxLen' | 'optimizer' | 'clip'>, readonly extraValidation?: () => Promise<Record<string, number>>,
  ) {
    this.dropoutRng = new Rng(settings.seed).fork('dropout');
    const streaming = settings.mode === 'stream';
    this.stream = streaming ? streamBatches(train, { batchSize: settings.batchSize, bptt: settings.bptt }) : null;
    this.carry = streaming ? zeroCarry(model, settings.batchSize) : new BufferSet();
    this.sentences = new SentenceEpochs(train, settings.seed, { batchSize: settings.batchSize, maxLen: settings.maxLen });
    this.step = compileTrainStep({
      params: model.params,
      loss: streaming ? streamLoss(model, true) : sentenceLoss(model, true),
      optimizer: settings.optimizer === 'adam' ? adam() : sgd(),
      clipNorm: settings.clip > 0 ? settings.clip : undefined,
      rng: this.dropoutRng,
      name: 'lm_train_step',
    });
    this.evaluator = new LmEvaluator(model);
  }

  batchesPerEpoch(): number {
    return this.stream ? this.stream.streamChunkCount : this.sentences.batchesPerEpoch;
  }

  startEpoch(): void {
    // each epoch's stream starts from a zero state
    for (const n of this.carry.names()) this.carry.get(n).fill(0);
  }

  private batch(epoch: number, index: number): Batch {
    return this.stream ? this.stream.streamChunk(index) : this.sentences.batch(epoch, index);
  }

  async trainBatch(epoch: number, index: number, lr: number): Promise<StepResult> {
    const { loss, metrics } = await carriedStep(this.step, this.carry, this.batch(epoch, index), lr);
    const { tokens, nllSum: _nllSum, ...rest } = metrics;
    return { loss, tokens, metrics: rest };
  }

  async validate(): Promise<Validation> {
    const s = this.settings;
    const r = await this.evaluator.evaluate(this.valid, { mode: s.mode, batchSize: s.batchSize, bptt: s.bptt, maxLen: s.maxLen });
    const extra = this.extraValidation ? await this.extraValidation() : {};
    return { score: r.nllPerToken, metrics: { nll_per_token: r.nllPerToken, ppl: r.perplexity, nll_per_sentence: r.nllPerSentence, ...extra } };
  }

  /** The phase's state under the names a checkpoint gives it (`params` is the model's name for its parameters). */
  state(params = 'params', optimizer = 'optimizer'): TrainingState {
    return { buffers: { [params]: this.model.params, [optimizer]: this.step.state, carry: this.carry }, rngs: { dropout: this.dropoutRng }, counters: { [optimizer]: this.step } };
  }
}
