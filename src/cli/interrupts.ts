// The command line's SIGINT and SIGTERM handling: training stops at a step boundary and checkpoints (a second signal exits at once); other commands exit at once, their files being written atomically.
import { STOP_SIGNALS, type StopSignal } from '../train/interrupt.js';

const controller = new AbortController();

/** Aborted (reason: the signal's name) by the first SIGINT or SIGTERM of a training command; passed to the training loop. */
export const trainingStop: AbortSignal = controller.signal;

/** Installs the handlers: `graceful` for commands that pass `trainingStop` to their training loop (train, demo). */
export function installSignalHandlers(graceful: boolean): void {
  for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) {
    process.on(signal, () => {
      if (graceful && !controller.signal.aborted) {
        controller.abort(signal);
        return;
      }
      // checkpoints, reports and samples files are replaced atomically, so exiting mid-write leaves only a temp file
      const again = graceful ? `interrupted again (${signal}): exiting at once; the last checkpoint written is intact` : `interrupted (${signal})`;
      process.stderr.write(`\ntextforge: ${again}\n`);
      process.exit(STOP_SIGNALS[signal]);
    });
  }
}
