// Renders a two-model compare report to a temp dir, checks its HTML and Markdown, then opens the HTML in headless Chromium.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReport, type CompareReport, type RenderedReport } from '../../src/report/write-report.js';
import { saveReport, type SavedReport } from '../../src/report/save-report.js';
import { checkSvg } from '../../src/report/svg-check.js';
import { sampleReport } from './sample-report.js';
import { checkReportInChromium, chromiumSkip } from '../helpers/browser.js';

/** Set to keep the temp dir (report, plots and screenshot) for a look afterwards. */
const KEEP = process.env.TEXTFORGE_KEEP_REPORT === '1';

let dir: string;
let data: CompareReport;
let rendered: RenderedReport;
let saved: SavedReport;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'textforge-report-'));
  data = await sampleReport();
  rendered = renderReport(data);
  saved = await saveReport(dir, rendered);
});

after(async () => {
  if (!KEEP) await rm(dir, { recursive: true, force: true });
});

describe('the HTML report', () => {
  it('inlines one well-formed <svg> per plot, each with data marks, after its title', async () => {
    const html = await readFile(saved.htmlPath, 'utf8');
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    assert.equal(svgs.length, data.plots.length);
    for (const svg of svgs) {
      const summary = checkSvg(svg);
      assert.ok(summary.marks > 0, 'an inline plot has no data marks');
      assert.match(svg, /class="mark-(symbol|line|text) role-mark\b/);
    }
    const titles = data.plots.map((plot) => html.indexOf(`<figcaption>${plot.title}</figcaption>`));
    assert.ok(titles.every((at, i) => at > 0 && at < html.indexOf(svgs[i])), 'each plot title comes before its svg');
    assert.ok(html.indexOf('<table>') < html.indexOf('<figure>'), 'the table comes before the plots');
  });

  it('shows the table values, formatted and escaped', async () => {
    const html = await readFile(saved.htmlPath, 'utf8');
    for (const cell of ['<td>lstm-mle</td>', '<td class="num">0.305</td>', '<td class="num">0.489</td>', '<td class="num">2.817</td>', '<td class="num">—</td>', '<td class="num">3.4%</td>']) {
      assert.ok(html.includes(cell), `missing ${cell}`);
    }
    assert.ok(html.includes('<th scope="col" class="num">Self-BLEU-4</th>'));
    assert.ok(html.includes('<li>Illustrative numbers for the tests &lt;not real results&gt; &amp; not for citation</li>'));
    assert.ok(html.includes('<li>Self-BLEU-n: each generated sentence against the other 9,999 (not itself)</li>'));
  });

  it('is self-contained: no external URLs, scripts, stylesheets or fonts', async () => {
    const html = await readFile(saved.htmlPath, 'utf8');
    assert.doesNotMatch(html, /\s(?:src|href|xlink:href)\s*=\s*["']?[^"'>]*http/i);
    assert.doesNotMatch(html, /<(script|link|iframe|img|object|embed)\b/i);
    assert.doesNotMatch(html, /@import|url\(/i);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  });
});

describe('the Markdown report', () => {
  it('has the table and links each plot file, which is written with its SVG', async () => {
    const markdown = await readFile(saved.markdownPath, 'utf8');
    assert.ok(markdown.startsWith('# COCO captions: LSTM MLE vs SeqGAN\n'));
    const table = [
      '| model | BLEU-4 | Self-BLEU-4 | valid NLL | copy rate |',
      '| :--- | ---: | ---: | ---: | ---: |',
      '| lstm-mle | 0.305 | 0.408 | 2.817 | 2.1% |',
      '| seqgan | 0.294 | 0.489 | — | 3.4% |',
    ].join('\n');
    assert.ok(markdown.includes(table), `table not found in:\n${markdown}`);
    assert.deepEqual(rendered.plotFiles.map((plot) => plot.path), ['plots/quality-vs-diversity.svg', 'plots/training-curves.svg']);
    assert.ok(markdown.includes('![Quality vs diversity](plots/quality-vs-diversity.svg)'));
    assert.ok(markdown.includes('![Training curves](plots/training-curves.svg)'));
    assert.ok(markdown.includes('- Illustrative numbers for the tests \\<not real results\\> \\& not for citation'));
    for (const [i, path] of saved.plotPaths.entries()) assert.equal(await readFile(path, 'utf8'), data.plots[i].svg);
  });
});

describe('the HTML report in Chromium', () => {
  it('draws every plot with a visible box and rendered marks, fetching nothing', { skip: chromiumSkip, timeout: 120_000 }, async (t) => {
    const screenshot = join(dir, 'report.png');
    await checkReportInChromium(saved.htmlPath, data.plots.length, screenshot);
    t.diagnostic(`screenshot: ${screenshot}${KEEP ? '' : ' (removed afterwards; TEXTFORGE_KEEP_REPORT=1 keeps it)'}`);
  });
});
