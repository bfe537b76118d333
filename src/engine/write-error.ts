// The one-line error of a failed file write: names the file, says the problem in words with its code, and what was kept.
export class WriteError extends Error {
  override name = 'WriteError';
  constructor(message: string, readonly path: string, readonly code: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** 'no space left on device (ENOSPC)' from a Node system error ('ENOSPC: no space left on device, write'); any other error's first line. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (typeof code !== 'string') return message;
  const words = new RegExp(`^${code}: ([^,]+)`).exec(message)?.[1] ?? message;
  return `${words} (${code})`;
}

/** `error` as a WriteError saying `what` failed for `path` (e.g. "could not write 'x'"), plus `kept` (what is intact) when given. */
export function writeErrorOf(error: unknown, path: string, what: string, kept?: string): WriteError {
  if (error instanceof WriteError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return new WriteError(`${what}: ${describeFsError(error)}${kept === undefined ? '' : `; ${kept}`}`, path, typeof code === 'string' ? code : undefined, { cause: error });
}
