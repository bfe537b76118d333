// Benchmark: COCO BLEU-2..5 (10k generated vs the 10k test set) and Self-BLEU-2..5, with timings, printed as one JSON line.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bleuByOrder, ReferenceSet, selfBleuByOrder, sentenceBleu } from '../src/metrics/bleu.js';
import { tokenize } from '../src/data/tokenize.js';

const HYPOTHESIS_COUNT = 10_000;
const SELF_BLEU_COUNT = 1_000;
const CROSS_CHECK_COUNT = 3; // hypotheses re-scored the slow NLTK way against all 10k references
const ORDERS = [2, 3, 4, 5];

const here = dirname(fileURLToPath(import.meta.url));
const cocoDir = resolve(here, '../../../shared/data/coco');
const hypothesisFile = resolve(cocoDir, 'image_coco.txt');
const referenceFile = resolve(cocoDir, 'test_coco.txt');

type Tokenizer = (line: string) => string[];
const whitespaceLower: Tokenizer = (line) => line.toLowerCase().split(/\s+/).filter((token) => token.length > 0);
const wordLower: Tokenizer = (line) => tokenize(line, { kind: 'word', lowercase: true });

function readSentences(path: string, tokenizer: Tokenizer, limit = Infinity): string[][] {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop(); // the final newline ends the last line, it does not start another
  return lines.slice(0, limit).map(tokenizer);
}

function seconds(start: number): number {
  return Number(((performance.now() - start) / 1000).toFixed(3));
}

function rounded(scores: Record<number, number>, prefix: string): Record<string, number> {
  return Object.fromEntries(ORDERS.map((order) => [`${prefix}${order}`, Number(scores[order].toFixed(4))]));
}

function run(tokenizer: Tokenizer): Record<string, unknown> {
  const hypotheses = readSentences(hypothesisFile, tokenizer, HYPOTHESIS_COUNT);
  const references = readSentences(referenceFile, tokenizer);

  let start = performance.now();
  const referenceSet = new ReferenceSet(references, { maxOrder: Math.max(...ORDERS) });
  const buildSeconds = seconds(start);
  start = performance.now();
  const bleu = bleuByOrder(hypotheses, referenceSet, { orders: ORDERS, smoothing: 1 });
  const scoreSeconds = seconds(start);

  start = performance.now();
  const selfBleu = selfBleuByOrder(hypotheses.slice(0, SELF_BLEU_COUNT), { orders: ORDERS, smoothing: 1 });
  const selfBleuSeconds = seconds(start);
  start = performance.now();
  const selfBleuAll = selfBleuByOrder(hypotheses, { orders: ORDERS, smoothing: 1 });
  const selfBleuAllSeconds = seconds(start);

  // The fast path must equal NLTK's structure (clip by each reference in turn) with all references passed.
  start = performance.now();
  let crossCheckMaxAbsDiff = 0;
  for (const hypothesis of hypotheses.slice(0, CROSS_CHECK_COUNT)) {
    const slow = sentenceBleu(references, hypothesis, { maxN: 4, smoothing: 1 });
    crossCheckMaxAbsDiff = Math.max(crossCheckMaxAbsDiff, Math.abs(slow - referenceSet.sentenceBleu(hypothesis, { maxN: 4, smoothing: 1 })));
  }
  const crossCheckSeconds = seconds(start);

  return {
    hypotheses: hypotheses.length,
    references: references.length,
    ...rounded(bleu, 'bleu'),
    ...rounded(selfBleu, 'selfBleu'),
    selfBleuSentences: SELF_BLEU_COUNT,
    ...rounded(selfBleuAll, `selfBleuAll${hypotheses.length}_`),
    seconds: { referenceSetBuild: buildSeconds, bleu2to5: scoreSeconds, bleuTotal: Number((buildSeconds + scoreSeconds).toFixed(3)), selfBleu2to5: selfBleuSeconds, selfBleuAll2to5: selfBleuAllSeconds },
    crossCheck: { hypotheses: CROSS_CHECK_COUNT, maxAbsDiffVsNltkStructuredPath: crossCheckMaxAbsDiff, seconds: crossCheckSeconds },
  };
}

function main(): void {
  if (!existsSync(hypothesisFile) || !existsSync(referenceFile)) {
    console.log(JSON.stringify({ benchmark: 'bleu', skipped: `COCO files not found: ${hypothesisFile}, ${referenceFile}` }));
    return;
  }
  const protocol =
    'Texygen BLEU-n: each of the first 10,000 lines of image_coco.txt against all 10,000 lines of test_coco.txt, NLTK 3.8 sentence_bleu ' +
    'with uniform weights 1/n and smoothing method 1 (epsilon 0.1), averaged; Self-BLEU-n: each of the first 1,000 (and all 10,000) ' +
    'hypotheses against all the other hypotheses (never itself), same settings. Texygen\'s 500-reference and self-reference bugs are not reproduced.';
  console.log(
    JSON.stringify({
      benchmark: 'bleu',
      protocol,
      node: process.version,
      whitespace: { tokenize: 'lower-case, split on whitespace (final periods stay attached: "wheel.")', ...run(whitespaceLower) },
      word: { tokenize: "textforge's word tokenizer, lower-case (punctuation split off, as Texygen's nltk.word_tokenize)", ...run(wordLower) },
    }),
  );
}

main();
