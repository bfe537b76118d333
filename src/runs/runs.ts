// Train, open and summarise a run of any family by name: what the CLI, compare, the web app and compression go through (none of them names a family).
import { familyNamed } from './registry.js';
import { FAMILY_SERVICES } from './services.js';
import { openRunFiles, trainFamily, type FamilyResult, type LoadedRun } from '../train/family.js';
import { RunDir, type CheckpointKind } from '../train/run-dir.js';
import { checkFamilyConfig, checkRunConfig, inRunConfig } from '../train/run-config.js';
import type { ProgressReporter } from '../train/progress.js';

/** Train (or resume) a run of the family called `name` with the given settings over the family's defaults. */
export async function trainRun(name: string, settings: Record<string, unknown>, io: { progress: ProgressReporter; resume?: boolean; signal?: AbortSignal }): Promise<FamilyResult & Record<string, unknown>> {
  return trainFamily(familyNamed(name), settings, { ...io, services: FAMILY_SERVICES }) as Promise<FamilyResult & Record<string, unknown>>;
}

/** Open any run for sampling and evaluation, with the parameters of one checkpoint (best, falling back to last). */
export async function openRun(path: string, checkpoint: CheckpointKind = 'best'): Promise<LoadedRun> {
  const opened = await openRunFiles(path, checkpoint);
  const family = inRunConfig(path, 'model', () => familyNamed(opened.config.model));
  checkFamilyConfig(path, opened.config, family);
  return family.open(opened);
}

/** A summary of any run: its settings, size, progress and best scores (read from its files, no model loaded). */
export async function runInfo(path: string): Promise<Record<string, unknown>> {
  const run = await RunDir.open(path);
  const config = await run.readJson<unknown>('config.json');
  checkRunConfig(path, config);
  checkFamilyConfig(path, config, inRunConfig(path, 'model', () => familyNamed(config.model)));
  const metrics = await run.readMetrics();
  const valid = metrics.filter((m) => m.split === 'valid');
  const test = metrics.filter((m) => m.split === 'test').pop();
  const lastStep = metrics.reduce((m, r) => Math.max(m, typeof r.step === 'number' ? r.step : 0), 0);
  // scores of different phases (MLE's NLL, SeqGAN's NLL-oracle) are not comparable: the best of each phase
  const bestOf = (records: Record<string, unknown>[]) => records.reduce<Record<string, unknown> | null>((b, r) => (b === null || (r.score as number) < (b.score as number) ? r : b), null);
  const phases = [...new Set(valid.map((r) => r.phase))];
  const best = phases.length <= 1 ? bestOf(valid) : Object.fromEntries(phases.map((p) => [String(p), bestOf(valid.filter((r) => r.phase === p))]));
  const { model, textforge: _version, settings: _settings, parameters, vocabSize, data, ...parts } = config;
  return {
    run: path, model, ...parts, parameters, vocabSize, data, steps: lastStep,
    checkpoints: { last: await run.hasCheckpoint('last'), best: await run.hasCheckpoint('best') },
    bestValid: best, test: test ?? null,
  };
}
