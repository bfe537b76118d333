// Loads a text corpus (train, and valid/test files or a seeded split of train) as tokenized, length-limited sentences.
import { quotePath } from './data-error.js';
import { readTextLines, type ReadTextOptions } from './read-text.js';
import { DEFAULT_SPLIT, checkSplitFractions, seededSplit, type SplitFractions } from './split.js';
import { tokenize, type TokenizerKind } from './tokenize.js';

export interface CorpusOptions {
  /** The training text, one sentence (or document) per line. */
  train: string;
  valid?: string;
  test?: string;
  /**
   * Fractions [train, valid, test] of the train file's lines (summing to 1) for the seeded split that supplies whichever
   * of valid/test has no file of its own; the share of a part that has a file stays in train. Default [0.9, 0.05, 0.05].
   */
  split?: SplitFractions;
  seed: number;
  tokenizer: TokenizerKind;
  lowercase: boolean;
  /** The most tokens a sentence keeps; longer ones are truncated (and counted). */
  maxLen: number;
  /** Passed to readTextLines (the file size limit). */
  read?: ReadTextOptions;
}

export interface Corpus {
  train: string[][];
  valid: string[][];
  test: string[][];
  /** How many sentences, over all three parts, were cut to maxLen tokens. */
  truncated: number;
  /** How many blank lines the files had (skipped). */
  blankLines: number;
}

/** Cuts sentences to `maxLen` tokens in place and returns how many were cut. */
export function truncateSentences(sentences: string[][], maxLen: number): number {
  let truncated = 0;
  for (let i = 0; i < sentences.length; i++) {
    if (sentences[i].length > maxLen) {
      sentences[i] = sentences[i].slice(0, maxLen);
      truncated += 1;
    }
  }
  return truncated;
}

/** Cuts every sentence of train, valid and test to `maxLen` tokens in place; returns how many were cut in all. */
export function truncateParts(parts: { train: string[][]; valid: string[][]; test: string[][] }, maxLen: number): number {
  return truncateSentences(parts.train, maxLen) + truncateSentences(parts.valid, maxLen) + truncateSentences(parts.test, maxLen);
}

/**
 * Reads and tokenizes the corpus. A part without its own file comes from a seeded split of the train file
 * (new Rng(seed).fork('split')); each part keeps file order.
 */
export async function loadCorpus(options: CorpusOptions): Promise<Corpus> {
  const { maxLen } = options;
  if (!(Number.isSafeInteger(maxLen) && maxLen > 0)) throw new RangeError(`loadCorpus: maxLen must be a positive integer, got ${maxLen}`);
  const split = options.split ?? DEFAULT_SPLIT;
  checkSplitFractions(split);
  let blankLines = 0;
  const read = async (path: string): Promise<string[][]> => {
    const text = await readTextLines(path, options.read);
    blankLines += text.blankLines;
    return text.lines.map((line) => tokenize(line, { kind: options.tokenizer, lowercase: options.lowercase }));
  };
  const trainFile = await read(options.train);
  const validFile = options.valid === undefined ? undefined : await read(options.valid);
  const testFile = options.test === undefined ? undefined : await read(options.test);
  const needsSplit = validFile === undefined || testFile === undefined;
  // A part that has its own file gives its share back to train.
  const validShare = validFile === undefined ? split[1] : 0;
  const testShare = testFile === undefined ? split[2] : 0;
  const fractions: SplitFractions = [1 - validShare - testShare, validShare, testShare];
  const parts = needsSplit ? seededSplit(trainFile, fractions, options.seed, quotePath(options.train)) : { train: trainFile, valid: [], test: [] };
  const corpus = { train: parts.train, valid: validFile ?? parts.valid, test: testFile ?? parts.test };
  return { ...corpus, truncated: truncateParts(corpus, maxLen), blankLines };
}
