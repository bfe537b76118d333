// `textforge train <family>`: one subcommand per registered family, its flags generated from the family's settings table; the run goes to --out with progress on stderr.
import { Command } from 'commander';
import { FAMILIES } from '../../runs/registry.js';
import { trainRun } from '../../runs/runs.js';
import type { Family } from '../../train/family.js';
import { createProgress } from '../../train/progress.js';
import { applyConfigFile } from '../config-file.js';
import { addSettingsOptions } from '../settings-options.js';
import { trainingStop } from '../interrupts.js';

interface RunFlags {
  resume?: boolean;
  config?: string;
  json?: boolean;
}

function familyCommand(family: Family): Command {
  const cmd = new Command(family.name).description(family.description);
  const keys = addSettingsOptions(cmd, family.settings);
  cmd
    .option('--resume', 'continue the run in --out from its last checkpoint, exactly')
    .option('--config <file>', 'JSON file of settings; flags given on the command line win')
    .option('--json', 'print the result as one JSON object');
  return cmd.action(async (_flags, command: Command) => {
    const given = command.opts<RunFlags>();
    if (given.config) await applyConfigFile(command, given.config);
    const { resume, config: _config, json, ...flags } = command.opts<RunFlags & Record<string, unknown>>();
    const settings = Object.fromEntries(Object.entries(flags).map(([attribute, value]) => [keys.get(attribute) ?? attribute, value]));
    const result = await trainRun(family.name, settings, { progress: createProgress(), resume, signal: trainingStop });
    if (json) console.log(JSON.stringify(result));
    else for (const line of family.report(result)) console.log(line);
  });
}

export function trainCommand(): Command {
  const train = new Command('train').description('train a model into a run directory');
  for (const family of FAMILIES) train.addCommand(familyCommand(family as unknown as Family));
  return train;
}
