// A progress reporter for tests: the real non-terminal reporter, writing nowhere.
import { createProgress, type ProgressReporter } from '../../src/train/progress.js';

/** A fresh reporter that formats every line as a run would and discards it. */
export function quietProgress(): ProgressReporter {
  return createProgress({ tty: false, write: () => undefined });
}
