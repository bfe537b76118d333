// Tests for the plot builders, the SVG check, and renderReport's input checks and plot file names.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { qualityDiversityPlot, trainingCurvesPlot } from '../../src/report/plots.js';
import { checkSvg } from '../../src/report/svg-check.js';
import { renderReport, type CompareReport } from '../../src/report/write-report.js';
import { sampleCurves } from './sample-report.js';

const LABELS = { qualityLabel: 'BLEU-4', diversityLabel: '1 - Self-BLEU-4' };

describe('qualityDiversityPlot', () => {
  it('draws one point and one label per model, with the metric names as axis titles', async () => {
    const svg = await qualityDiversityPlot([
      { model: 'a', quality: 0.3, diversity: 0.6, ...LABELS },
      { model: 'b', quality: 0.35, diversity: 0.4, ...LABELS },
      { model: 'c', quality: 0.2, diversity: 0.7, ...LABELS },
    ]);
    const { marks, external } = checkSvg(svg);
    assert.equal(marks, 6);
    assert.deepEqual(external, []);
    assert.match(svg, />BLEU-4</);
    assert.match(svg, />1 - Self-BLEU-4</);
    assert.match(svg, /font-family="sans-serif"/);
  });

  it('works for a single model', async () => {
    assert.equal(checkSvg(await qualityDiversityPlot([{ model: 'only', quality: 0.5, diversity: 0.5, ...LABELS }])).marks, 2);
  });

  it('rejects no points, non-finite values and mixed metric names', async () => {
    await assert.rejects(qualityDiversityPlot([]), { message: 'qualityDiversityPlot: points must be non-empty, got 0 points' });
    await assert.rejects(qualityDiversityPlot([{ model: 'a', quality: Number.NaN, diversity: 0.5, ...LABELS }]), {
      message: 'qualityDiversityPlot: points[0].quality must be a finite number, got NaN',
    });
    await assert.rejects(
      qualityDiversityPlot([
        { model: 'a', quality: 0.3, diversity: 0.5, ...LABELS },
        { model: 'b', quality: 0.3, diversity: 0.5, ...LABELS, qualityLabel: 'BLEU-2' },
      ]),
      { message: `qualityDiversityPlot: points[1].qualityLabel must equal points[0]'s "BLEU-4", got "BLEU-2"` },
    );
  });
});

describe('trainingCurvesPlot', () => {
  it('draws a line per model and split, plus points on the validation values', async () => {
    const svg = await trainingCurvesPlot(sampleCurves(), 'NLL');
    // 2 models x 2 splits = 4 lines; 2 models x 9 validation steps = 18 points.
    assert.equal(checkSvg(svg).marks, 4 + 18);
    assert.match(svg, /stroke-dasharray="6,4"/);
    assert.match(svg, />NLL</);
    assert.match(svg, />valid</);
  });

  it('with validation points only, draws dashed lines and no split legend', async () => {
    const svg = await trainingCurvesPlot(sampleCurves().filter((p) => p.split === 'valid'), 'NLL-oracle');
    assert.equal(checkSvg(svg).marks, 2 + 18);
    assert.match(svg, /stroke-dasharray="6,4"/);
    assert.doesNotMatch(svg, />train</);
    assert.doesNotMatch(svg, />split</);
  });

  it('rejects an empty series, a bad split and a missing y label', async () => {
    await assert.rejects(trainingCurvesPlot([], 'NLL'), { message: 'trainingCurvesPlot: series must be non-empty, got 0 points' });
    const bad = [{ model: 'a', step: 1, value: 2, split: 'test' }] as unknown as Parameters<typeof trainingCurvesPlot>[0];
    await assert.rejects(trainingCurvesPlot(bad, 'NLL'), { message: `trainingCurvesPlot: series[0].split must be 'train' or 'valid', got "test"` });
    await assert.rejects(trainingCurvesPlot(sampleCurves(), ' '), { message: 'trainingCurvesPlot: yLabel must be a non-empty string, got " "' });
  });
});

describe('checkSvg', () => {
  const MARK = '<g class="mark-symbol role-mark"><path d="M0,0h1"/></g>';

  it('counts drawn elements inside role-mark groups only', () => {
    assert.deepEqual(checkSvg(`<svg a="1"><!-- a > b --><g class="legend"><path d="M0"/></g>${MARK}<text x='1'>a &lt; b</text></svg>`), { elements: 6, marks: 1, external: [] });
  });

  it('lists scripts and outside links', () => {
    const { external } = checkSvg(`<svg><script>1</script><image href="https://example.org/x.png"/><use xlink:href="#clip1"/></svg>`);
    assert.deepEqual(external, ['<script>', 'href="https://example.org/x.png"']);
  });

  it('rejects markup that is not well-formed', () => {
    assert.throws(() => checkSvg('<div></div>'), { message: 'checkSvg: svg must start with <svg, got "<div></div>"' });
    assert.throws(() => checkSvg(`<svg>${MARK}`), { message: 'checkSvg: svg must close every element, got <svg> still open at the end' });
    assert.throws(() => checkSvg('<svg><g></svg>'), /checkSvg: svg must close elements in order, got <\/svg> at offset 8 while <g> is open/);
    assert.throws(() => checkSvg('<svg></svg><svg></svg>'), /checkSvg: svg must have a single root element/);
    assert.throws(() => checkSvg('<svg a=1></svg>', 'plot'), /plot: svg must have well-formed attributes/);
    assert.throws(() => checkSvg('<svg a="1" a="2"></svg>'), /checkSvg: svg must not repeat an attribute, got a twice/);
  });
});

describe('renderReport input', () => {
  const base: CompareReport = { title: 'T', createdAt: 'now', protocol: [], columns: [{ key: 'm', label: 'model' }], rows: [{ m: 'x' }], plots: [] };
  const svg = '<svg><g class="mark-line role-mark"><path d="M0,0L1,1"/></g></svg>';

  it('names plot files after their titles, uniquely', () => {
    const plots = [{ title: 'Quality / Diversity!', svg }, { title: 'Quality / diversity', svg }, { title: '¿¿', svg }];
    const { plotFiles, markdown } = renderReport({ ...base, plots });
    assert.deepEqual(plotFiles.map((plot) => plot.path), ['plots/quality-diversity.svg', 'plots/quality-diversity-2.svg', 'plots/plot-3.svg']);
    assert.ok(markdown.includes('![Quality / Diversity!](plots/quality-diversity.svg)'));
  });

  it('leaves out empty sections', () => {
    const { markdown, html } = renderReport(base);
    assert.equal(markdown, '# T\n\nCreated now.\n\n## Results\n\n| model |\n| :--- |\n| x |\n');
    assert.doesNotMatch(html, /Protocol|Plots|Notes|<figure>/);
  });

  it('rejects a blank title, malformed or outside-linking plots', () => {
    assert.throws(() => renderReport({ ...base, title: '' }), { message: 'renderReport: title must be a non-empty string, got ""' });
    assert.throws(() => renderReport({ ...base, plots: [{ title: 'p', svg: '<svg>' }] }), /renderReport: plots\[0\]: svg must close every element/);
    const linked = '<svg><image href="http://example.org/a.png"/></svg>';
    assert.throws(() => renderReport({ ...base, plots: [{ title: 'p', svg: linked }] }), {
      message: 'renderReport: plots[0].svg must be self-contained (no scripts or outside links), got href="http://example.org/a.png"',
    });
  });
});
