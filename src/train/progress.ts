// Training progress: a live bar (ETA, loss, tokens/s, last validation) on a terminal, plain log lines otherwise.
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
  stop(): void;
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
    stop: () => bars.stop(),
  };
}
