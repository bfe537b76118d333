// Shared parts of the fuzz tests: seeded case counts, byte and JSON mutators, and the one check every outcome must pass.
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';

/** Cases per reader: `base` in `npm test`; FUZZ_SCALE multiplies it (npm run fuzz), FUZZ_CASES sets it outright. */
export function caseCount(base: number): number {
  const fixed = Number(process.env.FUZZ_CASES);
  if (Number.isSafeInteger(fixed) && fixed > 0) return fixed;
  const scale = Number(process.env.FUZZ_SCALE ?? '1');
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** The seed of a fuzz run: FUZZ_SEED, else the reader's fixed seed (so a failure reproduces). */
export function fuzzSeed(fixed: number): number {
  const given = Number(process.env.FUZZ_SEED);
  return Number.isSafeInteger(given) ? given : fixed;
}

/** Error names the project throws on purpose; anything else (or a JS engine message) is a bug the fuzzer found. */
const PROJECT_ERRORS = new Set(['Error', 'RangeError', 'TypeError', 'RunError', 'DataError', 'ConfigFileError', 'CheckpointError', 'NpyError', 'CommanderError']);
const ENGINE_MESSAGES = /Maximum call stack|Cannot read propert|Cannot convert|is not a function|is not iterable|Invalid typed array length|Array buffer allocation failed|Invalid string length|out of memory/i;

/** Checks a rejection: an Error of the project's kinds whose message is one non-empty line and not a JS engine message. */
export function assertCleanError(error: unknown, label: string, quotedByCommander?: string): void {
  assert.ok(error instanceof Error, `${label}: threw a non-Error ${String(error)}`);
  assert.ok(PROJECT_ERRORS.has(error.name), `${label}: unexpected ${error.name}: ${error.message}`);
  assert.ok(error.message.trim() !== '', `${label}: empty message`);
  // commander quotes a bad flag value as given; the CLI prints only the first line, so only textforge's own part must be one line
  const ours = quotedByCommander === undefined ? error.message : error.message.replace(`argument '${quotedByCommander}' is invalid.`, '');
  assert.ok(!/[\r\n]/.test(ours), `${label}: message is not one line: ${JSON.stringify(error.message.slice(0, 300))}`);
  assert.ok(!ENGINE_MESSAGES.test(error.message), `${label}: an engine error escaped: ${error.message.slice(0, 300)}`);
}

/** Runs `call`, which must return or throw a clean error within `timeoutMs`; counts each outcome. */
export async function outcome(call: () => unknown, label: string, counts: { ok: number; rejected: number }, timeoutMs = 2000, quotedByCommander?: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: no outcome within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([(async () => call())(), deadline]);
    counts.ok += 1;
  } catch (error) {
    if (error instanceof Error && error.message === `${label}: no outcome within ${timeoutMs} ms`) assert.fail(error.message);
    assertCleanError(error, label, quotedByCommander);
    counts.rejected += 1;
  } finally {
    clearTimeout(timer);
  }
}

/** Bytes made by one of several corruptions of `valid` (or from nothing): flips, truncation, insertion, duplication, random bytes. */
export function mutateBytes(rng: Rng, valid: Uint8Array): Uint8Array {
  const out = (): Uint8Array => valid.slice();
  switch (rng.int(0, 6)) {
    case 0: { // random bytes
      const bytes = new Uint8Array(rng.int(0, 300));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(0, 256);
      return bytes;
    }
    case 1: { // a few flipped bytes, biased to the start, where headers are
      const bytes = out();
      const flips = rng.int(1, 9);
      for (let f = 0; f < flips && bytes.length > 0; f++) {
        const at = rng.uniform() < 0.7 ? rng.int(0, Math.min(bytes.length, 160)) : rng.int(0, bytes.length);
        bytes[at] = rng.uniform() < 0.5 ? bytes[at] ^ (1 << rng.int(0, 8)) : rng.int(0, 256);
      }
      return bytes;
    }
    case 2: // truncated
      return valid.slice(0, rng.int(0, valid.length + 1));
    case 3: { // random bytes inserted
      const at = rng.int(0, valid.length + 1);
      const extra = new Uint8Array(rng.int(1, 40)).map(() => rng.int(0, 256));
      return concat(valid.subarray(0, at), extra, valid.subarray(at));
    }
    case 4: { // a slice duplicated
      const a = rng.int(0, valid.length + 1);
      const b = rng.int(a, valid.length + 1);
      return concat(valid.subarray(0, b), valid.subarray(a, b), valid.subarray(b));
    }
    default: { // extreme byte values over a stretch (e.g. a length prefix of 0xff...)
      const bytes = out();
      const at = rng.int(0, Math.max(1, Math.min(bytes.length, 16)));
      bytes.fill(rng.uniform() < 0.5 ? 0xff : 0x00, at, at + rng.int(1, 9));
      return bytes;
    }
  }
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Deeply nested arrays as JSON text: JSON.parse accepts it, but any recursive walk of the value overflows the stack. */
export function deepJson(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** Values that break naive readers: huge and negative numbers, wrong kinds, deep nesting, long and odd strings. */
export function weirdValue(rng: Rng): unknown {
  const values: (() => unknown)[] = [
    () => 1e308, () => -1, () => 0, () => 2 ** 53 + 2, () => 4_294_967_296, () => 0.5, () => -0.0, () => 1e-320,
    () => 'abc', () => '', () => '12', () => '\u0000', () => '\ud800', () => 'x'.repeat(rng.int(1000, 20_000)),
    () => null, () => true, () => [], () => ({}), () => [1, 2, 3], () => JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
    () => JSON.parse(deepJson(rng.uniform() < 0.05 ? 100_000 : rng.int(1000, 12_000))), // deep enough to overflow a recursive walk
  ];
  return values[rng.int(0, values.length)]();
}

/** A structural mutation of parsed JSON: a value replaced, a key deleted or added, somewhere in the tree. */
export function mutateJson(rng: Rng, value: unknown): unknown {
  const copy = structuredClone(value) as unknown;
  const containers: (Record<string, unknown> | unknown[])[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth > 6 || typeof v !== 'object' || v === null) return;
    containers.push(v as Record<string, unknown>);
    for (const child of Object.values(v)) walk(child, depth + 1);
  };
  walk(copy, 0);
  if (containers.length === 0 || rng.uniform() < 0.05) return weirdValue(rng);
  const target = containers[rng.int(0, containers.length)];
  const keys = Object.keys(target);
  const choice = rng.int(0, 3);
  if (choice === 0 && keys.length > 0) delete (target as Record<string, unknown>)[keys[rng.int(0, keys.length)]];
  else if (choice === 1 || keys.length === 0) {
    // an own '__proto__' key, as JSON.parse makes it (plain assignment would replace the prototype instead)
    Object.defineProperty(target, rng.uniform() < 0.5 ? 'unexpected' : '__proto__', { value: weirdValue(rng), enumerable: true, writable: true, configurable: true });
  }
  else (target as Record<string, unknown>)[keys[rng.int(0, keys.length)]] = weirdValue(rng);
  return copy;
}

/** JSON text of `value`; a value too deep for JSON.stringify becomes deep nesting written directly. */
export function jsonText(rng: Rng, value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return deepJson(rng.int(1000, 12_000));
  }
}

/** Resident memory now, in MB (for checks that a claimed size is not allocated). */
export function rssMb(): number {
  return process.memoryUsage().rss / 1024 ** 2;
}
