// Test-only fault injection for run-file writes (a kill mid-checkpoint, a full or failing disk), driven by environment variables so end-to-end tests can reach the error paths.
import { basename } from 'node:path';

/** What a written file is, decided by its name: the unit TEXTFORGE_FAIL_WRITE counts writes in. */
export type WriteKind = 'checkpoint' | 'metrics' | 'vocab' | 'samples' | 'config' | 'report' | 'other';

const KINDS: readonly WriteKind[] = ['checkpoint', 'metrics', 'vocab', 'samples', 'config', 'report'];
const CODES: Record<string, string> = { ENOSPC: 'no space left on device', EIO: 'i/o error' };

export function writeKindOf(path: string): WriteKind {
  const name = basename(path);
  const folders = path.split(/[\\/]/);
  if (name.endsWith('.safetensors')) return 'checkpoint';
  if (name === 'metrics.jsonl') return 'metrics';
  if (name === 'vocab.json') return 'vocab';
  if (name === 'config.json') return 'config';
  if (folders.includes('samples')) return 'samples';
  if (name.startsWith('report.') || name === 'results.json' || folders.includes('plots')) return 'report';
  return 'other';
}

const writesOfKind = new Map<WriteKind, number>();

/** Counts this write of `path`'s kind and returns its number (1 for the first write of that kind in this process). */
function countWrite(path: string): { kind: WriteKind; count: number } {
  const kind = writeKindOf(path);
  const count = (writesOfKind.get(kind) ?? 0) + 1;
  writesOfKind.set(kind, count);
  return { kind, count };
}

/** TEXTFORGE_FAIL_WRITE=<kind>:<N>:<code>, parsed; a malformed value is an error, so a test never silently injects nothing. */
function failSpec(): { kind: WriteKind; n: number; code: string } | null {
  const raw = process.env.TEXTFORGE_FAIL_WRITE;
  if (raw === undefined || raw === '') return null;
  const [kind, n, code] = raw.split(':');
  if (!KINDS.includes(kind as WriteKind) || !/^[1-9]\d*$/.test(n ?? '') || !(code in CODES)) {
    throw new RangeError(`TEXTFORGE_FAIL_WRITE must be <kind>:<N>:<code> with kind one of ${KINDS.join(', ')}, N >= 1 and code ENOSPC or EIO, got '${raw}'`);
  }
  return { kind: kind as WriteKind, n: Number(n), code };
}

/**
 * Counts a write of `path` and, when TEXTFORGE_FAIL_WRITE selects it, returns the error the disk would give
 * (a Node system error: message 'ENOSPC: no space left on device, write', code 'ENOSPC'); the caller writes part of the data first.
 */
export function injectedWriteFailure(path: string): NodeJS.ErrnoException | null {
  const spec = failSpec();
  const { kind, count } = countWrite(path);
  if (spec === null || spec.kind !== kind || spec.n !== count) return null;
  return Object.assign(new Error(`${spec.code}: ${CODES[spec.code]}, write`), { code: spec.code, syscall: 'write' });
}

let checkpointWrites = 0;

/**
 * With TEXTFORGE_KILL_DURING_CHECKPOINT_WRITE=N the process kills itself (SIGKILL) halfway through
 * writing the N-th .safetensors file, as a power cut or OOM kill would: whether this write is that one.
 */
export function killPointReached(path: string): boolean {
  const target = Number(process.env.TEXTFORGE_KILL_DURING_CHECKPOINT_WRITE);
  if (!path.endsWith('.safetensors') || !Number.isInteger(target) || target < 1) return false;
  checkpointWrites += 1;
  return checkpointWrites === target;
}
