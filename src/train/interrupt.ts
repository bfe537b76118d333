// Interrupting a training run: the error runPhases throws once it has stopped at a step boundary and checkpointed, and the test-only signal injection.

/** The signals that stop a run gracefully, and the exit code a shell expects after each (128 + signal number). */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

/** The signal named by an AbortSignal's reason (anything else counts as SIGINT, the user's Ctrl-C). */
export function stopSignalOf(reason: unknown): StopSignal {
  return reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
}

/** Thrown by runPhases after an abort: the run stopped at a step boundary and its last checkpoint holds that position. */
export class InterruptedError extends Error {
  constructor(message: string, readonly signal: StopSignal, readonly step: number) {
    super(message);
    this.name = 'InterruptedError';
  }
}

let validations = 0;

/**
 * Test-only signal injection, so interrupt tests are deterministic: with TEXTFORGE_SIGNAL_AT_STEP=N the process sends
 * itself TEXTFORGE_SIGNAL (SIGINT by default) as step N starts; with TEXTFORGE_SIGNAL_DURING_VALIDATION=K, as its K-th
 * validation starts. Waits one turn of the event loop so the handler has run before the step goes on.
 */
export async function injectTestSignal(point: { step: number } | 'validation'): Promise<void> {
  const env = process.env;
  let target: number;
  let now: number;
  if (point === 'validation') {
    if (env.TEXTFORGE_SIGNAL_DURING_VALIDATION === undefined) return;
    target = Number(env.TEXTFORGE_SIGNAL_DURING_VALIDATION);
    now = ++validations;
  } else {
    if (env.TEXTFORGE_SIGNAL_AT_STEP === undefined) return;
    target = Number(env.TEXTFORGE_SIGNAL_AT_STEP);
    now = point.step;
  }
  if (now !== target) return;
  process.kill(process.pid, stopSignalOf(env.TEXTFORGE_SIGNAL));
  // the signal reaches its handler in the event loop's poll phase, which runs before setImmediate callbacks
  await new Promise((resolve) => setImmediate(resolve));
}
