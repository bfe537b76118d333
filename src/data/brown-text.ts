// The built-in Brown Corpus as plain text (case, punctuation and spacing as printed, paragraphs wrapped in lines), for byte-level models.
import { Rng } from '../engine/random.js';
import { printedSentences, readBrownSamples } from './builtin.js';
import { truncateParts, type Corpus } from './corpus.js';
import { DEFAULT_SPLIT, seededSplit } from './split.js';
import { detokenize, tokenize } from './tokenize.js';

/** Greedy word wrap of one paragraph at `width` columns (a longer word gets a line of its own). */
export function wrapParagraph(paragraph: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(' ')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * One sample as a plain-text file would hold it: sentences detokenized (the word tokenizer's rules), grouped into
 * paragraphs of 1-6 sentences, wrapped at a width of 56-78 columns, paragraphs separated by a blank line in about half the
 * samples (the others start each paragraph on a new line), all drawn from `rng`. Plain-text files are mostly hard-wrapped
 * like this, so a model trained on it predicts their line ends.
 */
function plainTextOf(sentences: string[][], rng: Rng): string[] {
  const width = rng.int(56, 79);
  const blankBetween = rng.uniform() < 0.5;
  const lines: string[] = [];
  for (let i = 0; i < sentences.length;) {
    const count = rng.int(1, 7);
    const paragraph = sentences.slice(i, i + count).map((s) => detokenize(s, 'word')).join(' ');
    i += count;
    if (blankBetween && lines.length > 0) lines.push('');
    lines.push(...wrapParagraph(paragraph, width));
  }
  return lines;
}

/** Every sample of the Brown Corpus as plain-text lines (blank lines between paragraphs included), in sample-file order. */
export async function loadBrownPlainText(seed: number): Promise<string[][]> {
  const rng = new Rng(seed).fork('brown-plain-text');
  return (await readBrownSamples()).map((text) => plainTextOf(printedSentences(text), rng));
}

/**
 * The built-in corpus for byte-level models: the 500 samples as plain text, split by sample (seeded, 90/5/5) so each
 * part is running text; each line is one sentence of the Corpus, in byte tokens, and a blank line an empty one.
 */
export async function builtinByteCorpus(options: { seed: number; maxLen: number }): Promise<Corpus> {
  const samples = await loadBrownPlainText(options.seed);
  const parts = seededSplit(samples, DEFAULT_SPLIT, options.seed, 'the built-in corpus');
  const toLines = (part: string[][]) => part.flat().map((line) => (line === '' ? [] : tokenize(line, { kind: 'byte', lowercase: false })));
  const corpus = { train: toLines(parts.train), valid: toLines(parts.valid), test: toLines(parts.test) };
  return { ...corpus, truncated: truncateParts(corpus, options.maxLen), blankLines: 0 };
}
