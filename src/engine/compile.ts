// compile: a traced function becomes a runnable ONNX Runtime program, cached per shape of its data feeds.
import { Graph, type Tensor, type RandomSpec } from './graph.js';
import type { BufferSet } from './buffers.js';
import { hostDType, type DType, type HostArray } from './dtype.js';
import { fmt, numel } from './shape.js';
import { toOnnx, type OnnxModel } from './to-onnx.js';
import { createSession, hostTensor, runSession, type RuntimeOptions, type Session, type Feeds, type Fetches } from './runtime.js';
import { FeedError } from './interpret.js';
import type { Rng } from './random.js';

/** A host-side tensor: a typed array and its shape. */
export interface HostTensor {
  readonly data: HostArray;
  readonly shape: readonly number[];
}

export interface BuildContext {
  readonly graph: Graph;
  /** Data inputs declared from this call's feeds (reading an unknown name throws). */
  readonly data: Readonly<Record<string, Tensor>>;
  /** Parameter inputs, one per buffer of the parameter set. */
  readonly params: Readonly<Record<string, Tensor>>;
}

export type BuildFn = (ctx: BuildContext) => Record<string, Tensor>;

/** A declared data input: dtype and shape with `null` for free dimensions. */
export interface InputSignature {
  readonly dtype: DType;
  readonly shape: readonly (number | null)[];
}

export interface CompileSpec {
  build: BuildFn;
  params?: BufferSet;
  /** Declared data inputs, checked on every call so a wrong feed names the input. */
  inputs?: Readonly<Record<string, InputSignature>>;
  /** Fills random-stream inputs; required when the graph declares any. */
  rng?: Rng;
  runtime?: RuntimeOptions;
  name?: string;
}

interface RandomInput {
  name: string;
  spec: RandomSpec;
  buffer: Float32Array;
  shape: readonly number[];
}

/** One traced, lowered and loaded graph for one signature of data feeds. */
export interface Program {
  readonly graph: Graph;
  readonly outputs: Readonly<Record<string, Tensor>>;
  readonly model: OnnxModel;
  readonly session: Session;
  readonly compileMs: number;
  readonly random: readonly RandomInput[];
  readonly scalars: readonly string[];
  readonly stateInputs: readonly string[];
}

export class NonFiniteError extends RangeError {
  override name = 'NonFiniteError';
}

function fillRandom(rng: Rng, r: RandomInput): void {
  switch (r.spec.dist) {
    case 'uniform': rng.fillUniform(r.buffer); break;
    case 'normal': rng.fillNormal(r.buffer); break;
    case 'gumbel': rng.fillGumbel(r.buffer); break;
    case 'bernoulli': rng.fillBernoulli(r.buffer, r.spec.p); break;
  }
}

function signatureKey(data: Readonly<Record<string, HostTensor>>): string {
  return Object.keys(data).sort().map((k) => `${k}:${hostDType(data[k].data)}${fmt(data[k].shape)}`).join(';');
}

export function checkFeed(name: string, t: HostTensor, sig?: InputSignature): void {
  const dtype = hostDType(t.data);
  if (numel(t.shape) !== t.data.length) throw new FeedError(`input '${name}' has ${t.data.length} values, shape ${fmt(t.shape)} needs ${numel(t.shape)}`);
  if (sig === undefined) return;
  const fits = dtype === sig.dtype && t.shape.length === sig.shape.length && sig.shape.every((d, i) => d === null || d === t.shape[i]);
  if (!fits) {
    const want = `${sig.dtype}[${sig.shape.map((d) => (d === null ? '?' : d)).join(', ')}]`;
    throw new FeedError(`input '${name}' must be ${want}, got ${dtype}${fmt(t.shape)}`);
  }
}

export class CompiledFunction {
  private readonly cache = new Map<string, Promise<Program>>();

  constructor(readonly spec: CompileSpec) {}

  /** Trace the build function for the given feed shapes (no ONNX, no session): for tests and the reference interpreter. */
  trace(data: Readonly<Record<string, { dtype: DType; shape: readonly number[] }>>): { graph: Graph; outputs: Record<string, Tensor> } {
    const graph = new Graph();
    const declared: Record<string, Tensor> = {};
    for (const [k, v] of Object.entries(data)) declared[k] = graph.input(k, v.dtype, v.shape, 'data');
    const dataProxy = new Proxy(declared, {
      get: (target, key) => {
        if (typeof key === 'string' && !(key in target)) throw new FeedError(`input '${key}' is missing in 'feeds'`);
        return target[key as string];
      },
    });
    const params: Record<string, Tensor> = {};
    const set = this.spec.params;
    if (set) for (const n of set.names()) params[n] = graph.param(n, set.shape(n));
    const outputs = this.spec.build({ graph, data: dataProxy, params });
    return { graph, outputs };
  }

  /** The program for these feeds, traced and loaded on first use. */
  program(data: Readonly<Record<string, HostTensor>>): Promise<Program> {
    const key = signatureKey(data);
    let p = this.cache.get(key);
    if (p === undefined) {
      p = this.load(data);
      this.cache.set(key, p);
      p.catch(() => this.cache.delete(key));
    }
    return p;
  }

  get programCount(): number {
    return this.cache.size;
  }

  private async load(data: Readonly<Record<string, HostTensor>>): Promise<Program> {
    const t0 = performance.now();
    const shapes: Record<string, { dtype: DType; shape: readonly number[] }> = {};
    for (const [k, v] of Object.entries(data)) shapes[k] = { dtype: hostDType(v.data), shape: v.shape };
    const { graph, outputs } = this.trace(shapes);
    const model = toOnnx(graph, outputs, this.spec.name);
    const session = await createSession(model.bytes, this.spec.runtime);
    const random: RandomInput[] = [];
    const scalars: string[] = [];
    const stateInputs: string[] = [];
    for (const inp of graph.inputs.values()) {
      if (inp.kind === 'random') random.push({ name: inp.name, spec: inp.random!, buffer: new Float32Array(numel(inp.tensor.shape)), shape: inp.tensor.shape });
      else if (inp.kind === 'scalar') scalars.push(inp.name);
      else if (inp.kind === 'state') stateInputs.push(inp.name);
    }
    if (random.length > 0 && this.spec.rng === undefined) throw new RangeError(`compile: graph declares random inputs (${random.map((r) => r.name).join(', ')}) but no rng was given`);
    return { graph, outputs, model, session, compileMs: performance.now() - t0, random, scalars, stateInputs };
  }

  /**
   * Run on the given data feeds and scalars. `extra` feeds other float32 inputs (optimizer state);
   * `into` names outputs to be written into pre-allocated buffers instead of fresh arrays.
   */
  async run(data: Readonly<Record<string, HostTensor>>, scalars: Readonly<Record<string, number>> = {},
    extra: Readonly<Record<string, HostTensor>> = {}, into: Readonly<Record<string, HostTensor>> = {}): Promise<Record<string, HostTensor>> {
    for (const [k, v] of Object.entries(data)) checkFeed(k, v, this.spec.inputs?.[k]);
    for (const k of Object.keys(this.spec.inputs ?? {})) {
      if (!(k in data)) throw new FeedError(`input '${k}' is missing in 'feeds'`);
    }
    const program = await this.program(data);
    const feeds: Feeds = {};
    for (const [k, v] of Object.entries(data)) feeds[k] = hostTensor(hostDType(v.data), v.data, v.shape);
    const set = this.spec.params;
    if (set) for (const n of set.names()) feeds[n] = hostTensor('float32', set.get(n), set.shape(n));
    for (const [k, v] of Object.entries(extra)) feeds[k] = hostTensor('float32', v.data, v.shape);
    for (const s of program.scalars) {
      const v = scalars[s];
      if (v === undefined) throw new FeedError(`scalar input '${s}' is missing in 'feeds'`);
      if (!Number.isFinite(v)) throw new FeedError(`scalar input '${s}' must be finite, got ${v}`);
      feeds[s] = hostTensor('float32', Float32Array.of(v), []);
    }
    for (const r of program.random) {
      fillRandom(this.spec.rng!, r);
      feeds[r.name] = hostTensor('float32', r.buffer, r.shape);
    }
    const fetches: Fetches = {};
    for (const name of program.model.outputNames) {
      const target = into[name];
      fetches[name] = target ? hostTensor(hostDType(target.data), target.data, target.shape) : null;
    }
    const out = await runSession(program.session, feeds, fetches);
    const result: Record<string, HostTensor> = {};
    for (const name of program.model.outputNames) {
      result[name] = into[name] ?? { data: out[name].data as HostArray, shape: out[name].dims };
    }
    return result;
  }
}

export function compile(spec: CompileSpec): CompiledFunction {
  return new CompiledFunction(spec);
}
