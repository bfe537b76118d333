// Escaping of plain text for HTML and for a Markdown table cell.

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/** Text safe inside one Markdown (GFM) table cell or heading: line breaks become spaces, markup characters are backslash-escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/[\\|*_`[\]<>&~#]/g, (c) => `\\${c}`);
}
