// Loads the NLTK 3.8 BLEU values written by test/fixtures/nltk/make_bleu_fixtures.py, and compares scores to them.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAllClose } from '../helpers/allclose.js';
import type { SmoothingMethod } from '../../src/metrics/bleu.js';

type Sentence = string[];

/** scores[smoothing method 0-4][n - 1], uniform weights 1/n, n = 1..5. */
export type ScoreGrid = number[][];

export interface BleuFixtures {
  nltkVersion: string;
  sentence: { name: string; references: Sentence[]; hypothesis: Sentence; scores: ScoreGrid }[];
  weighted: { name: string; references: Sentence[]; hypothesis: Sentence; weights: number[]; smoothing: SmoothingMethod; score: number }[];
  corpus: { name: string; referencesPerHypothesis: Sentence[][]; hypotheses: Sentence[]; scores: ScoreGrid }[];
  /** perSentence[smoothing][n - 1][i]: NLTK sentence_bleu(all sentences but i, sentence i). */
  selfBleu: { sentences: Sentence[]; perSentence: number[][][] };
}

export const SMOOTHING_METHODS: SmoothingMethod[] = [0, 1, 2, 3, 4];
export const FIXTURE_ORDERS = [1, 2, 3, 4, 5];

const fixturePath = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/nltk/bleu_fixtures.json');

export function loadBleuFixtures(): BleuFixtures {
  return JSON.parse(readFileSync(fixturePath, 'utf8')) as BleuFixtures;
}

/**
 * NLTK agreement: within 1e-9 absolute, and also within 1e-9 relative, so the tiny method-0 scores
 * (built on sys.float_info.min, e.g. 1e-155) must match too rather than pass as "about zero".
 */
export function assertMatchesNltk(actual: readonly number[], expected: readonly number[], what: string): void {
  assertAllClose(actual, expected, { atol: 1e-9, rtol: 0 }, `${what} (absolute)`);
  assertAllClose(actual, expected, { atol: 0, rtol: 1e-9 }, `${what} (relative)`);
}
