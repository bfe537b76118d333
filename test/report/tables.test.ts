// Tests for the Markdown and HTML tables: default formatting, alignment, custom formats, escaping and bad input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatCell, htmlTable, markdownTable, type TableColumn } from '../../src/report/tables.js';

const COLUMNS: TableColumn[] = [
  { key: 'model', label: 'model' },
  { key: 'ppl', label: 'PPL' },
  { key: 'kl', label: 'KL', format: (value) => (value === null ? 'n/a' : `${value} nats`), align: 'right' },
];
const ROWS = [
  { model: 'vae|gru', ppl: 104.6123, kl: 7 },
  { model: '<b>&"lm"\'', ppl: null, kl: null },
];

describe('formatCell', () => {
  it('shows integers in full, other numbers with 3 decimals or an exponent, null as a dash', () => {
    assert.equal(formatCell(12), '12');
    assert.equal(formatCell(0.30512), '0.305');
    assert.equal(formatCell(-2.5), '-2.500');
    assert.equal(formatCell(0.00001234), '1.23e-5');
    assert.equal(formatCell(12345678.5), '1.23e+7');
    assert.equal(formatCell(Number.NaN), 'NaN');
    assert.equal(formatCell(null), '—');
    assert.equal(formatCell('text'), 'text');
  });
});

describe('markdownTable', () => {
  it('writes a GFM table, numbers right-aligned, markup escaped', () => {
    assert.equal(
      markdownTable(COLUMNS, ROWS),
      ['| model | PPL | KL |', '| :--- | ---: | ---: |', '| vae\\|gru | 104.612 | 7 nats |', '| \\<b\\>\\&"lm"\' | — | n/a |'].join('\n'),
    );
  });

  it('writes only the header for no rows and treats a missing key as null', () => {
    assert.equal(markdownTable(COLUMNS, []), '| model | PPL | KL |\n| :--- | :--- | ---: |');
    assert.equal(markdownTable([{ key: 'x', label: 'line\nbreak' }], [{}]), '| line break |\n| :--- |\n| — |');
  });

  it('rejects bad columns and cell values with one-line errors', () => {
    assert.throws(() => markdownTable([], ROWS), { message: 'markdownTable: columns must be non-empty, got 0 columns' });
    assert.throws(() => markdownTable([COLUMNS[0], COLUMNS[0]], ROWS), { message: 'markdownTable: columns[1].key must be unique, got "model" twice' });
    const bad = [{ model: 'x', ppl: true }] as unknown as typeof ROWS;
    assert.throws(() => markdownTable(COLUMNS, bad), { message: 'markdownTable: rows[0].ppl must be a number, string or null, got boolean' });
  });
});

describe('htmlTable', () => {
  it('escapes every header and cell and marks numeric columns', () => {
    const html = htmlTable([...COLUMNS, { key: 'note', label: 'a < b' }], ROWS);
    assert.ok(html.includes('<th scope="col">model</th><th scope="col" class="num">PPL</th><th scope="col" class="num">KL</th><th scope="col">a &lt; b</th>'));
    assert.ok(html.includes('<tr><td>vae|gru</td><td class="num">104.612</td><td class="num">7 nats</td><td>—</td></tr>'));
    assert.ok(html.includes('<td>&lt;b&gt;&amp;&quot;lm&quot;&#39;</td>'));
    assert.doesNotMatch(html, /<b>/);
  });
});
