// The compare report: one table row per model, the quality-diversity and training-curve plots, written as Markdown and HTML.
import { join } from 'node:path';
import { RunDir } from '../train/run-dir.js';
import { qualityDiversityPlot, trainingCurvesPlot, renderReport, saveReport, type CurvePoint, type TableColumn, type TableRow } from '../report/index.js';
import type { ModelResult } from './types.js';

const percent = (v: number | string | null) => (typeof v === 'number' ? `${(100 * v).toFixed(1)}%` : '—');
const fixed = (digits: number) => (v: number | string | null) => (typeof v === 'number' ? v.toFixed(digits) : '—');

const COLUMNS: TableColumn[] = [
  { key: 'model', label: 'model' },
  { key: 'nll', label: 'NLL-test / token', format: fixed(3) },
  { key: 'ppl', label: 'PPL-test', format: fixed(1) },
  { key: 'reversePpl', label: 'reverse PPL', format: fixed(1) },
  ...[2, 3, 4, 5].map((n) => ({ key: `bleu${n}`, label: `BLEU-${n}`, format: fixed(3) })),
  ...[2, 3, 4, 5].map((n) => ({ key: `selfBleu${n}`, label: `Self-BLEU-${n}`, format: fixed(3) })),
  ...[1, 2, 3].map((n) => ({ key: `distinct${n}`, label: `distinct-${n}`, format: fixed(3) })),
  { key: 'copyRate', label: 'copy rate', format: percent },
  { key: 'parameters', label: 'parameters', format: (v) => (typeof v === 'number' ? v.toLocaleString('en-US') : '—') },
  { key: 'trainSeconds', label: 'train s', format: fixed(0) },
  { key: 'tokensPerSecond', label: 'tokens/s', format: fixed(0) },
];

function rowOf(r: ModelResult): TableRow {
  return {
    model: r.model,
    nll: r.likelihood?.nllPerToken ?? null,
    ppl: r.likelihood?.perplexity ?? null,
    reversePpl: r.reversePerplexity,
    ...r.metrics.bleu,
    ...r.metrics.selfBleu,
    ...r.metrics.distinct,
    copyRate: r.metrics.copyRate,
    parameters: r.parameters,
    trainSeconds: r.trainSeconds,
    tokensPerSecond: r.tokensPerSecond,
  };
}

/**
 * Validation NLL per token (log perplexity, so likelihood models of every family share one axis) and, for
 * language models, whose training loss is per token too, the training loss; from each run's metrics.jsonl.
 */
async function curves(results: readonly ModelResult[]): Promise<CurvePoint[]> {
  const points: CurvePoint[] = [];
  for (const r of results) {
    const run = await RunDir.open(r.runDir);
    const perTokenTrainLoss = (await run.readJson<{ model: string }>('config.json')).model === 'lm';
    for (const m of await run.readMetrics()) {
      if (typeof m.step !== 'number') continue;
      if (m.split === 'valid' && typeof m.ppl === 'number') points.push({ model: r.model, step: m.step, value: Math.log(m.ppl), split: 'valid' });
      else if (m.split === undefined && perTokenTrainLoss && typeof m.loss === 'number') points.push({ model: r.model, step: m.step, value: m.loss, split: 'train' });
    }
  }
  return points;
}

export async function writeCompareReport(dir: string, data: { protocol: string[]; results: ModelResult[] }): Promise<void> {
  const plots = [
    {
      title: 'Quality against diversity (BLEU-4 against 1 - Self-BLEU-4)',
      svg: await qualityDiversityPlot(data.results.map((r) => ({
        model: r.model, quality: r.metrics.bleu.bleu4, diversity: 1 - r.metrics.selfBleu.selfBleu4, qualityLabel: 'BLEU-4', diversityLabel: '1 - Self-BLEU-4',
      }))),
    },
  ];
  const series = await curves(data.results);
  if (series.length > 0) plots.push({ title: 'Training curves (NLL per token)', svg: await trainingCurvesPlot(series, 'NLL per token (nats)') });
  const rendered = renderReport({
    title: `textforge compare: ${data.results.map((r) => r.model).join(', ')}`,
    createdAt: new Date().toISOString(),
    protocol: data.protocol,
    columns: COLUMNS,
    rows: data.results.map(rowOf),
    plots,
    notes: data.results.map((r) => `${r.model}: ${r.description}; ${r.steps} steps; run directory ${join(r.runDir)}`),
  });
  await saveReport(dir, rendered);
}
