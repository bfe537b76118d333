// The models `textforge compare` can train: every family's compare entries, trained and opened through the run registry, so compare never names a family.
import type { ProgressReporter } from '../train/progress.js';
import type { TokenizerKind } from '../data/tokenize.js';
import type { Likelihood } from '../train/family.js';
import { FAMILIES } from '../runs/registry.js';
import { openRun, trainRun } from '../runs/runs.js';

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

export type { Likelihood };

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

/** Every family's compare entries as models: train with the shared settings and the entry's, then open the run to sample. */
function familyModels(): ComparableModel[] {
  return FAMILIES.flatMap((family) => (family.compare?.entries ?? []).map((entry): ComparableModel => ({
    name: entry.name,
    description: entry.description,
    async train(ctx) {
      const shared = { train: ctx.train, test: ctx.test, tokenizer: ctx.tokenizer, lowercase: ctx.lowercase, seed: ctx.seed, out: ctx.runDir };
      const result = await trainRun(family.name, { ...shared, ...(entry.settings(ctx.budgetMs) as Record<string, unknown>) }, { progress: ctx.progress });
      const loaded = await openRun(ctx.runDir, 'best');
      const maxLength = loaded.settings.maxLen;
      return {
        sample: (count, seed) => loaded.sample({ strategy: { kind: 'sample' }, count, maxLength, seed }),
        testLikelihood: family.compare?.likelihood(result as never) ?? null,
        parameters: loaded.parameters,
        trainSeconds: result.summary.seconds,
        steps: result.summary.steps,
        tokensPerSecond: result.summary.tokensPerSecond,
        runDir: ctx.runDir,
      };
    },
  })));
}

const MODELS = new Map<string, ComparableModel>(familyModels().map((m) => [m.name, m]));

/** Add a model of one's own (a library user's system) to the ones compare can train. */
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
