// Any bytes as a word-level model's symbols plus side information, and back: tokens of the run's vocabulary, escapes spelled out, separators and case coded beside them.
import { EOS, SPECIAL_TOKENS, UNK, type Vocabulary } from '../data/vocab.js';
import { tokenize } from '../data/tokenize.js';
import { AdaptiveFrequencies, ContextFrequencies } from './adaptive-frequencies.js';
import type { RangeDecoder, RangeEncoder } from './range-coder.js';
import { CorruptStreamError } from './range-coder.js';
import { ByteBuilder } from './byte-builder.js';

/** How a run reads text: the tokenizer (word or whitespace), its case folding and its vocabulary. */
export interface TokenText {
  tokenizer: 'word' | 'whitespace';
  lowercase: boolean;
  vocab: Vocabulary;
}

/** One model symbol of a lane and the side information coded right after it. */
export interface TokenEvent {
  symbol: number;
  /** The bytes between the previous token (or the line's start) and this token, or before the line feed for <eos>. */
  separator: Uint8Array;
  /** Lower, Capitalized or UPPER, for a known token with cased letters of a lower-casing run. */
  caseClass?: number;
  /** For <unk>: the token's bytes (null: the text's own literal "<unk>"). */
  spelling?: Uint8Array | null;
}

const LF = 0x0a;
const SPACE = 0x20;
const isBlank = (b: number) => b === SPACE || b === 0x09 || b === 0x0b || b === 0x0c || b === 0x0d;
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const END = 256;
const SEPARATOR_NONE = 0;
const SEPARATOR_SPACE = 1;
const SEPARATOR_RAW = 2;
const CONTEXT_LINE_START = 0;
const CONTEXT_AFTER_TOKEN = 1;
const CONTEXT_LINE_END = 2;
const RESERVED = new Set(SPECIAL_TOKENS.filter((t) => t !== '<unk>'));

const capitalized = (t: string) => {
  const first = String.fromCodePoint(t.codePointAt(0) as number);
  return first.toUpperCase() + t.slice(first.length);
};

/** Whether a vocabulary token has case to restore: some letter whose upper case differs. */
const hasCase = (token: string) => token.toUpperCase() !== token;

/** The token strings of one blank-free chunk, in order, whose concatenation is the chunk; null when the tokenizer cannot split it so. */
function chunkTokens(chunk: Uint8Array, tokenizer: TokenText['tokenizer']): string[] | null {
  let text: string;
  try {
    text = UTF8.decode(chunk);
  } catch {
    return null;
  }
  if (tokenizer === 'whitespace') return [text];
  const tokens = tokenize(text, { kind: 'word', lowercase: false });
  return tokens.join('') === text ? tokens : null;
}

/** The symbol and case class of one token; unknown, reserved or un-restorable ones are <unk> with their spelling. */
function tokenEvent(token: string, bytes: Uint8Array, separator: Uint8Array, text: TokenText): TokenEvent {
  const key = text.lowercase ? token.toLowerCase() : token;
  const spelled: TokenEvent = { symbol: UNK, separator, spelling: bytes };
  if (key === '<unk>') return token === '<unk>' ? { symbol: UNK, separator, spelling: null } : spelled;
  if (RESERVED.has(key)) return spelled;
  const id = text.vocab.idOf(key);
  if (id === UNK) return spelled;
  if (!(text.lowercase && hasCase(key))) return token === key ? { symbol: id, separator } : spelled;
  const caseClass = token === key ? 0 : token === capitalized(key) ? 1 : token === key.toUpperCase() ? 2 : -1;
  return caseClass === -1 ? spelled : { symbol: id, separator, caseClass };
}

/** A lane's bytes as events: each line's tokens, then <eos> (a final line without its line feed is marked `terminated: false`). */
export function laneEvents(bytes: Uint8Array, text: TokenText): { events: TokenEvent[]; terminated: boolean } {
  const events: TokenEvent[] = [];
  let i = 0;
  let separatorStart = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b === LF) {
      events.push({ symbol: EOS, separator: bytes.subarray(separatorStart, i) });
      i += 1;
      separatorStart = i;
      continue;
    }
    if (isBlank(b)) {
      i += 1;
      continue;
    }
    let end = i;
    while (end < bytes.length && bytes[end] !== LF && !isBlank(bytes[end])) end += 1;
    const chunk = bytes.subarray(i, end);
    const tokens = chunkTokens(chunk, text.tokenizer);
    if (tokens === null) events.push({ symbol: UNK, separator: bytes.subarray(separatorStart, i), spelling: chunk });
    else {
      let at = i;
      for (const token of tokens) {
        const tokenBytes = new Uint8Array(Buffer.from(token, 'utf8'));
        events.push(tokenEvent(token, tokenBytes, bytes.subarray(separatorStart, at), text));
        at += tokenBytes.length;
        separatorStart = at;
      }
    }
    i = end;
    separatorStart = end;
  }
  const terminated = bytes.length > 0 && bytes[bytes.length - 1] === LF;
  if (!terminated) events.push({ symbol: EOS, separator: bytes.subarray(separatorStart) });
  return { events, terminated };
}

/**
 * The side information of every lane, coded in the model's stream right after each symbol, with adaptive models shared
 * by all lanes: the separator (none, one space, or its bytes spelled), the case class, and <unk> spellings (an order-1
 * byte model ended by END). Lanes keep their own line position and last case class as contexts.
 */
export class TokenSideCoder {
  private readonly separators = new ContextFrequencies(3, 3);
  private readonly separatorBytes = new ContextFrequencies(257, 257);
  private readonly cases = new ContextFrequencies(3, 3);
  private readonly unknownKind = new AdaptiveFrequencies(2);
  private readonly spellings = new ContextFrequencies(257, 257);
  private readonly lineStart: boolean[];
  private readonly lastCase: number[];
  private readonly decoded: ByteBuilder[];

  constructor(private readonly text: TokenText, lanes: number) {
    this.lineStart = new Array(lanes).fill(true);
    this.lastCase = new Array(lanes).fill(0);
    this.decoded = Array.from({ length: lanes }, () => new ByteBuilder());
  }

  private context(lane: number, symbol: number): number {
    return symbol === EOS ? CONTEXT_LINE_END : this.lineStart[lane] ? CONTEXT_LINE_START : CONTEXT_AFTER_TOKEN;
  }

  private static encodeBytes(model: ContextFrequencies, encoder: RangeEncoder, bytes: Uint8Array): void {
    let previous = END;
    for (const b of bytes) {
      model.encode(encoder, previous, b);
      previous = b;
    }
    model.encode(encoder, previous, END);
  }

  private static decodeBytes(model: ContextFrequencies, decoder: RangeDecoder, limit: number): number[] {
    const out: number[] = [];
    for (let previous = END; ;) {
      const b = model.decode(decoder, previous);
      if (b === END) return out;
      if (out.length >= limit) throw new CorruptStreamError('a spelled token runs past any plausible length');
      out.push(b);
      previous = b;
    }
  }

  encodeAfter(lane: number, e: TokenEvent, encoder: RangeEncoder): void {
    const sep = e.separator;
    const kind = sep.length === 0 ? SEPARATOR_NONE : sep.length === 1 && sep[0] === SPACE ? SEPARATOR_SPACE : SEPARATOR_RAW;
    this.separators.encode(encoder, this.context(lane, e.symbol), kind);
    if (kind === SEPARATOR_RAW) TokenSideCoder.encodeBytes(this.separatorBytes, encoder, sep);
    if (e.symbol === UNK) {
      this.unknownKind.encode(encoder, e.spelling === null ? 0 : 1);
      if (e.spelling) TokenSideCoder.encodeBytes(this.spellings, encoder, e.spelling);
    } else if (e.caseClass !== undefined) {
      this.cases.encode(encoder, this.lastCase[lane], e.caseClass);
      this.lastCase[lane] = e.caseClass;
    }
    this.lineStart[lane] = e.symbol === EOS;
  }

  /** Decodes the side information after `symbol` in lane `lane` and appends the lane's bytes. */
  decodeAfter(lane: number, symbol: number, decoder: RangeDecoder): void {
    const out = this.decoded[lane];
    const kind = this.separators.decode(decoder, this.context(lane, symbol));
    if (kind === SEPARATOR_SPACE) out.push(SPACE);
    else if (kind === SEPARATOR_RAW) out.append(TokenSideCoder.decodeBytes(this.separatorBytes, decoder, 1 << 20));
    if (symbol === EOS) out.push(LF);
    else if (symbol === UNK) {
      const spelled = this.unknownKind.decode(decoder) === 1;
      out.append(spelled ? TokenSideCoder.decodeBytes(this.spellings, decoder, 1 << 24) : Buffer.from('<unk>'));
    } else {
      if (symbol < SPECIAL_TOKENS.length || symbol >= this.text.vocab.size) throw new CorruptStreamError(`decoded symbol ${symbol} is not one an encoder writes`);
      const key = this.text.vocab.tokenOf(symbol);
      let token = key;
      if (this.text.lowercase && hasCase(key)) {
        const c = this.cases.decode(decoder, this.lastCase[lane]);
        this.lastCase[lane] = c;
        token = c === 1 ? capitalized(key) : c === 2 ? key.toUpperCase() : key;
      }
      out.append(Buffer.from(token, 'utf8'));
    }
    this.lineStart[lane] = symbol === EOS;
  }

  /** The lane's decoded bytes; a lane whose final line had no line feed loses the one its closing <eos> added. */
  laneBytes(lane: number, terminated: boolean): Uint8Array {
    const bytes = this.decoded[lane].result();
    return terminated ? bytes : bytes.subarray(0, Math.max(0, bytes.length - 1));
  }
}

/** Lane boundaries at line starts near the equal split points of n bytes (a lane may be empty only if the file has few lines). */
export function lineLaneBounds(bytes: Uint8Array, lanes: number): number[] {
  const bounds = [0];
  for (let l = 1; l < lanes; l++) {
    let at = Math.max(bounds[l - 1], Math.floor((l * bytes.length) / lanes));
    while (at < bytes.length && at > 0 && bytes[at - 1] !== LF) at += 1;
    bounds.push(at);
  }
  bounds.push(bytes.length);
  return bounds;
}
