// Starting or resuming a run, shared by every model family: the run directory, the resume checks, and the corpus.
import { loadCorpus, type Corpus } from '../data/corpus.js';
import { builtinCorpus } from '../data/builtin.js';
import type { DataSettings } from './settings.js';
import { RunDir, RunError, type CheckpointKind } from './run-dir.js';
import { Vocabulary } from '../data/vocab.js';
import { loadBufferSet } from '../engine/buffer-checkpoint.js';
import type { BufferSet } from '../engine/buffers.js';

export const TEXTFORGE_VERSION = '0.1.0';

export async function corpusOf(s: DataSettings): Promise<Corpus> {
  if (s.train === undefined) return builtinCorpus({ seed: s.seed, maxLen: s.maxLen });
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
}

/**
 * A new run directory, or (resume) the existing one: its model kind must match, and every setting
 * outside `resumable` must equal the run's. Returns the settings to use (the run's, with the resumable ones given now).
 */
export async function startRun<S extends { out: string }>(given: S, kind: string, resume: boolean, resumable: readonly (keyof S)[]): Promise<StartedRun<S>> {
  if (!resume) return { run: await RunDir.create(given.out), settings: given, saved: null };
  const run = await RunDir.open(given.out);
  const saved = await run.readJson<RunConfigHead<S> & Record<string, unknown>>('config.json');
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

/**
 * A part of a run's configuration (its model, schedule...): on resume the one config.json recorded when the run
 * started, so presets or defaults changed since cannot change a resumed model; otherwise `derive()` from the settings.
 */
export function recordedOr<T>(started: StartedRun<unknown>, key: string, derive: () => T): T {
  const recorded = started.saved?.[key];
  return recorded === undefined ? derive() : (recorded as T);
}

/**
 * Open a finished (or running) run of `kind` for sampling or evaluation: its config and vocabulary, the
 * checkpoint to load (best, falling back to last), and a function that loads that checkpoint's parameters.
 */
export async function openRunOf<C extends { model: string }>(path: string, kind: string, checkpoint: CheckpointKind): Promise<{ run: RunDir; config: C; vocab: Vocabulary; loadParams: (params: BufferSet) => Promise<void> }> {
  const run = await RunDir.open(path);
  const config = await run.readJson<C>('config.json');
  if (config.model !== kind) throw new RunError(`run '${path}' holds a ${config.model} model; this command needs ${/^(lm|[aeiou])/.test(kind) ? 'an' : 'a'} ${kind} run`);
  const vocab = await Vocabulary.load(run.file('vocab.json'));
  const chosen: CheckpointKind = checkpoint === 'best' && !(await run.hasCheckpoint('best')) ? 'last' : checkpoint;
  if (!(await run.hasCheckpoint(chosen))) throw new RunError(`run '${path}' has no checkpoint yet`);
  return { run, config, vocab, loadParams: async (params) => { await loadBufferSet(run.checkpoint(chosen), 'params', params); } };
}
