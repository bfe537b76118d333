// The stylesheet inlined into the HTML report: readable text, a compact numeric table, plots scaled to the page.
export const REPORT_CSS = `
:root { color-scheme: light; }
body { margin: 0; background: #f6f7f9; color: #1f2328; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1320px; margin: 0 auto; padding: 32px 28px 48px; background: #ffffff; min-height: 100vh; box-sizing: border-box; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 1px solid #d8dee4; }
p.created { margin: 0; color: #59636e; font-size: 0.9rem; }
ul { padding-left: 1.4em; margin: 0; }
li { margin: 2px 0; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.8rem; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 12px; border-bottom: 1px solid #d8dee4; text-align: left; white-space: nowrap; }
th { background: #f0f2f5; font-weight: 600; border-bottom: 2px solid #c4ccd4; }
tbody tr:nth-child(even) td { background: #fafbfc; }
th.num, td.num { text-align: right; }
figure { margin: 0 0 28px; }
figcaption { font-weight: 600; margin: 0 0 8px; }
figure svg { display: block; max-width: 100%; height: auto; border: 1px solid #e4e7eb; border-radius: 4px; }
`.trim();
