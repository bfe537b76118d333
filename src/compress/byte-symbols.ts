// Bytes as a byte-level model's symbols and back: byte b is token 4 + b, except the line feed, which is <eos> (the models learn line ends as <eos>).
import { EOS, SPECIAL_TOKENS, type Vocabulary } from '../data/vocab.js';
import { byteToken } from '../data/tokenize.js';
import { CorruptStreamError } from './range-coder.js';

const FIRST_BYTE = SPECIAL_TOKENS.length;
const LINE_FEED = 0x0a;

/** Why `vocab` is not the byte tokenizer's fixed vocabulary (Vocabulary.bytes()), or null when it is. */
export function byteVocabularyProblem(vocab: Vocabulary): string | null {
  if (vocab.size !== FIRST_BYTE + 256) return `its vocabulary has ${vocab.size} tokens, not the byte tokenizer's ${FIRST_BYTE + 256}`;
  const tokens = vocab.decode(Int32Array.from({ length: 256 }, (_, b) => FIRST_BYTE + b));
  const wrong = tokens.findIndex((token, b) => token !== byteToken(b));
  return wrong === -1 ? null : `its token ${FIRST_BYTE + wrong} is not byte ${wrong}`;
}

/** (n) symbols of n bytes. */
export function bytesToSymbols(bytes: Uint8Array): Int32Array {
  const symbols = new Int32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) symbols[i] = bytes[i] === LINE_FEED ? EOS : FIRST_BYTE + bytes[i];
  return symbols;
}

/** Bytes of decoded symbols; a symbol no encoder writes (a special other than <eos>, or the unused line-feed byte token) means corruption. */
export function symbolsToBytes(symbols: Int32Array, out: Uint8Array, offset: number): void {
  for (let i = 0; i < symbols.length; i++) {
    const s = symbols[i];
    if (s === EOS) out[offset + i] = LINE_FEED;
    else if (s >= FIRST_BYTE && s < FIRST_BYTE + 256 && s !== FIRST_BYTE + LINE_FEED) out[offset + i] = s - FIRST_BYTE;
    else throw new CorruptStreamError(`decoded symbol ${s} is not one an encoder writes`);
  }
}

/** The start of each of `lanes` near-equal contiguous chunks of n bytes, and n at the end: (lanes + 1). */
export function laneBounds(n: number, lanes: number): number[] {
  return Array.from({ length: lanes + 1 }, (_, l) => Math.floor((l * n) / lanes));
}

/** The lane count for n bytes: at most `maxLanes`, each lane at least `minLaneBytes` long (one lane for a short file). */
export function laneCount(n: number, maxLanes: number, minLaneBytes: number): number {
  return Math.max(1, Math.min(maxLanes, Math.floor(n / minLaneBytes)));
}
