// Prefix decoding for models without recurrent state (Transformers): the consumed tokens grow by one column per step, and each step's input is them padded to a few lengths.

/** Rows of consumed tokens, (B, length) row-major. */
export interface Prefixes {
  readonly length: number;
  readonly tokens: Int32Array;
}

/** The prefixes with one more token per row: (B, length) -> (B, length + 1). */
export function appendColumn(prefixes: Prefixes, next: Int32Array): Prefixes {
  const B = next.length;
  const { length } = prefixes;
  const tokens = new Int32Array(B * (length + 1));
  for (let b = 0; b < B; b++) {
    tokens.set(prefixes.tokens.subarray(b * length, (b + 1) * length), b * (length + 1));
    tokens[b * (length + 1) + length] = next[b];
  }
  return { length: length + 1, tokens };
}

/**
 * A step's input: the (B, length) prefixes padded with <pad> (id 0) to T, the next multiple of 16 up to `maxLength` (so only
 * a few compiled programs arise), with mask (B, T) 1 on real positions and lastRow[b] = b * T + length - 1, the row of
 * each prefix's last token in the flattened (B * T) positions.
 */
export function prefixWindow(prefixes: Prefixes, B: number, maxLength: number): { window: Int32Array; mask: Float32Array; lastRow: Int32Array; T: number } {
  const { length } = prefixes;
  const T = Math.min(maxLength, Math.ceil(length / 16) * 16);
  const window = new Int32Array(B * T);
  const mask = new Float32Array(B * T);
  const lastRow = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    window.set(prefixes.tokens.subarray(b * length, (b + 1) * length), b * T);
    mask.fill(1, b * T, b * T + length);
    lastRow[b] = b * T + length - 1;
  }
  return { window, mask, lastRow, T };
}
