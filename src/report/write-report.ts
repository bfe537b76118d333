// Renders a compare report as Markdown (plots as files) and as one self-contained HTML page (plots inline).
import { escapeHtml, escapeMarkdown } from './escape.js';
import { checkSvg } from './svg-check.js';
import { htmlTable, markdownTable, type TableColumn, type TableRow } from './tables.js';
import { REPORT_CSS } from './report-style.js';

export interface ReportPlot {
  title: string;
  /** SVG markup, e.g. from qualityDiversityPlot or trainingCurvesPlot. */
  svg: string;
}

export interface CompareReport {
  title: string;
  /** When the report was made, shown as given (e.g. an ISO timestamp). */
  createdAt: string;
  /** Bullet lines describing the evaluation protocol. */
  protocol: string[];
  columns: TableColumn[];
  rows: TableRow[];
  plots: ReportPlot[];
  notes?: string[];
}

/** A plot to be written next to the Markdown file, at `path` relative to it ("plots/NAME.svg"). */
export interface PlotFile {
  title: string;
  path: string;
  svg: string;
}

export interface RenderedReport {
  markdown: string;
  html: string;
  plotFiles: PlotFile[];
}

/** "plots/NAME.svg" with NAME the title in lower-case letters, digits and dashes, made unique with -2, -3, ... */
function plotPaths(plots: readonly ReportPlot[]): string[] {
  const taken = new Set<string>();
  return plots.map((plot, i) => {
    const slug = plot.title.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || `plot-${i + 1}`;
    let name = slug;
    for (let copy = 2; taken.has(name); copy++) name = `${slug}-${copy}`;
    taken.add(name);
    return `plots/${name}.svg`;
  });
}

function checkReport(data: CompareReport): void {
  const where = 'renderReport';
  if (typeof data.title !== 'string' || data.title.trim() === '') throw new TypeError(`${where}: title must be a non-empty string, got ${JSON.stringify(data.title)}`);
  const lines: [string, unknown][] = [['protocol', data.protocol], ['notes', data.notes ?? []]];
  for (const [name, list] of lines) {
    if (!Array.isArray(list) || !list.every((line) => typeof line === 'string')) throw new TypeError(`${where}: ${name} must be an array of strings, got ${JSON.stringify(list)}`);
  }
  data.plots.forEach((plot, i) => {
    if (typeof plot.title !== 'string' || plot.title.trim() === '') throw new TypeError(`${where}: plots[${i}].title must be a non-empty string, got ${JSON.stringify(plot.title)}`);
    const { external } = checkSvg(plot.svg, `${where}: plots[${i}]`);
    if (external.length > 0) throw new Error(`${where}: plots[${i}].svg must be self-contained (no scripts or outside links), got ${external.slice(0, 3).join(', ')}`);
  });
}

function renderMarkdown(data: CompareReport, paths: readonly string[]): string {
  const bullets = (lines: readonly string[]) => lines.map((line) => `- ${escapeMarkdown(line)}`).join('\n');
  const parts = [`# ${escapeMarkdown(data.title)}`, `Created ${escapeMarkdown(data.createdAt)}.`];
  if (data.protocol.length > 0) parts.push('## Protocol', bullets(data.protocol));
  parts.push('## Results', markdownTable(data.columns, data.rows));
  if (data.plots.length > 0) {
    parts.push('## Plots');
    data.plots.forEach((plot, i) => parts.push(`### ${escapeMarkdown(plot.title)}`, `![${escapeMarkdown(plot.title)}](${paths[i]})`));
  }
  if (data.notes !== undefined && data.notes.length > 0) parts.push('## Notes', bullets(data.notes));
  return `${parts.join('\n\n')}\n`;
}

function renderHtml(data: CompareReport): string {
  const list = (lines: readonly string[]) => ['<ul>', ...lines.map((line) => `<li>${escapeHtml(line)}</li>`), '</ul>'].join('\n');
  const body = [`<h1>${escapeHtml(data.title)}</h1>`, `<p class="created">Created ${escapeHtml(data.createdAt)}</p>`];
  if (data.protocol.length > 0) body.push('<h2>Protocol</h2>', list(data.protocol));
  body.push('<h2>Results</h2>', `<div class="table-scroll">\n${htmlTable(data.columns, data.rows)}\n</div>`);
  if (data.plots.length > 0) {
    body.push('<h2>Plots</h2>');
    for (const plot of data.plots) body.push(`<figure>\n<figcaption>${escapeHtml(plot.title)}</figcaption>\n${plot.svg.trim()}\n</figure>`);
  }
  if (data.notes !== undefined && data.notes.length > 0) body.push('<h2>Notes</h2>', list(data.notes));
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing may be fetched: the page is complete as it stands.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(data.title)}</title>`,
    `<style>\n${REPORT_CSS}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * The report as Markdown (which links each plot as `plots/NAME.svg`), as a single self-contained HTML file (inline CSS
 * and SVG, no outside requests), and the plot files the Markdown links to, for the caller to write.
 */
export function renderReport(data: CompareReport): RenderedReport {
  checkReport(data);
  const paths = plotPaths(data.plots);
  return {
    markdown: renderMarkdown(data, paths),
    html: renderHtml(data),
    plotFiles: data.plots.map((plot, i) => ({ title: plot.title, path: paths[i], svg: plot.svg })),
  };
}
