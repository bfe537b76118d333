// A two-model compare report with both plots, shared by the report tests.
import { qualityDiversityPlot, trainingCurvesPlot, type CurvePoint } from '../../src/report/plots.js';
import type { CompareReport } from '../../src/report/write-report.js';

export const MODELS = ['lstm-mle', 'seqgan'] as const;

/** Smooth, deterministic loss curves: train every 50 steps, valid every 250. */
export function sampleCurves(): CurvePoint[] {
  const series: CurvePoint[] = [];
  MODELS.forEach((model, m) => {
    for (let step = 0; step <= 2000; step += 50) {
      series.push({ model, step, value: 6.4 - (1.1 + 0.2 * m) * Math.log1p(step / 150), split: 'train' });
      if (step % 250 === 0) series.push({ model, step, value: 6.5 - (0.9 + 0.1 * m) * Math.log1p(step / 150), split: 'valid' });
    }
  });
  return series;
}

export async function sampleReport(): Promise<CompareReport> {
  const labels = { qualityLabel: 'BLEU-4', diversityLabel: '1 - Self-BLEU-4' };
  return {
    title: 'COCO captions: LSTM MLE vs SeqGAN',
    createdAt: '2025-01-02T03:04:05Z',
    protocol: [
      'BLEU-n: each of 10,000 generated sentences against all 10,000 test captions, NLTK smoothing method 1',
      'Self-BLEU-n: each generated sentence against the other 9,999 (not itself)',
      'Training curves: mean per-token NLL on train (every 50 steps) and valid (every 250 steps)',
    ],
    columns: [
      { key: 'model', label: 'model' },
      { key: 'bleu4', label: 'BLEU-4' },
      { key: 'selfBleu4', label: 'Self-BLEU-4' },
      { key: 'nll', label: 'valid NLL' },
      { key: 'copy', label: 'copy rate', format: (value) => (typeof value === 'number' ? `${(100 * value).toFixed(1)}%` : 'n/a') },
    ],
    rows: [
      { model: 'lstm-mle', bleu4: 0.3051, selfBleu4: 0.408, nll: 2.8172, copy: 0.021 },
      { model: 'seqgan', bleu4: 0.2943, selfBleu4: 0.489, nll: null, copy: 0.034 },
    ],
    plots: [
      {
        title: 'Quality vs diversity',
        svg: await qualityDiversityPlot([
          { model: 'lstm-mle', quality: 0.3051, diversity: 1 - 0.408, ...labels },
          { model: 'seqgan', quality: 0.2943, diversity: 1 - 0.489, ...labels },
        ]),
      },
      { title: 'Training curves', svg: await trainingCurvesPlot(sampleCurves(), 'NLL per token (nats)') },
    ],
    notes: ['Illustrative numbers for the tests <not real results> & not for citation'],
  };
}
