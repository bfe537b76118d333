// The models `textforge compare` can train: each family registers itself here, so compare never changes when one is added.
import type { ProgressReporter } from '../train/progress.js';
import type { TokenizerKind } from '../data/tokenize.js';

export interface CompareContext {
  /** Training text file (one sentence per line). */
  train: string;
  /** Test text file: the likelihood test set and the BLEU references. */
  test: string;
  tokenizer: TokenizerKind;
  lowercase: boolean;
  /** Wall-clock training budget, the same for every model. */
  budgetMs: number;
  seed: number;
  /** A run directory for this model. */
  runDir: string;
  progress: ProgressReporter;
}

export interface Likelihood {
  nllPerToken: number;
  nllPerSentence: number;
  perplexity: number;
}

export interface TrainedModel {
  /** Generated sentences as tokens (the comparison's tokenizer). */
  sample(count: number, seed: number): Promise<string[][]>;
  /** NLL of the test file, or null for models without a tractable likelihood. */
  readonly testLikelihood: Likelihood | null;
  readonly parameters: number;
  readonly trainSeconds: number;
  readonly steps: number;
  readonly tokensPerSecond: number;
  /** The run directory (its metrics.jsonl gives the training curves). */
  readonly runDir: string;
}

export interface ComparableModel {
  readonly name: string;
  readonly description: string;
  train(context: CompareContext): Promise<TrainedModel>;
}

const MODELS = new Map<string, ComparableModel>();

export function registerModel(model: ComparableModel): void {
  if (MODELS.has(model.name)) throw new RangeError(`registerModel: '${model.name}' is registered twice`);
  MODELS.set(model.name, model);
}

export function registeredModels(): ComparableModel[] {
  return [...MODELS.values()];
}

export function modelNamed(name: string): ComparableModel {
  const m = MODELS.get(name);
  if (m === undefined) throw new RangeError(`compare: unknown model '${name}'; available: ${[...MODELS.keys()].join(', ')}`);
  return m;
}
