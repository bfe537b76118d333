// A training run's directory: config.json, vocab.json, metrics.jsonl, checkpoints/ (last, best) and samples/.
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../engine/atomic-write.js';
import { appendLine } from '../engine/append-line.js';
import { describeFsError, writeErrorOf } from '../engine/write-error.js';

export class RunError extends Error {
  override name = 'RunError';
}

function firstLineOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split(/\r\n|\r|\n/u, 1)[0];
}

/** Whether a file or directory exists at `path`. */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export type CheckpointKind = 'last' | 'best';

export class RunDir {
  private constructor(readonly path: string) {}

  /** A new run directory; refuses to reuse one that already holds a run. */
  static async create(path: string): Promise<RunDir> {
    if (await exists(join(path, 'config.json'))) {
      throw new RunError(`run directory '${path}' already holds a run: pass --resume to continue it or choose another --out`);
    }
    await RunDir.ensureWritable(path);
    await mkdir(join(path, 'checkpoints'), { recursive: true });
    await mkdir(join(path, 'samples'), { recursive: true });
    return new RunDir(path);
  }

  /**
   * Creates the folder `path` if needed and fails with one line, before any training, when files cannot be
   * created in it (read-only folder or disk, a parent that is a file): a probe file is written and removed.
   */
  static async ensureWritable(path: string): Promise<void> {
    const probe = join(path, `.write-probe-${process.pid}`);
    try {
      await mkdir(path, { recursive: true });
      await writeFile(probe, 'textforge\n');
      await rm(probe);
    } catch (error) {
      await rm(probe, { force: true }).catch(() => undefined); // keep the original error
      throw new RunError(`cannot write to run directory '${path}': ${describeFsError(error)}`);
    }
  }

  /** An existing run directory (for --resume, sample, eval, info). */
  static async open(path: string): Promise<RunDir> {
    if (!(await exists(path))) throw new RunError(`run directory '${path}' not found`);
    if (!(await exists(join(path, 'config.json')))) throw new RunError(`'${path}' is not a textforge run: config.json is missing`);
    return new RunDir(path);
  }

  /** Remove temp files left by a write that was killed midway; the files they were replacing are intact. */
  async removeStaleTempFiles(): Promise<string[]> {
    const removed: string[] = [];
    for (const sub of ['', 'checkpoints', 'samples']) {
      const dir = join(this.path, sub);
      let names: string[] = [];
      try {
        names = await readdir(dir);
      } catch {
        continue;
      }
      for (const n of names.filter((f) => /\.tmp-\d+-\d+-[0-9a-f]+$/.test(f))) {
        await rm(join(dir, n), { force: true });
        removed.push(join(sub, n));
      }
    }
    return removed;
  }

  file(name: string): string {
    return join(this.path, name);
  }

  checkpoint(kind: CheckpointKind): string {
    return join(this.path, 'checkpoints', `${kind}.safetensors`);
  }

  async hasCheckpoint(kind: CheckpointKind): Promise<boolean> {
    return exists(this.checkpoint(kind));
  }

  async writeJson(name: string, value: unknown): Promise<void> {
    await writeFileAtomic(this.file(name), `${JSON.stringify(value, null, 2)}\n`);
  }

  /** A JSON file of the run; a missing, unreadable or unparsable file (deep nesting included) is a one-line RunError naming it. */
  async readJson<T>(name: string): Promise<T> {
    const path = this.file(name);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new RunError(`run '${this.path}': ${name} is missing`);
      throw new RunError(`run '${this.path}': ${name} cannot be read: ${code ?? firstLineOf(error)}`);
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      // RangeError: JSON nested deeper than the stack; SyntaxError: torn or hand-edited text
      throw new RunError(`run '${this.path}': ${name} is not valid JSON (${firstLineOf(error)})`);
    }
  }

  /** Append one JSON object per line to metrics.jsonl. */
  async appendMetrics(record: Record<string, unknown>): Promise<void> {
    await appendLine(this.file('metrics.jsonl'), `${JSON.stringify(record)}\n`);
  }

  async readMetrics(): Promise<Record<string, unknown>[]> {
    let text = '';
    try {
      text = await readFile(this.file('metrics.jsonl'), 'utf8');
    } catch {
      return [];
    }
    const out: Record<string, unknown>[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        continue; // a line cut short by a kill mid-append: ignore it (resume rewrites the file)
      }
      // a torn line can still parse ('12' of '12.5,...'): only whole records count
      if (typeof record === 'object' && record !== null && !Array.isArray(record)) out.push(record as Record<string, unknown>);
    }
    return out;
  }

  /** Keep only the first `count` records (a resumed run replays the rest exactly); a line cut short by a kill goes too. */
  async keepFirstMetrics(count: number): Promise<void> {
    const kept = (await this.readMetrics()).slice(0, count);
    await writeFileAtomic(this.file('metrics.jsonl'), kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }

  /** Writes (atomically) a file of the run, creating its folder (e.g. plots/) when needed. */
  async writeText(name: string, text: string): Promise<void> {
    await mkdir(dirname(this.file(name)), { recursive: true }).catch((error: unknown) => {
      throw writeErrorOf(error, this.file(name), `could not create the folder of '${this.file(name)}'`);
    });
    await writeFileAtomic(this.file(name), text);
  }
}
