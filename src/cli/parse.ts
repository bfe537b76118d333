// Flag value parsers for the CLI: each names the flag and the rule in its one-line error.
import { InvalidArgumentError } from 'commander';

/** A flag value quoted for a one-line message: control characters (a pasted newline) escaped, long values cut. */
function shown(value: string): string {
  const escaped = value.replace(/\p{Cc}/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `'${escaped.length > 60 ? `${escaped.slice(0, 57)}...` : escaped}'`;
}

export function positiveInt(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${flag} must be a positive integer, got ${shown(value)}`);
    return n;
  };
}

export function nonNegativeInt(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${flag} must be an integer >= 0, got ${shown(value)}`);
    return n;
  };
}

export function integer(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`${flag} must be an integer, got ${shown(value)}`);
    return n;
  };
}

export function numberIn(flag: string, min: number, max: number, { minOpen = false, maxOpen = false } = {}): (value: string) => number {
  return (value) => {
    const n = Number(value);
    const ok = value.trim() !== '' && Number.isFinite(n) && (minOpen ? n > min : n >= min) && (maxOpen ? n < max : n <= max);
    if (!ok) throw new InvalidArgumentError(`${flag} must be a number in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}, got ${shown(value)}`);
    return n;
  };
}

/** Durations like 90s, 20m, 1.5h or a plain number of seconds; returns milliseconds. */
export function duration(flag: string): (value: string) => number {
  return (value) => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
    if (!m) throw new InvalidArgumentError(`${flag} must be a duration such as 90s, 20m or 1h, got ${shown(value)}`);
    const scale = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
    const ms = Number(m[1]) * scale;
    if (ms <= 0) throw new InvalidArgumentError(`${flag} must be positive, got ${shown(value)}`);
    return ms;
  };
}

/** Three fractions summing to 1, e.g. 0.9,0.05,0.05. */
export function fractions(flag: string): (value: string) => [number, number, number] {
  return (value) => {
    const parts = value.split(',').map(Number);
    const ok = parts.length === 3 && parts.every((p) => Number.isFinite(p) && p >= 0) && Math.abs(parts[0] + parts[1] + parts[2] - 1) < 1e-9 && parts[0] > 0;
    if (!ok) throw new InvalidArgumentError(`${flag} must be three fractions summing to 1 (train,valid,test), got ${shown(value)}`);
    return parts as [number, number, number];
  };
}
