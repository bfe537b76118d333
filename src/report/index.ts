// The compare report's public pieces: plots, tables, the Markdown / HTML renderer and the file writer.
export { qualityDiversityPlot, trainingCurvesPlot, type QualityDiversityPoint, type CurvePoint } from './plots.js';
export { markdownTable, htmlTable, formatCell, MISSING, type TableColumn, type TableRow, type CellValue } from './tables.js';
export { renderReport, type CompareReport, type ReportPlot, type PlotFile, type RenderedReport } from './write-report.js';
export { saveReport, type SavedReport } from './save-report.js';
export { checkSvg, type SvgSummary } from './svg-check.js';
