// A SeqGAN run's NLL-oracle curve on the paper's axis (MLE epochs, then adversarial steps), read from its one metrics file, and its plot.
import { join } from 'node:path';
import { trainingCurvesPlot, type CurvePoint } from '../../report/plots.js';
import { RunDir, RunError, exists } from '../../train/run-dir.js';

const PHASE_NAMES = { mle: 'MLE pre-training', adversarial: 'SeqGAN adversarial' };

/** Validation records of a run's phases, read from earlier runs' nested mle/ run too (adversarial records there carry the global step). */
async function validations(run: RunDir): Promise<{ mle: Record<string, unknown>[]; adversarial: { step: number; record: Record<string, unknown> }[] }> {
  const own = (await run.readMetrics()).filter((m) => m.split === 'valid' && typeof m.nll_oracle === 'number');
  if (await exists(join(run.path, 'mle', 'metrics.jsonl'))) {
    const config = await run.readJson<{ schedule: { dPretrainRounds: number } }>('config.json');
    const nested = (await (await RunDir.open(join(run.path, 'mle'))).readMetrics()).filter((m) => m.split === 'valid' && typeof m.nll_oracle === 'number');
    return { mle: nested, adversarial: own.map((m) => ({ step: Math.max(0, (m.step as number) - config.schedule.dPretrainRounds), record: m })) };
  }
  return { mle: own.filter((m) => m.phase === 'mle'), adversarial: own.filter((m) => m.phase === 'adversarial').map((m) => ({ step: m.phaseStep as number, record: m })) };
}

async function curveOf(run: RunDir, names: { mle: string; adversarial: string }): Promise<CurvePoint[]> {
  const config = await run.readJson<{ model: string }>('config.json');
  if (config.model !== 'seqgan') throw new RunError(`run '${run.path}' holds a ${config.model} model; this needs a seqgan run`);
  const { mle, adversarial } = await validations(run);
  const points: CurvePoint[] = mle.map((m) => ({ model: names.mle, step: m.epoch as number, value: m.nll_oracle as number, split: 'valid' }));
  const lastEpoch = mle.reduce((e, m) => Math.max(e, m.epoch as number), 0);
  for (const { step, record } of adversarial) points.push({ model: names.adversarial, step: lastEpoch + step, value: record.nll_oracle as number, split: 'valid' });
  return points;
}

/**
 * A SeqGAN run's NLL-oracle curve, on the paper's axis: MLE validations by epoch, then one unit per adversarial step
 * counted on from the last MLE epoch (pre-training rounds do not move the generator and take no room). Each phase is
 * named as `names` says.
 */
export async function nllOracleCurve(path: string, names = PHASE_NAMES): Promise<CurvePoint[]> {
  return curveOf(await RunDir.open(path), names);
}

/** Writes plots/nll-oracle.svg of a run from its metrics; its path, or null when the run has no NLL-oracle values. */
export async function writeNllOracleCurve(run: RunDir): Promise<string | null> {
  const points = await curveOf(run, PHASE_NAMES);
  if (points.length === 0) return null;
  await run.writeText('plots/nll-oracle.svg', await trainingCurvesPlot(points, 'NLL-oracle (nats per token)', 'MLE epoch, then adversarial step'));
  return run.file('plots/nll-oracle.svg');
}

/** Redraw plots/nll-oracle.svg of a SeqGAN run from its metrics (e.g. after it finished, or while it runs). */
export async function plotNllOracle(path: string): Promise<string | null> {
  return writeNllOracleCurve(await RunDir.open(path));
}
