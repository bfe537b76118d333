// Starting or resuming a run, shared by every model family: the run directory, the resume checks, and the corpus.
import { loadCorpus, type Corpus } from '../data/corpus.js';
import { builtinCorpus } from '../data/builtin.js';
import type { TokenizerKind } from '../data/tokenize.js';
import { RunDir, RunError } from './run-dir.js';

export const TEXTFORGE_VERSION = '0.1.0';

/** The data settings every text model has. */
export interface CorpusSettings {
  train?: string;
  valid?: string;
  test?: string;
  split: [number, number, number];
  tokenizer: TokenizerKind;
  lowercase: boolean;
  maxLen: number;
  seed: number;
}

export async function corpusOf(s: CorpusSettings): Promise<Corpus> {
  if (s.train === undefined) return builtinCorpus({ seed: s.seed, maxLen: s.maxLen });
  return loadCorpus({ train: s.train, valid: s.valid, test: s.test, split: s.split, seed: s.seed, tokenizer: s.tokenizer, lowercase: s.lowercase, maxLen: s.maxLen });
}

/** The part of config.json every run has. */
export interface RunConfigHead<S> {
  model: string;
  textforge: string;
  settings: S;
}

/**
 * A new run directory, or (resume) the existing one: its model kind must match, and every setting
 * outside `resumable` must equal the run's. Returns the settings to use (the run's, with the resumable ones given now).
 */
export async function startRun<S extends { out: string }>(given: S, kind: string, resume: boolean, resumable: readonly (keyof S)[]): Promise<{ run: RunDir; settings: S }> {
  if (!resume) return { run: await RunDir.create(given.out), settings: given };
  const run = await RunDir.open(given.out);
  const saved = await run.readJson<RunConfigHead<S>>('config.json');
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
  return { run, settings };
}
