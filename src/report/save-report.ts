// Writes a rendered report into a directory: NAME.md, NAME.html and the plots/ files the Markdown links to.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../engine/atomic-write.js';
import type { RenderedReport } from './write-report.js';

export interface SavedReport {
  markdownPath: string;
  htmlPath: string;
  plotPaths: string[];
}

/** Creates `dir` (and dir/plots) as needed and writes the report files into it; returns their paths. */
export async function saveReport(dir: string, report: RenderedReport, name = 'report'): Promise<SavedReport> {
  if (!/^[\w.-]+$/.test(name)) throw new RangeError(`saveReport: name must be letters, digits, '.', '_' or '-', got ${JSON.stringify(name)}`);
  const markdownPath = join(dir, `${name}.md`);
  const htmlPath = join(dir, `${name}.html`);
  const plotPaths = report.plotFiles.map((plot) => join(dir, plot.path));
  await mkdir(dir, { recursive: true });
  for (const path of new Set(plotPaths.map((p) => dirname(p)))) await mkdir(path, { recursive: true });
  // atomic, so an interrupt or a full disk never leaves a half-written report under its final name
  await Promise.all([
    writeFileAtomic(markdownPath, report.markdown),
    writeFileAtomic(htmlPath, report.html),
    ...report.plotFiles.map((plot, i) => writeFileAtomic(plotPaths[i], plot.svg)),
  ]);
  return { markdownPath, htmlPath, plotPaths };
}
