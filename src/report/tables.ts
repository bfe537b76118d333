// Results tables rendered as Markdown (GFM) and as escaped HTML from one column description.
import { escapeHtml, escapeMarkdown } from './escape.js';

export type CellValue = number | string | null;
export type TableRow = Readonly<Record<string, CellValue>>;

/** One column: the row key it shows, its header, and optionally how to format a value and which way to align it. */
export interface TableColumn {
  key: string;
  label: string;
  /** Turns the cell value into display text (plain text: escaping is done by the table). */
  format?: (value: CellValue, row: TableRow) => string;
  /** Default: right when every non-empty value in the column is a number, left otherwise. */
  align?: 'left' | 'right';
}

/** Shown for null or missing values by the default format. */
export const MISSING = '—';

/** The default display of a value: an em dash for null, integers in full, other numbers with 3 decimals (exponent when tiny or huge). */
export function formatCell(value: CellValue): string {
  if (value === null) return MISSING;
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude >= 1e-3 && magnitude < 1e6 ? value.toFixed(3) : value.toExponential(2);
}

function checkTable(where: string, columns: readonly TableColumn[], rows: readonly TableRow[]): void {
  if (columns.length === 0) throw new RangeError(`${where}: columns must be non-empty, got 0 columns`);
  const keys = new Set<string>();
  columns.forEach((column, i) => {
    if (typeof column.key !== 'string' || column.key === '') throw new TypeError(`${where}: columns[${i}].key must be a non-empty string, got ${JSON.stringify(column.key)}`);
    if (keys.has(column.key)) throw new RangeError(`${where}: columns[${i}].key must be unique, got "${column.key}" twice`);
    if (typeof column.label !== 'string') throw new TypeError(`${where}: columns[${i}].label must be a string, got ${typeof column.label}`);
    keys.add(column.key);
  });
  rows.forEach((row, i) => {
    for (const column of columns) {
      const value: unknown = row[column.key];
      const valid = value === undefined || value === null || typeof value === 'number' || typeof value === 'string';
      if (!valid) throw new TypeError(`${where}: rows[${i}].${column.key} must be a number, string or null, got ${typeof value}`);
    }
  });
}

function cellValue(row: TableRow, key: string): CellValue {
  return row[key] ?? null;
}

function alignment(column: TableColumn, rows: readonly TableRow[]): 'left' | 'right' {
  if (column.align !== undefined) return column.align;
  const present = rows.map((row) => cellValue(row, column.key)).filter((value) => value !== null);
  return present.length > 0 && present.every((value) => typeof value === 'number') ? 'right' : 'left';
}

function cellText(column: TableColumn, row: TableRow): string {
  return (column.format ?? formatCell)(cellValue(row, column.key), row);
}

/** A GFM pipe table, numbers right-aligned, every header and cell escaped. */
export function markdownTable(columns: readonly TableColumn[], rows: readonly TableRow[]): string {
  checkTable('markdownTable', columns, rows);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const rule = columns.map((column) => (alignment(column, rows) === 'right' ? '---:' : ':---'));
  return [
    line(columns.map((column) => escapeMarkdown(column.label))),
    line(rule),
    ...rows.map((row) => line(columns.map((column) => escapeMarkdown(cellText(column, row))))),
  ].join('\n');
}

/** An HTML <table> with a header row; right-aligned cells carry class="num". Every header and cell is escaped. */
export function htmlTable(columns: readonly TableColumn[], rows: readonly TableRow[]): string {
  checkTable('htmlTable', columns, rows);
  const classOf = columns.map((column) => (alignment(column, rows) === 'right' ? ' class="num"' : ''));
  const header = columns.map((column, i) => `<th scope="col"${classOf[i]}>${escapeHtml(column.label)}</th>`).join('');
  const body = rows.map((row) => `<tr>${columns.map((column, i) => `<td${classOf[i]}>${escapeHtml(cellText(column, row))}</td>`).join('')}</tr>`);
  return ['<table>', `<thead><tr>${header}</tr></thead>`, '<tbody>', ...body, '</tbody>', '</table>'].join('\n');
}
