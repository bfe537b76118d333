// Commander options generated from a family's settings table: one flag per setting, its parser from the setting's rule, its type and default in --help.
import { Command, Option } from 'commander';
import { flagOf, type SettingSpec, type SettingsTable } from '../train/settings-table.js';
import { duration, fractions, integer, nonNegativeInt, numberIn, positiveInt } from './parse.js';

/** What --help calls a flag's value. */
const PLACEHOLDERS: Record<SettingSpec['kind'], string> = { int: 'n', number: 'x', string: 'path', boolean: '', choice: 'kind', fractions: 'fractions', duration: 'duration' };

/** The flag's value parser and the type --help shows. */
function parserOf(flag: string, spec: SettingSpec): { parse?: (value: string) => unknown; type: string } {
  switch (spec.kind) {
    case 'int': {
      const min = spec.min ?? (spec.max === undefined ? 1 : undefined);
      if (spec.max === undefined && min === 1) return { parse: positiveInt(flag), type: 'integer' };
      if (spec.max === undefined && min === 0) return { parse: nonNegativeInt(flag), type: 'integer >= 0' };
      return { parse: integer(flag), type: 'integer' };
    }
    case 'number':
      return { parse: numberIn(flag, spec.min ?? -Number.MAX_VALUE, spec.max ?? Number.MAX_VALUE, { minOpen: spec.minOpen, maxOpen: spec.maxOpen }), type: 'number' };
    case 'fractions':
      return { parse: fractions(flag), type: 'fractions' };
    case 'duration':
      return { parse: duration(flag), type: 'duration' };
    default:
      return { type: spec.kind };
  }
}

/** Add a flag for every setting of `table` (but internal ones); returns the map from commander attribute to setting key. */
export function addSettingsOptions(cmd: Command, table: SettingsTable): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, spec] of Object.entries(table)) {
    if (spec.internal) continue;
    const flag = flagOf(key, spec);
    let option: Option;
    if (spec.kind === 'boolean') {
      // a setting on by default is turned off by --no-<flag>
      option = spec.default === true ? new Option(`--no-${flag.slice(2)}`, spec.help) : new Option(flag, spec.help);
    } else {
      const { parse, type } = parserOf(flag, spec);
      option = new Option(`${flag} <${PLACEHOLDERS[spec.kind]}>`, spec.kind === 'choice' || spec.kind === 'string' ? spec.help : `${spec.help} (${type})`);
      if (spec.choices) option.choices([...spec.choices]);
      if (parse) option.argParser(parse);
      if (spec.default !== undefined) option.default(spec.default);
    }
    cmd.addOption(option);
    keys.set(option.attributeName(), key);
  }
  return keys;
}
