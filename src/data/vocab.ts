// The token <-> id mapping every model shares: built from token counts deterministically, saved and validated as JSON.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../engine/atomic-write.js';
import { DataError, firstLine, quotePath } from './data-error.js';
import { byteToken } from './tokenize.js';

export const PAD = 0;
export const UNK = 1;
export const BOS = 2;
export const EOS = 3;

/** The special tokens, at ids PAD, UNK, BOS, EOS. */
export const SPECIAL_TOKENS: readonly string[] = ['<pad>', '<unk>', '<bos>', '<eos>'];

const FORMAT = 'textforge-vocabulary';
const VERSION = 1;

export interface VocabularyBuildOptions {
  /** The largest vocabulary, counting the four specials (default: no limit). */
  maxSize?: number;
  /** Tokens seen fewer times than this are left out (default 1). */
  minFreq?: number;
}

/** The saved form: `tokens[id]` is the token with that id. */
export interface VocabularyJson {
  format: typeof FORMAT;
  version: typeof VERSION;
  tokens: string[];
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A value for a one-line message; a value nested too deeply for JSON.stringify (a stack overflow) is named by its kind. */
function show(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? 'nothing';
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return kind(value);
  }
}

function requireInteger(what: string, value: number, min: number): void {
  if (!(Number.isSafeInteger(value) && value >= min)) throw new RangeError(`Vocabulary.build: ${what} must be an integer >= ${min}, got ${value}`);
}

/** Counts of every non-special token. */
function countTokens(sentences: readonly (readonly string[])[]): Map<string, number> {
  const specials = new Set(SPECIAL_TOKENS);
  const counts = new Map<string, number>();
  for (const sentence of sentences) {
    for (const token of sentence) {
      if (!specials.has(token)) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
  }
  return counts;
}

/** Most frequent first; equal counts in code-unit (locale-independent) order of the token. */
function byFrequencyThenToken(a: [string, number], b: [string, number]): number {
  if (a[1] !== b[1]) return b[1] - a[1];
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** Checks parsed JSON is a vocabulary: the format tag, a token array beginning with the specials, no empty or duplicate tokens. */
function validTokens(json: unknown, source: string): string[] {
  const fail = (problem: string): never => {
    throw new DataError(`data: ${source} is not a textforge vocabulary: ${problem}`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail(`expected an object, got ${kind(json)}`);
  const { format, version, tokens } = json as Record<string, unknown>;
  if (format !== FORMAT) return fail(`format must be '${FORMAT}', got ${show(format)}`);
  if (version !== VERSION) return fail(`version must be ${VERSION}, got ${show(version)}`);
  if (!Array.isArray(tokens)) return fail(`tokens must be an array, got ${kind(tokens)}`);
  SPECIAL_TOKENS.forEach((special, id) => {
    if (tokens[id] !== special) fail(`token ${id} must be the special ${special}, got ${show(tokens[id])}`);
  });
  const firstIdOf = new Map<string, number>();
  tokens.forEach((token: unknown, id) => {
    if (typeof token !== 'string') fail(`token ${id} must be a string, got ${kind(token)}`);
    if (token === '') fail(`token ${id} is empty`);
    const earlier = firstIdOf.get(token as string);
    if (earlier !== undefined) fail(`token ${id} ${show(token)} duplicates token ${earlier}`);
    firstIdOf.set(token as string, id);
  });
  return tokens as string[];
}

/** A fixed list of tokens, the four specials first; ids are positions in the list. */
export class Vocabulary {
  private readonly tokens: readonly string[];
  private readonly ids: Map<string, number>;

  private constructor(tokens: readonly string[]) {
    this.tokens = tokens;
    this.ids = new Map(tokens.map((token, id) => [token, id]));
  }

  /**
   * The specials, then tokens seen at least `minFreq` times, most frequent first, ties in code-unit order of the token,
   * cut to `maxSize` entries in all. Tokens spelled like a special (PTB's own '<unk>') count as that special.
   */
  static build(sentences: readonly (readonly string[])[], options: VocabularyBuildOptions = {}): Vocabulary {
    const maxSize = options.maxSize ?? Number.MAX_SAFE_INTEGER;
    const minFreq = options.minFreq ?? 1;
    requireInteger('maxSize', maxSize, SPECIAL_TOKENS.length);
    requireInteger('minFreq', minFreq, 1);
    const ranked = [...countTokens(sentences)].filter(([, count]) => count >= minFreq).sort(byFrequencyThenToken);
    const kept = ranked.slice(0, maxSize - SPECIAL_TOKENS.length).map(([token]) => token);
    return new Vocabulary([...SPECIAL_TOKENS, ...kept]);
  }

  /** The byte tokenizer's fixed vocabulary: the specials, then byte b as token id SPECIAL_TOKENS.length + b (all 256). */
  static bytes(): Vocabulary {
    return new Vocabulary([...SPECIAL_TOKENS, ...Array.from({ length: 256 }, (_, b) => byteToken(b))]);
  }

  /** A vocabulary from its toJSON() form; `source` names it in errors (e.g. the quoted file path). */
  static fromJSON(json: unknown, source = 'vocabulary JSON'): Vocabulary {
    return new Vocabulary(validTokens(json, source));
  }

  /** Reads a vocabulary saved with save(); any problem is a one-line DataError naming the file. */
  static async load(path: string): Promise<Vocabulary> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new DataError(`data: vocabulary ${quotePath(path)} not found`);
      throw new DataError(`data: vocabulary ${quotePath(path)} cannot be read: ${firstLine(error)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new DataError(`data: vocabulary ${quotePath(path)} is not valid JSON: ${firstLine(error)}`);
    }
    return Vocabulary.fromJSON(json, `vocabulary ${quotePath(path)}`);
  }

  /** The number of tokens, specials included (the models' vocabulary size). */
  get size(): number {
    return this.tokens.length;
  }

  has(token: string): boolean {
    return this.ids.has(token);
  }

  /** The token's id, or UNK if the token is not in the vocabulary. */
  idOf(token: string): number {
    return this.ids.get(token) ?? UNK;
  }

  tokenOf(id: number): string {
    const token = Number.isInteger(id) ? this.tokens[id] : undefined;
    if (token === undefined) throw new RangeError(`Vocabulary.tokenOf: id must be an integer in [0, ${this.size}), got ${id}`);
    return token;
  }

  /** Token ids; tokens not in the vocabulary become UNK. */
  encode(tokens: readonly string[]): Int32Array {
    const ids = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) ids[i] = this.idOf(tokens[i]);
    return ids;
  }

  decode(ids: ArrayLike<number>): string[] {
    return Array.from(ids, (id) => this.tokenOf(id));
  }

  /** The fraction of tokens in `sentences` that encode to UNK (0 when there are no tokens). */
  unknownRate(sentences: readonly (readonly string[])[]): number {
    let total = 0;
    let unknown = 0;
    for (const sentence of sentences) {
      for (const token of sentence) {
        total += 1;
        if (this.idOf(token) === UNK) unknown += 1;
      }
    }
    return total === 0 ? 0 : unknown / total;
  }

  toJSON(): VocabularyJson {
    return { format: FORMAT, version: VERSION, tokens: [...this.tokens] };
  }

  /** Writes the vocabulary as JSON (one token per line), atomically. */
  async save(path: string): Promise<void> {
    await writeFileAtomic(path, `${JSON.stringify(this.toJSON(), null, 1)}\n`);
  }
}
