// Starting or resuming a run, shared by every model family: the run directory, the resume checks, and the corpus.
import { loadCorpus, type Corpus } from '../data/corpus.js';
import { builtinCorpus } from '../data/builtin.js';
import { builtinByteCorpus } from '../data/brown-text.js';
import type { DataSettings } from './settings.js';
import { RunDir, RunError } from './run-dir.js';
import { checkRunConfig } from './run-config.js';
import { acquireRunLock, type RunLock } from './run-lock.js';

export const TEXTFORGE_VERSION = '0.1.0';

export async function corpusOf(s: DataSettings): Promise<Corpus> {
  if (s.train === undefined) return s.tokenizer === 'byte' ? builtinByteCorpus({ seed: s.seed, maxLen: s.maxLen }) : builtinCorpus({ seed: s.seed, maxLen: s.maxLen });
  return loadCorpus({ train: s.train, valid: s.valid, test: s.test, split: s.split, seed: s.seed, tokenizer: s.tokenizer, lowercase: s.lowercase, maxLen: s.maxLen });
}

/** The part of config.json every run has. */
export interface RunConfigHead<S> {
  model: string;
  textforge: string;
  settings: S;
}

/** A run directory opened to train in: the settings to use and, when resuming, the run's config.json as written at its start. */
export interface StartedRun<S> {
  run: RunDir;
  settings: S;
  saved: (RunConfigHead<S> & Record<string, unknown>) | null;
  /** This process's lock on the run: release it when training ends. */
  lock: RunLock;
}

/**
 * A new run directory, or (resume) the existing one: its model kind must match, and every setting
 * outside `resumable` must equal the run's. Returns the settings to use (the run's, with the resumable ones given now).
 * The run's lock is taken first, before anything is written (a takeover of a dead writer's lock is told to `note`), and released if this fails.
 */
export async function startRun<S extends { out: string }>(given: S, kind: string, resume: boolean, resumable: readonly (keyof S)[], note?: (line: string) => void): Promise<StartedRun<S>> {
  if (resume) await RunDir.open(given.out); // a missing run is named as such, before any folder is made
  await RunDir.ensureWritable(given.out); // a read-only folder is one line, before the lock or any training
  const lock = await acquireRunLock(given.out, note);
  try {
    return { ...(await openOrCreate(given, kind, resume, resumable)), lock };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function openOrCreate<S extends { out: string }>(given: S, kind: string, resume: boolean, resumable: readonly (keyof S)[]): Promise<Omit<StartedRun<S>, 'lock'>> {
  if (!resume) return { run: await RunDir.create(given.out), settings: given, saved: null };
  const run = await RunDir.open(given.out);
  const saved = await run.readJson<RunConfigHead<S> & Record<string, unknown>>('config.json');
  checkRunConfig(given.out, saved);
  if (saved.model !== kind) throw new RunError(`--resume: run '${given.out}' holds a ${saved.model} model, not ${kind}`);
  const settings = { ...saved.settings };
  for (const key of new Set([...Object.keys(saved.settings), ...Object.keys(given)]) as Set<keyof S>) {
    if (resumable.includes(key)) {
      settings[key] = given[key];
      continue;
    }
    const a = JSON.stringify(saved.settings[key]);
    const b = JSON.stringify(given[key]);
    if (a !== b) throw new RunError(`--resume: setting '${String(key)}' is ${b ?? 'unset'} here but ${a ?? 'unset'} in run '${given.out}'; resume with the run's settings`);
  }
  return { run, settings, saved };
}
