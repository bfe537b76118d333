// Progress of training (a live bar with ETA, loss, tokens/s, last validation) and of long evaluations, on a terminal; plain log lines otherwise.
import cliProgress from 'cli-progress';

export interface ProgressFields {
  loss: number;
  tokensPerSecond: number;
  valid?: string;
  epoch: number;
}

export interface ProgressReporter {
  start(total: number, done: number): void;
  update(done: number, fields: ProgressFields): void;
  /** A message that must not be overwritten by the bar. */
  log(line: string): void;
  /** Progress of a long piece of work other than training steps (an evaluation): `total` units of `unit`. Optional for reporters written elsewhere. */
  work?(label: string, total: number, unit: string): WorkProgress;
  stop(): void;
}

export interface WorkProgress {
  /** `done` of the total units are finished. */
  update(done: number): void;
  /** The work is over (the bar stays on screen as it ended). */
  finish(): void;
}

/** Lines at most every tenth of the work, with the elapsed time and an estimate of the rest. */
function workLines(label: string, total: number, unit: string, write: (line: string) => void): WorkProgress {
  const t0 = Date.now();
  let lastTenth = 0;
  return {
    update: (done) => {
      const tenth = Math.floor((10 * done) / Math.max(1, total));
      if (tenth <= lastTenth) return;
      lastTenth = tenth;
      const elapsed = (Date.now() - t0) / 1000;
      const eta = done > 0 ? ((total - done) * elapsed) / done : 0;
      write(`${label}: ${done}/${total} ${unit}  ${Math.round(elapsed)}s  eta ${Math.round(eta)}s`);
    },
    finish: () => undefined,
  };
}

function fieldText(f: ProgressFields): string {
  return `loss ${f.loss.toFixed(3)}  ${Math.round(f.tokensPerSecond)} tok/s${f.valid ? `  valid ${f.valid}` : ''}`;
}

/** A cli-progress bar on a TTY; on a pipe or file, one line every `every` steps. */
export function createProgress(options: { tty?: boolean; every?: number; write?: (line: string) => void } = {}): ProgressReporter {
  const tty = options.tty ?? Boolean(process.stderr.isTTY);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (!tty) {
    const every = options.every ?? 50;
    let total = 0;
    const t0 = Date.now();
    let startDone = 0;
    return {
      start: (t, done) => { total = t; startDone = done; },
      update: (done, f) => {
        if (done % every !== 0 && done !== total) return;
        const elapsed = (Date.now() - t0) / 1000;
        const eta = done > startDone ? ((total - done) * elapsed) / (done - startDone) : 0;
        write(`step ${done}/${total}  epoch ${f.epoch + 1}  ${fieldText(f)}  eta ${Math.round(eta)}s`);
      },
      log: write,
      work: (label, total, unit) => workLines(label, total, unit, write),
      stop: () => undefined,
    };
  }
  const bars = new cliProgress.MultiBar({
    format: 'step {value}/{total} [{bar}] {percentage}% eta {eta_formatted}  epoch {epoch}  {text}',
    hideCursor: true,
    clearOnComplete: false,
    stream: process.stderr,
  }, cliProgress.Presets.shades_classic);
  let bar: cliProgress.SingleBar | null = null;
  return {
    start: (total, done) => { bar = bars.create(total, done, { epoch: 1, text: '' }); },
    update: (done, f) => bar?.update(done, { epoch: f.epoch + 1, text: fieldText(f) }),
    log: (line) => bars.log(`${line}\n`),
    work: (label, total, unit) => {
      const work = bars.create(total, 0, { label, unit }, { format: '{label} {value}/{total} {unit} [{bar}] {percentage}% eta {eta_formatted}' });
      return { update: (done) => work.update(done), finish: () => work.stop() };
    },
    stop: () => bars.stop(),
  };
}
