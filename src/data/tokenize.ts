// Splits a line of text into word, whitespace-separated, character or byte tokens, and joins tokens back into readable text.

/**
 * - `word`: whitespace, then English punctuation split off as its own tokens, as the COCO / EMNLP News text-GAN
 *   benchmarks are prepared ("A man, riding a horse." -> a man , riding a horse .). Kept whole: contractions and
 *   possessives with an inner apostrophe ("don't", "it's", "dog's"), hyphenated words ("well-known"), numbers with an
 *   inner '.', ',' or ':' ("3.5", "1,000", "10:30"), single-letter abbreviations with their periods ("U.S.", "e.g.";
 *   other abbreviations lose their period: "Mr." -> Mr .), runs of periods ("...") and of hyphens ("--").
 *   Apostrophes at the start or end of a word are quotes and split off ("'hi'" -> ' hi ').
 * - `whitespace`: whitespace only (for pre-tokenized corpora such as the Penn Treebank).
 * - `char`: Unicode code points; each run of whitespace becomes one SPACE_SYMBOL ('▁') token, which detokenize turns
 *   back into a space (so a literal '▁' in the text comes back as a space too).
 * - `byte`: the line's UTF-8 bytes, spaces and case kept (only the line's ends are trimmed), each byte b as the
 *   one-character token String.fromCharCode(b); the vocabulary is always all 256 bytes (see Vocabulary.bytes), so no
 *   text is unknown. This is the tokenizer of models that compress (textforge compress).
 */
export type TokenizerKind = 'word' | 'whitespace' | 'char' | 'byte';

export const TOKENIZER_KINDS: readonly TokenizerKind[] = ['word', 'whitespace', 'char', 'byte'];

export interface TokenizeOptions {
  kind: TokenizerKind;
  /** Lower-case the line first (locale-independent String.prototype.toLowerCase). */
  lowercase: boolean;
}

/** The visible token `char` tokenization uses for a run of whitespace (U+2581, as SentencePiece does). */
export const SPACE_SYMBOL = '\u2581';

const WORD_CHARS = String.raw`[\p{L}\p{M}\p{N}\p{Pc}]+`;
const INNER_JOINER = String.raw`(?:['\u2019\u2010\u2011-]|(?<=\p{N})[.,:](?=\p{N}))`;
const ABBREVIATION = String.raw`(?:\p{L}\.){2,}(?![\p{L}\p{N}])`;
const WORD_TOKEN = new RegExp(String.raw`${ABBREVIATION}|${WORD_CHARS}(?:${INNER_JOINER}${WORD_CHARS})*|\.{2,}|-{2,}|\S`, 'gu');
const WHITESPACE_RUN = /\s+/u;

/** Tokens that attach to the token before them when detokenizing (no space before). */
const CLOSING = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}', '%', '...', '\u2026', '\u201d', '\u2019']);
/** Tokens that attach to the token after them (no space after). */
const OPENING = new Set(['(', '[', '{', '$', '#', '\u00bf', '\u00a1', '\u201c', '\u2018']);
/** Straight quotes: alternately opening and closing. */
const STRAIGHT_QUOTES = new Set(['"', "'"]);

export function isTokenizerKind(value: unknown): value is TokenizerKind {
  return typeof value === 'string' && (TOKENIZER_KINDS as readonly string[]).includes(value);
}

function wordTokens(line: string): string[] {
  return line.match(WORD_TOKEN) ?? [];
}

function whitespaceTokens(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(WHITESPACE_RUN);
}

function charTokens(line: string): string[] {
  const trimmed = line.trim();
  if (trimmed === '') return [];
  return trimmed.split(WHITESPACE_RUN).flatMap((word, i) => (i === 0 ? [...word] : [SPACE_SYMBOL, ...word]));
}

/** Byte b as its token: the one-character string of code unit b (the latin1 reading of the byte). */
export function byteToken(b: number): string {
  return String.fromCharCode(b);
}

function byteTokens(line: string): string[] {
  const bytes = Buffer.from(line.trim(), 'utf8');
  return Array.from(bytes, byteToken);
}

/** The tokens of one line (empty for a blank line). */
export function tokenize(line: string, options: TokenizeOptions): string[] {
  const text = options.lowercase ? line.toLowerCase() : line;
  switch (options.kind) {
    case 'word':
      return wordTokens(text);
    case 'whitespace':
      return whitespaceTokens(text);
    case 'char':
      return charTokens(text);
    case 'byte':
      return byteTokens(text);
    default:
      throw new RangeError(`tokenize: kind must be one of ${TOKENIZER_KINDS.join(', ')}, got ${String(options.kind)}`);
  }
}

/** Word tokens joined with spaces, except before closing punctuation, after opening punctuation and inside straight quotes. */
function joinWords(tokens: readonly string[]): string {
  let text = '';
  let attachNext = true; // nothing goes before the first token
  const openQuotes = new Set<string>();
  for (const token of tokens) {
    let attachToPrevious = CLOSING.has(token);
    let attachToNext = OPENING.has(token);
    if (STRAIGHT_QUOTES.has(token)) {
      const closes = openQuotes.has(token);
      attachToPrevious = closes;
      attachToNext = !closes;
      if (closes) openQuotes.delete(token);
      else openQuotes.add(token);
    }
    text += attachNext || attachToPrevious ? token : ` ${token}`;
    attachNext = attachToNext;
  }
  return text;
}

/** Readable text from tokens (for printing samples); for simple sentences it inverts tokenize. */
export function detokenize(tokens: readonly string[], kind: TokenizerKind): string {
  switch (kind) {
    case 'word':
      return joinWords(tokens);
    case 'whitespace':
      return tokens.join(' ');
    case 'char':
      return tokens.join('').replaceAll(SPACE_SYMBOL, ' ');
    case 'byte':
      return Buffer.from(tokens.filter((t) => t.length === 1).join(''), 'latin1').toString('utf8');
    default:
      throw new RangeError(`detokenize: kind must be one of ${TOKENIZER_KINDS.join(', ')}, got ${String(kind)}`);
  }
}
