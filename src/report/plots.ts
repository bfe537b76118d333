// The compare report's two plots, built as Vega-Lite specs and rendered to checked SVG strings.
import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLiteSvg } from './render-svg.js';
import { checkSvg } from './svg-check.js';

/** One model's point on the quality / diversity plane, with the names of the two metrics for the axis titles. */
export interface QualityDiversityPoint {
  model: string;
  quality: number;
  diversity: number;
  qualityLabel: string;
  diversityLabel: string;
}

/** One value of a training curve: a model's metric at a step, on the train or validation split. */
export interface CurvePoint {
  model: string;
  step: number;
  value: number;
  split: 'train' | 'valid';
}

const CONFIG = {
  font: 'sans-serif',
  background: 'white',
  padding: 12,
  axis: { labelFontSize: 11, titleFontSize: 12, titlePadding: 10, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  view: { stroke: '#cccccc' },
};

function checkFinite(where: string, what: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${where}: ${what} must be a finite number, got ${String(value)}`);
}

function checkName(where: string, what: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`${where}: ${what} must be a non-empty string, got ${JSON.stringify(value)}`);
}

/** Renders, then requires well-formed SVG with at least one data mark. */
async function renderChecked(spec: TopLevelSpec, where: string): Promise<string> {
  const svg = await renderVegaLiteSvg(spec, where);
  const { marks } = checkSvg(svg, where);
  if (marks === 0) throw new Error(`${where}: svg must contain at least one data mark, got 0`);
  return svg;
}

/** Scatter of quality (x) against diversity (y), one labelled point per model; higher and further right is better on both. */
export async function qualityDiversityPlot(points: readonly QualityDiversityPoint[]): Promise<string> {
  const where = 'qualityDiversityPlot';
  if (points.length === 0) throw new RangeError(`${where}: points must be non-empty, got 0 points`);
  const [first] = points;
  points.forEach((point, i) => {
    checkName(where, `points[${i}].model`, point.model);
    checkFinite(where, `points[${i}].quality`, point.quality);
    checkFinite(where, `points[${i}].diversity`, point.diversity);
    if (point.qualityLabel !== first.qualityLabel) throw new RangeError(`${where}: points[${i}].qualityLabel must equal points[0]'s "${first.qualityLabel}", got "${point.qualityLabel}"`);
    if (point.diversityLabel !== first.diversityLabel) throw new RangeError(`${where}: points[${i}].diversityLabel must equal points[0]'s "${first.diversityLabel}", got "${point.diversityLabel}"`);
  });
  const x = { field: 'quality', type: 'quantitative', title: first.qualityLabel, scale: { zero: false, padding: 28 } } as const;
  const y = { field: 'diversity', type: 'quantitative', title: first.diversityLabel, scale: { zero: false, padding: 28 } } as const;
  const color = { field: 'model', type: 'nominal', title: 'model', legend: null } as const;
  const spec: TopLevelSpec = {
    width: 440,
    height: 320,
    data: { values: points.map(({ model, quality, diversity }) => ({ model, quality, diversity })) },
    layer: [
      { mark: { type: 'point', filled: true, size: 90, opacity: 1 }, encoding: { x, y, color } },
      { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 9, fontSize: 12 }, encoding: { x, y, color, text: { field: 'model', type: 'nominal' } } },
    ],
    config: CONFIG,
  };
  return renderChecked(spec, where);
}

/** Line dash per split: train solid, validation dashed. */
const SPLIT_DASHES = { train: [1, 0], valid: [6, 4] } as const;

/** Training curves: one line per model and split, colour by model, solid for train and dashed (with points) for valid. */
export async function trainingCurvesPlot(series: readonly CurvePoint[], yLabel: string, xLabel = 'step'): Promise<string> {
  const where = 'trainingCurvesPlot';
  if (series.length === 0) throw new RangeError(`${where}: series must be non-empty, got 0 points`);
  checkName(where, 'yLabel', yLabel);
  series.forEach((point, i) => {
    checkName(where, `series[${i}].model`, point.model);
    checkFinite(where, `series[${i}].step`, point.step);
    checkFinite(where, `series[${i}].value`, point.value);
    if (point.split !== 'train' && point.split !== 'valid') throw new RangeError(`${where}: series[${i}].split must be 'train' or 'valid', got ${JSON.stringify(point.split)}`);
  });
  checkName(where, 'xLabel', xLabel);
  const x = { field: 'step', type: 'quantitative', title: xLabel } as const;
  const y = { field: 'value', type: 'quantitative', title: yLabel, scale: { zero: false } } as const;
  const color = { field: 'model', type: 'nominal', title: 'model' } as const;
  // The dash patterns of the splits the series holds; a single split needs no legend (e.g. NLL-oracle, validation only).
  const splits = (['train', 'valid'] as const).filter((split) => series.some((p) => p.split === split));
  const strokeDash = {
    field: 'split',
    type: 'nominal',
    title: 'split',
    scale: { domain: splits, range: splits.map((split) => [...SPLIT_DASHES[split]]) },
    // A long grey stroke per entry, so the dash pattern is visible in the legend.
    legend: splits.length > 1 ? { symbolType: 'stroke', symbolSize: 500, symbolStrokeWidth: 2, symbolStrokeColor: '#555555' } : null,
  } as const;
  const spec: TopLevelSpec = {
    width: 560,
    height: 320,
    data: { values: series.map(({ model, step, value, split }) => ({ model, step, value, split })) },
    layer: [
      { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color, strokeDash } },
      { transform: [{ filter: { field: 'split', equal: 'valid' } }], mark: { type: 'point', filled: true, size: 36, opacity: 1 }, encoding: { x, y, color } },
    ],
    config: CONFIG,
  };
  return renderChecked(spec, where);
}
