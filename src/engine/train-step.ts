// A whole training step as one ONNX graph: forward, loss, gradients, clipping and the optimizer update.
import type { Tensor, Graph } from './graph.js';
import { BufferSet } from './buffers.js';
import { CompiledFunction, NonFiniteError, type BuildFn, type HostTensor, type InputSignature, type Program } from './compile.js';
import type { RuntimeOptions } from './runtime.js';
import type { Rng } from './random.js';
import { grad } from './autodiff.js';
import { fmt } from './shape.js';
import { clipByGlobalNorm, globalNorm } from './clip.js';

/** An optimizer written as traced ops, so its update runs inside the step graph. */
export interface Optimizer {
  readonly name: string;
  /** Per-parameter state slots, e.g. ['m', 'v'] for Adam. */
  readonly stateSlots: readonly string[];
  update(args: {
    name: string;
    param: Tensor;
    grad: Tensor;
    state: Readonly<Record<string, Tensor>>;
    /** Learning rate (scalar input). */
    lr: Tensor;
    /** 1-based step count (scalar input), for bias correction. */
    step: Tensor;
  }): { param: Tensor; state: Record<string, Tensor> };
}

export interface TrainStepSpec {
  params: BufferSet;
  /** Parameters to update; the rest are fed but frozen (default: all). */
  trainable?: readonly string[];
  /** Builds the loss; returns `loss` (a float scalar) and any other scalar metrics. */
  loss: BuildFn;
  optimizer: Optimizer;
  /** Global-norm gradient clipping threshold (off when undefined). */
  clipNorm?: number;
  inputs?: Readonly<Record<string, InputSignature>>;
  rng?: Rng;
  runtime?: RuntimeOptions;
  name?: string;
}

export interface StepResult {
  loss: number;
  /** Every other scalar output of the loss function, plus gradNorm. */
  metrics: Record<string, number>;
  /** Non-scalar outputs of the loss function (e.g. recurrent states carried to the next batch). */
  outputs: Record<string, HostTensor>;
}

const nextName = (name: string) => `${name}__next`;
const stateName = (param: string, slot: string) => `opt.${slot}.${param}`;

export class TrainStep {
  /** Optimizer state, double-buffered like the parameters. */
  readonly state = new BufferSet();
  /** Number of completed updates (the optimizer's bias-correction step is this plus one). */
  stepCount = 0;
  readonly trainable: readonly string[];
  private readonly fn: CompiledFunction;

  constructor(readonly spec: TrainStepSpec) {
    const params = spec.params;
    this.trainable = spec.trainable ?? params.names();
    for (const n of this.trainable) {
      params.shape(n);
      for (const slot of spec.optimizer.stateSlots) this.state.add(stateName(n, slot), params.shape(n));
    }
    this.fn = new CompiledFunction({
      params,
      inputs: spec.inputs,
      rng: spec.rng,
      runtime: spec.runtime,
      name: spec.name ?? 'train_step',
      build: (ctx) => this.buildStep(ctx.graph, ctx),
    });
  }

  private buildStep(graph: Graph, ctx: Parameters<BuildFn>[0]): Record<string, Tensor> {
    const outputs = this.spec.loss(ctx);
    const loss = outputs.loss;
    if (loss === undefined) throw new RangeError(`train step: the loss function must return an output named 'loss'`);
    if (loss.rank !== 0 || loss.dtype !== 'float32') throw new RangeError(`train step: 'loss' must be a float32 scalar, got ${loss.dtype}${fmt(loss.shape)}`);
    const wrt = this.trainable.map((n) => ctx.params[n]);
    let grads = grad(loss, wrt);
    const result: Record<string, Tensor> = { ...outputs };
    if (this.spec.clipNorm !== undefined) {
      const clipped = clipByGlobalNorm(grads, this.spec.clipNorm);
      grads = clipped.grads;
      result.gradNorm = clipped.norm;
    } else {
      // logged either way: a growing gradient norm is the early sign of divergence (a GAN's especially)
      result.gradNorm = globalNorm(grads);
    }
    const lr = graph.scalar('lr');
    const step = graph.scalar('step');
    this.trainable.forEach((n, i) => {
      const state: Record<string, Tensor> = {};
      for (const slot of this.spec.optimizer.stateSlots) {
        const sn = stateName(n, slot);
        state[slot] = graph.input(sn, 'float32', this.state.shape(sn), 'state');
      }
      const updated = this.spec.optimizer.update({ name: n, param: ctx.params[n], grad: grads[i], state, lr, step });
      result[nextName(n)] = updated.param;
      for (const slot of this.spec.optimizer.stateSlots) result[nextName(stateName(n, slot))] = updated.state[slot];
    });
    return result;
  }

  /** Compile (or fetch from the cache) the program for these feeds. */
  program(data: Readonly<Record<string, HostTensor>>): Promise<Program> {
    return this.fn.program(data);
  }

  trace(data: Parameters<CompiledFunction['trace']>[0]): ReturnType<CompiledFunction['trace']> {
    return this.fn.trace(data);
  }

  /**
   * One update. On a NaN or Inf loss the step throws NonFiniteError and the parameters and
   * optimizer state stay exactly as they were (the update was written into the spare buffers).
   */
  async run(data: Readonly<Record<string, HostTensor>>, scalars: Readonly<Record<string, number>>): Promise<StepResult> {
    const params = this.spec.params;
    const extra: Record<string, HostTensor> = {};
    const into: Record<string, HostTensor> = {};
    for (const n of this.state.names()) {
      extra[n] = { data: this.state.get(n), shape: this.state.shape(n) };
      into[nextName(n)] = { data: this.state.next(n), shape: this.state.shape(n) };
    }
    for (const n of this.trainable) into[nextName(n)] = { data: params.next(n), shape: params.shape(n) };
    const out = await this.fn.run(data, { ...scalars, step: this.stepCount + 1 }, extra, into);
    const loss = Number(out.loss.data[0]);
    if (!Number.isFinite(loss)) throw new NonFiniteError(`train step ${this.stepCount + 1}: loss is ${loss}; parameters were left unchanged`);
    params.swap(this.trainable);
    this.state.swap(this.state.names());
    this.stepCount++;
    const metrics: Record<string, number> = {};
    const outputs: Record<string, HostTensor> = {};
    for (const [k, v] of Object.entries(out)) {
      if (k === 'loss' || k.endsWith('__next')) continue;
      if (v.shape.length === 0) metrics[k] = Number(v.data[0]);
      else outputs[k] = v;
    }
    return { loss, metrics, outputs };
  }
}

export function compileTrainStep(spec: TrainStepSpec): TrainStep {
  return new TrainStep(spec);
}
