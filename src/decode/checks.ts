// Argument checks shared by the decoders, each throwing one-line `${where}: ${what} must ${rule}, got ${actual}` errors.

/** A short description of a value's kind for TypeError messages. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function requireNumber(where: string, what: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${where}: ${what} must be a number, got ${kindOf(value)}`);
}

export function requireFinite(where: string, what: string, value: unknown): asserts value is number {
  requireNumber(where, what, value);
  if (!Number.isFinite(value)) throw new RangeError(`${where}: ${what} must be finite, got ${value}`);
}

/** An integer in [min, maxExclusive) (maxExclusive defaults to no upper bound). */
export function requireIntegerIn(where: string, what: string, value: unknown, min: number, maxExclusive = Infinity): asserts value is number {
  requireNumber(where, what, value);
  if (!Number.isSafeInteger(value) || value < min || value >= maxExclusive) {
    const rule = maxExclusive === Infinity ? `be an integer >= ${min}` : `be an integer in [${min}, ${maxExclusive})`;
    throw new RangeError(`${where}: ${what} must ${rule}, got ${value}`);
  }
}

export function requireArray(where: string, what: string, value: unknown): asserts value is unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${where}: ${what} must be an array, got ${kindOf(value)}`);
}

/** An array-like of numbers (plain array or typed array). */
export function requireNumberRow(where: string, what: string, value: unknown): asserts value is ArrayLike<number> {
  const isArrayLike = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array));
  if (!isArrayLike) throw new TypeError(`${where}: ${what} must be an array or typed array of numbers, got ${kindOf(value)}`);
  if ((value as ArrayLike<number>).length === 0) throw new RangeError(`${where}: ${what} must be non-empty, got length 0`);
}
