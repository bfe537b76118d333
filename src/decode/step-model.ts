// The contract an autoregressive model implements so the decoders in this folder can drive it one token at a time.

/** One decoding step for a batch: token ids in, next-token log-probabilities out, with opaque host-side state. */
export interface StepModel<S> {
  readonly vocabSize: number;
  /** State for `batch` fresh sequences (nothing consumed yet). */
  initialState(batch: number): S;
  /**
   * Consume one token per row; return log-probabilities (B * V, row-major, log-softmax already applied,
   * temperature NOT applied) for the next token and the new state.
   */
  step(tokens: Int32Array, state: S): Promise<{ logProbs: Float32Array; state: S }>;
  /** A state made of the given rows of `state` (rows may repeat), for beam search reordering. */
  selectRows(state: S, rows: Int32Array): S;
}
