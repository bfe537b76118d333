// One writer per run: DIR/lock.json names the process training the run, so a second `train --out DIR` or `--resume` is refused while it lives.
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { link, open, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { RunError } from './run-dir.js';

export const LOCK_FILE = 'lock.json';

/** What lock.json records: the writer's pid and host, when it took the lock, and a token telling this lock from an older one of a reused pid. */
export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  token: string;
}

/** A held lock: release it when the run ends (it is also removed if the process exits without releasing). */
export interface RunLock {
  readonly path: string;
  readonly owner: LockOwner;
  release(): Promise<void>;
}

/** Lock files this process holds, by path: removed on exit (process.exit skips finally blocks), and how a reused own pid is told apart. */
const held = new Map<string, string>();
const processStartedAt = Date.now() - process.uptime() * 1000;
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const path of held.keys()) {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    }
  });
}

/** Whether the process that wrote `owner` may still be writing: a live pid counts as a live writer (pid reuse is not told apart, except our own pid). */
export function ownerAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true; // a pid on another host cannot be checked
  if (owner.pid === process.pid) {
    // our own pid: ours if we hold this token; else a lock of an earlier process with our pid (a container restarted), or of this one
    if ([...held.values()].includes(owner.token)) return true;
    return Date.parse(owner.startedAt) >= processStartedAt;
  }
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // EPERM: alive, owned by another user; ESRCH: gone
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && Number.isInteger(o.pid) && o.pid > 0 && typeof o.host === 'string' && typeof o.startedAt === 'string' && typeof o.token === 'string') return o as LockOwner;
  } catch {
    // fall through
  }
  return null;
}

/** The lock file's owner, `null` when there is no lock, or 'unreadable' (only storage damage makes one: locks appear complete, by link). */
async function readOwner(path: string): Promise<LockOwner | null | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return parseOwner(text) ?? 'unreadable';
}

function describe(owner: LockOwner): string {
  const host = owner.host === hostname() ? '' : ` on host ${owner.host}`;
  return `process ${owner.pid}${host} (started ${owner.startedAt.replace(/\.\d+Z$/, 'Z')})`;
}

/** Writes the lock content to a temp file (named so RunDir.removeStaleTempFiles clears it if we are killed here), synced, for linking. */
async function writeCandidate(path: string, owner: LockOwner): Promise<string> {
  const temp = `${path}.tmp-${process.pid}-0-${randomBytes(4).toString('hex')}`;
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(`${JSON.stringify(owner)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

/** Moves a dead writer's lock aside; if the file moved turns out to be a newer lock (another process took over first), puts it back. */
async function removeDeadLock(path: string, dead: LockOwner | 'unreadable'): Promise<void> {
  const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else removed it: race for the new lock
    throw error;
  }
  const moved = parseOwner(await readFile(aside, 'utf8'));
  const wasDead = dead === 'unreadable' ? moved === null : moved?.token === dead.token;
  if (!wasDead) {
    // a live lock: restore it (link fails only if yet another process linked one in this instant)
    await link(aside, path).catch(() => undefined);
  }
  await rm(aside, { force: true });
}

/**
 * Takes the lock of run directory `dir` (which must exist) for this process: exclusive, since the complete lock file
 * is hard-linked into place and link fails if one exists, so of two racing processes only one wins.
 * A lock whose process is gone is taken over, telling `note`; a live one is a RunError naming its process.
 */
export async function acquireRunLock(dir: string, note: (line: string) => void = () => undefined): Promise<RunLock> {
  const path = join(dir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const temp = await writeCandidate(path, owner).catch((error: NodeJS.ErrnoException) => {
    throw new RunError(`run '${dir}': cannot write its lock file ${LOCK_FILE}: ${error.code ?? error.message}`);
  });
  try {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      try {
        await link(temp, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const current = await readOwner(path);
        if (current === null) continue; // released meanwhile
        if (current !== 'unreadable' && ownerAlive(current)) {
          throw new RunError(`run '${dir}' is being written by ${describe(current)}; wait for it or stop it`);
        }
        await removeDeadLock(path, current);
        note(current === 'unreadable' ? `took over the lock of run '${dir}': its ${LOCK_FILE} was unreadable` : `took over the lock of ${describe(current)}, which is no longer running`);
        continue;
      }
      held.set(path, owner.token);
      installExitHook();
      return { path, owner, release: () => releaseLock(path, owner.token) };
    }
    throw new RunError(`run '${dir}': could not take its lock (${LOCK_FILE} keeps changing); is another process starting on it?`);
  } finally {
    await rm(temp, { force: true });
  }
}

/** Removes the lock file if it is still ours (never another process's lock, if ours was taken over). */
async function releaseLock(path: string, token: string): Promise<void> {
  if (held.get(path) !== token) return;
  held.delete(path);
  const current = await readOwner(path).catch(() => null);
  if (current !== null && current !== 'unreadable' && current.token === token) await rm(path, { force: true });
}
