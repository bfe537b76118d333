// --config file.json: settings from a JSON file, with flags given on the command line taking precedence.
import { readFile } from 'node:fs/promises';
import type { Command, Option } from 'commander';

export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
}

function findOption(cmd: Command, key: string): Option | undefined {
  return cmd.options.find((o) => o.attributeName() === key || o.long === `--${key}`);
}

/** Apply a JSON object of settings (camelCase or kebab-case keys) to options not given as flags. */
export async function applyConfigFile(cmd: Command, path: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ConfigFileError(`config '${path}': file not found`);
  }
  let settings: unknown;
  try {
    settings = JSON.parse(text);
  } catch (e) {
    throw new ConfigFileError(`config '${path}': not valid JSON (${(e as Error).message.replace(/\s+/g, ' ').replace(/\p{Cc}/gu, '?')})`);
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) throw new ConfigFileError(`config '${path}': must hold a JSON object of settings`);
  for (const [key, value] of Object.entries(settings)) {
    const option = findOption(cmd, key);
    if (option === undefined || key === 'config') throw new ConfigFileError(`config '${path}': unknown setting '${key}'`);
    const attribute = option.attributeName();
    if (cmd.getOptionValueSource(attribute) === 'cli') continue;
    let parsed: unknown = value;
    if (option.isBoolean()) {
      if (typeof value !== 'boolean') throw new ConfigFileError(`config '${path}': '${key}' must be true or false, got ${typeof value === 'object' ? (Array.isArray(value) ? 'an array' : value === null ? 'null' : 'an object') : JSON.stringify(value).slice(0, 60)}`);
    } else if (option.parseArg) {
      // a flag's value is text: a number, a string, or a flat list (split: [0.8, 0.1, 0.1]); nesting would overflow String()
      const flat = (v: unknown) => typeof v === 'number' || typeof v === 'string';
      if (!(flat(value) || (Array.isArray(value) && value.length <= 16 && value.every(flat)))) {
        throw new ConfigFileError(`config '${path}': '${key}' must be a number, a string or a short list of them, got ${Array.isArray(value) ? 'a nested or long array' : value === null ? 'null' : typeof value}`);
      }
      try {
        parsed = option.parseArg(String(value), undefined as never);
      } catch (e) {
        throw new ConfigFileError(`config '${path}': ${(e as Error).message.replace(/\s+/g, ' ')}`);
      }
    }
    cmd.setOptionValueWithSource(attribute, parsed, 'config');
  }
}
