// The error class for problems in user-supplied text data, and helpers that keep its messages to one line.

/** A problem with input data (a missing, binary, non-UTF-8 or malformed file); its message is one line naming the file. */
export class DataError extends Error {
  override name = 'DataError';
}

/** `path` in single quotes, with control characters escaped so a message always stays on one line. */
export function quotePath(path: string): string {
  return `'${path.replace(/\p{Cc}/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}

/** A byte count for people: '512 bytes', '3.0 MiB', '2.0 GiB'. */
export function formatBytes(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024) return `${bytes} bytes`;
  let value = bytes;
  let unit = 'bytes';
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}

/** The one-line text of any thrown value (first line only). */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split(/\r\n|\r|\n/u, 1)[0];
}
