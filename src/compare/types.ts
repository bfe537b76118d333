// The types `textforge compare` and its report share: its options, one model's scored result and the whole result; apart so that compare.ts and report.ts need not import each other.
import type { TokenizerKind } from '../data/tokenize.js';
import type { ProgressReporter } from '../train/progress.js';
import type { TextMetrics } from '../metrics/text-metrics.js';
import type { Likelihood } from './registry.js';

export interface CompareOptions {
  train: string;
  test: string;
  models: string[];
  budgetMs: number;
  seed: number;
  out: string;
  /** Sentences generated per model for BLEU, Self-BLEU and diversity. */
  samples: number;
  tokenizer: TokenizerKind;
  lowercase: boolean;
  progress: () => ProgressReporter;
  log: (line: string) => void;
}

export interface ModelResult {
  model: string;
  description: string;
  likelihood: Likelihood | null;
  /** Perplexity on the test file of a small LM trained on the samples (models without a likelihood). */
  reversePerplexity: number | null;
  metrics: TextMetrics;
  parameters: number;
  trainSeconds: number;
  steps: number;
  tokensPerSecond: number;
  runDir: string;
}

export interface CompareResult {
  out: string;
  results: ModelResult[];
  protocol: string[];
}
