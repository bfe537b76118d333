// `textforge compress [RUN] IN OUT` and `textforge decompress ARCHIVE OUT`: lossless coding of any file with a byte-level model (pretrained or adaptive).
import { Command, Option } from 'commander';
import { defaultThreads } from '../../engine/runtime.js';
import { createProgress } from '../../train/progress.js';
import { InterruptedError, stopSignalOf } from '../../train/interrupt.js';
import { ADAPTIVE_DEFAULTS, ADAPTIVE_MAX_LANES } from '../../compress/adaptive.js';
import { compressFile, decompressFile } from '../../compress/files.js';
import { adaptiveModel, defaultModel, defaultModelDirectory, pretrainedModel } from '../../compress/models.js';
import type { LockstepProgress } from '../../compress/lockstep.js';
import { kbPerSecond, runCompressionBench } from '../../compress/bench.js';
import { integer, numberIn, positiveInt } from '../parse.js';
import { trainingStop } from '../interrupts.js';

interface CompressFlags {
  adaptive?: boolean;
  force?: boolean;
  lanes?: number;
  threads?: number;
  prepare?: boolean;
  bench?: boolean;
  json?: boolean;
  modes: string;
  adaptiveHidden: number;
  adaptiveLr: number;
  adaptiveBlock: number;
  seed: number;
  dynamicLr?: number;
}

/** A progress bar (on a terminal) over coded positions of the longest lane, that also stops the coding at Ctrl-C (nothing is written then). */
function codingProgress(label: string): { progress: LockstepProgress; finish(): void } {
  const reporter = createProgress(); // its own: a training reporter is stopped when its phase ends
  const tty = Boolean(process.stderr.isTTY);
  let work: ReturnType<NonNullable<typeof reporter.work>> | null = null;
  return {
    progress: (done, total) => {
      if (trainingStop.aborted) throw new InterruptedError(`${label} interrupted (${stopSignalOf(trainingStop.reason)}); nothing was written`, stopSignalOf(trainingStop.reason), done);
      if (tty) work ??= reporter.work?.(label, total, 'positions') ?? null;
      work?.update(done);
    },
    finish: () => {
      work?.finish();
      reporter.stop();
    },
  };
}


export function compressCommand(): Command {
  return new Command('compress')
    .description('compress any file losslessly with a language model: the default byte-level model (trained on the built-in Brown corpus on first use), a byte- or word-level run, or --adaptive')
    .argument('[files...]', 'IN OUT (default model), RUN IN OUT, or with --bench the files to measure')
    .option('--adaptive', 'no pretrained model: a byte-level LSTM learns on the file as it is coded (both sides make the same updates)')
    .option('--force', 'overwrite OUT if it exists')
    .option('--lanes <n>', `most chunks coded in lockstep as one batch (integer; default 64, --adaptive ${ADAPTIVE_MAX_LANES})`, positiveInt('--lanes'))
    .option('--threads <n>', 'ONNX Runtime threads (decompression must use the same; default: the machine\'s cores, at most 8)', positiveInt('--threads'))
    .option('--prepare', 'train the default model now (about 40 minutes on 2 cores) and exit')
    .option('--bench', 'measure every mode against gzip, brotli, bzip2, xz and zstd on the files given')
    .option('--modes <list>', 'with --bench: the textforge modes to measure, comma-separated (pretrained, adaptive)', 'pretrained,adaptive')
    .option('--json', 'print the result as JSON')
    .addOption(new Option('--adaptive-hidden <n>', 'adaptive model: LSTM width').argParser(positiveInt('--adaptive-hidden')).default(ADAPTIVE_DEFAULTS.hiddenSize))
    .addOption(new Option('--adaptive-lr <x>', 'adaptive model: Adam learning rate').argParser(numberIn('--adaptive-lr', 0, 1, { minOpen: true, maxOpen: true })).default(ADAPTIVE_DEFAULTS.lr))
    .addOption(new Option('--adaptive-block <n>', 'adaptive model: positions per update').argParser(positiveInt('--adaptive-block')).default(ADAPTIVE_DEFAULTS.blockLength))
    .option('--seed <n>', 'adaptive model: initialisation seed', integer('--seed'), ADAPTIVE_DEFAULTS.seed)
    .addOption(new Option('--dynamic-lr <x>', 'a pretrained model also learns as it codes (dynamic evaluation): Adam at this rate on every --adaptive-block positions (slower)').argParser(numberIn('--dynamic-lr', 0, 1, { minOpen: true, maxOpen: true })))
    .action(async (files: string[], flags: CompressFlags) => {
      const progress = createProgress();
      const threads = flags.threads ?? defaultThreads();
      const spec = { ...ADAPTIVE_DEFAULTS, hiddenSize: flags.adaptiveHidden, lr: flags.adaptiveLr, blockLength: flags.adaptiveBlock, seed: flags.seed };
      if (flags.prepare) {
        if (files.length > 0) throw new RangeError('compress --prepare takes no files');
        await defaultModel({ progress, signal: trainingStop, allowTraining: true });
        console.log(`the default model is ready in ${defaultModelDirectory()}`);
        return;
      }
      if (flags.bench) {
        if (files.length === 0) throw new RangeError('compress --bench needs the files to measure');
        const modes = flags.modes.split(',').map((m) => m.trim()).filter((m) => m !== '');
        const unknown = modes.filter((m) => m !== 'pretrained' && m !== 'adaptive');
        if (unknown.length > 0) throw new RangeError(`compress --modes: unknown mode ${unknown.join(', ')} (pretrained, adaptive)`);
        await runCompressionBench(files, { threads, maxLanes: flags.lanes, adaptive: spec, modes: modes as ('pretrained' | 'adaptive')[], json: Boolean(flags.json), log: (line) => console.log(line), progress, signal: trainingStop });
        return;
      }
      if (files.length < 2 || files.length > 3) throw new RangeError(`compress needs IN OUT or RUN IN OUT, got ${files.length} argument${files.length === 1 ? '' : 's'}`);
      if (files.length === 3 && flags.adaptive) throw new RangeError('compress --adaptive takes IN OUT (the adaptive mode uses no run)');
      const [run, input, output] = files.length === 3 ? files : [undefined, ...files];
      const adaptation = flags.dynamicLr === undefined ? undefined : { lr: flags.dynamicLr, blockLength: flags.adaptiveBlock, clip: ADAPTIVE_DEFAULTS.clip };
      if (adaptation && flags.adaptive) throw new RangeError('--dynamic-lr is for pretrained models; --adaptive learns at --adaptive-lr');
      const model = flags.adaptive ? async () => adaptiveModel(spec) : run !== undefined ? () => pretrainedModel(run, adaptation) : () => defaultModel({ progress, signal: trainingStop, allowTraining: true, adaptation });
      const bar = codingProgress(`compress ${input}`);
      const maxLanes = flags.lanes ?? (flags.adaptive ? ADAPTIVE_MAX_LANES : 64);
      const r = await compressFile(input as string, output as string, model, { force: Boolean(flags.force), threads, maxLanes, progress: bar.progress }).finally(bar.finish);
      const line = { input, output, bytes: r.bytes, archiveBytes: r.archiveBytes, bitsPerByte: r.bitsPerByte, modelBitsPerByte: r.bytes ? r.modelBits / r.bytes : 0, lanes: r.lanes, seconds: r.seconds, mode: flags.adaptive ? 'adaptive' : 'pretrained' };
      if (flags.json) console.log(JSON.stringify(line));
      else console.log(`${input} (${r.bytes} bytes) -> ${output} (${r.archiveBytes} bytes): ${r.bitsPerByte.toFixed(3)} bits per byte, ${r.lanes} lanes, ${r.seconds.toFixed(1)} s (${kbPerSecond(r.bytes, r.seconds)} KB/s), ${line.mode}`);
    });
}

interface DecompressFlags {
  run?: string;
  force?: boolean;
  threads?: number;
  json?: boolean;
}

export function decompressCommand(): Command {
  return new Command('decompress')
    .description('restore a file from a textforge archive, exactly (the same model, ONNX Runtime version and thread count are checked first)')
    .argument('<archive>', 'the archive compress wrote')
    .argument('<output>', 'where to write the restored file')
    .option('--run <dir>', 'the run the archive was made with (default: the run it names, then the default model)')
    .option('--force', 'overwrite OUTPUT if it exists')
    .option('--threads <n>', 'ONNX Runtime threads: must equal the archive\'s (default: the archive\'s)', positiveInt('--threads'))
    .option('--json', 'print the result as JSON')
    .action(async (archive: string, output: string, flags: DecompressFlags) => {
      const bar = codingProgress(`decompress ${archive}`);
      const r = await decompressFile(archive, output, { force: Boolean(flags.force), run: flags.run, threads: flags.threads, progress: bar.progress }).finally(bar.finish);
      if (flags.json) console.log(JSON.stringify({ archive, output, bytes: r.bytes, archiveBytes: r.archiveBytes, seconds: r.seconds }));
      else console.log(`${archive} (${r.archiveBytes} bytes) -> ${output} (${r.bytes} bytes) in ${r.seconds.toFixed(1)} s (${kbPerSecond(r.bytes, r.seconds)} KB/s)`);
    });
}
