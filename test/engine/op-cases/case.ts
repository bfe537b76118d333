// The row type of the op test table: inputs to generate, the traced call, and optional hand-computed outputs.
import type { Tensor } from '../../../src/engine/graph.js';
import type { DType } from '../../../src/engine/dtype.js';

export interface CaseInput {
  dtype: DType;
  shape: number[];
  /** Explicit values (row-major). Without them values are generated from the seeded generator by `gen`. */
  values?: number[];
  /**
   * How to generate values: 'normal' (default for float), 'positive' (in [0.5, 2], for log/sqrt/div),
   * 'int:LO:HI' (integers in [LO, HI)), 'bool'. Generated float values avoid kinks by construction only
   * when the case says so: choose inputs away from non-differentiable points (Abs at 0, Relu at 0, Max ties).
   */
  gen?: string;
}

export interface OpCase {
  /** The registered op type this row covers (e.g. 'MatMul'), or the composite's name when `composite` is set. */
  op: string;
  /** A composition of primitives (layer norm, conv1d): no registered op to look for; always differentiable. */
  composite?: boolean;
  /** What the row checks. */
  name: string;
  inputs: CaseInput[];
  /** The traced call under test; its outputs are compared. */
  build: (...xs: Tensor[]) => Tensor | Tensor[];
  /** Hand-computed expected outputs (row-major), checked against the float64 reference. */
  expected?: number[][];
  /** Set false for ops without a gradient (ArgMax, comparisons) or outputs that are not differentiable. */
  grad?: boolean;
  /** Tolerances for ORT float32 against the float64 reference (default rtol 1e-4, atol 1e-5). */
  ortTol?: { rtol: number; atol: number };
}
