#!/usr/bin/env -S MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736 node
// The textforge command line: thin commands over the library API; one-line errors and non-zero exits.
import { Command } from 'commander';
import { demoCommand } from './commands/demo.js';
import { trainCommand } from './commands/train.js';
import { sampleCommand } from './commands/sample.js';
import { evalCommand } from './commands/eval.js';
import { infoCommand } from './commands/info.js';
import { compareCommand } from './commands/compare.js';
import { evalTextCommand } from './commands/eval-text.js';
import { oracleCommand } from './commands/oracle.js';
import { compressCommand, decompressCommand } from './commands/compress.js';
import { defaultCompressorReady } from '../compress/default-directory.js';
import { reconstructCommand, interpolateCommand, encodeCommand } from './commands/latent.js';
import { installSignalHandlers } from './interrupts.js';
import { InterruptedError, STOP_SIGNALS } from '../train/interrupt.js';

const commandName = process.argv.slice(2).find((a) => !a.startsWith('-'));
// compress trains the default model on first use: Ctrl-C then saves it (and stops any coding, which writes nothing)
installSignalHandlers(commandName === 'train' || commandName === 'demo' || (commandName === 'compress' && !defaultCompressorReady()));

const program = new Command();
program
  .name('textforge')
  .description('Train, sample and compare deep generative models of text on the CPU.')
  .option('--verbose', 'print stack traces on errors')
  .configureOutput({ outputError: (str, write) => write(str) });

program.addCommand(demoCommand());
program.addCommand(trainCommand());
program.addCommand(sampleCommand());
program.addCommand(evalCommand());
program.addCommand(infoCommand());
program.addCommand(reconstructCommand());
program.addCommand(interpolateCommand());
program.addCommand(encodeCommand());
program.addCommand(evalTextCommand());
program.addCommand(compareCommand());
program.addCommand(oracleCommand());
program.addCommand(compressCommand());
program.addCommand(decompressCommand());

program.parseAsync(process.argv).catch((e: Error) => {
  if (e instanceof InterruptedError) {
    // a demo's settings are not flags of `train lm`, so its run is offered for sampling instead
    const family = process.argv[process.argv.indexOf('train') + 1];
    const next = commandName === 'train' ? `continue with: textforge train ${family} <the same flags> --resume`
      : commandName === 'compress' || commandName === 'decompress' ? 'run it again to continue (a default model in training resumes from its checkpoint)' : 'sample it with: textforge sample <run>';
    console.error(`textforge: ${e.message}; ${next}`);
    process.exitCode = STOP_SIGNALS[e.signal];
    return;
  }
  const verbose = process.argv.includes('--verbose');
  console.error(`textforge: ${verbose ? e.stack : e.message.split('\n')[0]}`);
  process.exitCode = 1;
});
