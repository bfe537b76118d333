// A UTF-8 validator that reports where and why the first invalid sequence is, so errors can point at the exact byte.
import { isUtf8 } from 'node:buffer';

/** The first invalid sequence: its byte offset (where the sequence starts) and what is wrong with it. */
export interface Utf8Problem {
  offset: number;
  reason: string;
}

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}

function hexRun(bytes: Uint8Array, start: number, end: number): string {
  return Array.from(bytes.subarray(start, Math.min(end, bytes.length)), hex).join(' ');
}

function isContinuation(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}

/** The total length of the sequence a lead byte starts, or 0 if the byte can never start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Why the second byte is not allowed after `lead` (overlong, surrogate, too large), or undefined if it is. */
function secondByteProblem(lead: number, second: number): string | undefined {
  if (lead === 0xe0 && second < 0xa0) return 'overlong encoding';
  if (lead === 0xed && second >= 0xa0) return 'UTF-16 surrogate';
  if (lead === 0xf0 && second < 0x90) return 'overlong encoding';
  if (lead === 0xf4 && second >= 0x90) return 'code point above U+10FFFF';
  return undefined;
}

/** Explains the invalid sequence starting at `i` (the caller knows there is one there). */
function describeAt(bytes: Uint8Array, i: number): Utf8Problem | undefined {
  const lead = bytes[i];
  const length = sequenceLength(lead);
  if (length === 1) return undefined;
  if (length === 0) {
    if (isContinuation(lead)) return { offset: i, reason: `unexpected continuation byte ${hex(lead)}` };
    if ((lead === 0xc0 || lead === 0xc1) && i + 1 < bytes.length && isContinuation(bytes[i + 1])) {
      return { offset: i, reason: `overlong encoding ${hexRun(bytes, i, i + 2)}` };
    }
    return { offset: i, reason: `invalid byte ${hex(lead)}` };
  }
  for (let k = 1; k < length; k++) {
    if (i + k >= bytes.length) return { offset: i, reason: `truncated sequence ${hexRun(bytes, i, i + k)} at end of file` };
    const byte = bytes[i + k];
    if (!isContinuation(byte)) {
      return { offset: i, reason: `incomplete sequence ${hexRun(bytes, i, i + k)} followed by ${hex(byte)}` };
    }
    if (k === 1) {
      const problem = secondByteProblem(lead, byte);
      if (problem !== undefined) return { offset: i, reason: `${problem} ${hexRun(bytes, i, i + length)}` };
    }
  }
  return undefined;
}

/** The first invalid UTF-8 sequence in `bytes`, or undefined if all of it is valid UTF-8 (RFC 3629). */
export function findInvalidUtf8(bytes: Uint8Array): Utf8Problem | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const problem = describeAt(bytes, i);
    if (problem !== undefined) return problem;
    i += sequenceLength(lead);
  }
  return undefined;
}

/** findInvalidUtf8 with Node's native check as the fast path, so large valid files are never walked in JavaScript. */
export function checkUtf8(bytes: Uint8Array): Utf8Problem | undefined {
  return isUtf8(bytes) ? undefined : findInvalidUtf8(bytes);
}
