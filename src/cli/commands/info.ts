// `textforge info RUN`: what a run is (model, size, data) and how far it got (steps, best validation, test).
import { Command } from 'commander';
import { runInfo } from '../../runs/runs.js';

export function infoCommand(): Command {
  return new Command('info')
    .description('summarise a run: model, parameters, data, progress and scores')
    .argument('<run>', 'run directory')
    .option('--json', 'print one JSON object')
    .action(async (runPath: string, flags: { json?: boolean }) => {
      const info = await runInfo(runPath);
      if (flags.json) {
        console.log(JSON.stringify(info));
        return;
      }
      for (const [k, v] of Object.entries(info).filter(([, value]) => value !== undefined)) console.log(`${k.padEnd(12)} ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`);
    });
}
