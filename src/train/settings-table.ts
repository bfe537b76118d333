// A family's settings as one table (kind, default, help, rule for every setting): the CLI flags, --config checks, --help and resume checks are generated from it.

export type SettingKind = 'int' | 'number' | 'string' | 'boolean' | 'choice' | 'fractions' | 'duration';

export interface SettingSpec {
  kind: SettingKind;
  help: string;
  /** Absent: the setting is optional (undefined unless given; a preset or the model decides). */
  default?: unknown;
  /** int and number: the allowed range (ints default to min 1 when neither bound is given). */
  min?: number;
  max?: number;
  minOpen?: boolean;
  maxOpen?: boolean;
  choices?: readonly string[];
  /** May differ on --resume: it changes neither the model, the data nor the batch order. */
  resumable?: boolean;
  /** The flag's name without '--' when it is not the key in kebab case (e.g. time-budget for timeBudgetMs). */
  flag?: string;
  /** Not a command-line flag (set by code, e.g. compare's budget split). */
  internal?: boolean;
}

export type SettingsTable = Readonly<Record<string, SettingSpec>>;

/** A table with some defaults (and nothing else) replaced: a family's take on the shared blocks. */
export function withDefaults(table: SettingsTable, defaults: Readonly<Record<string, unknown>>): SettingsTable {
  const out: Record<string, SettingSpec> = { ...table };
  for (const [key, value] of Object.entries(defaults)) {
    if (!(key in table)) throw new RangeError(`withDefaults: '${key}' is not a setting of this table`);
    out[key] = { ...table[key], default: value };
  }
  return out;
}

/** The defaults of a table as a settings object (optional settings absent). */
export function defaultsOf<S>(table: SettingsTable): S {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(table)) if (spec.default !== undefined) out[key] = spec.default;
  return out as S;
}

export function flagOf(key: string, spec: SettingSpec): string {
  return `--${spec.flag ?? key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The rule a value must meet, as the error messages say it ("a positive integer", "a number in [0, 1)"). */
export function ruleOf(spec: SettingSpec): string {
  switch (spec.kind) {
    case 'int': {
      const min = spec.min ?? (spec.max === undefined ? 1 : undefined);
      if (min === 1 && spec.max === undefined) return 'a positive integer';
      if (min === 0 && spec.max === undefined) return 'an integer >= 0';
      return min === undefined || min <= -Number.MAX_SAFE_INTEGER ? 'an integer' : `an integer in [${min}, ${spec.max ?? 'inf'}]`;
    }
    case 'number':
      return `a number in ${spec.minOpen ? '(' : '['}${spec.min ?? -Number.MAX_VALUE}, ${spec.max ?? Number.MAX_VALUE}${spec.maxOpen ? ')' : ']'}`;
    case 'choice':
      return `one of ${(spec.choices ?? []).join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'fractions':
      return 'three fractions summing to 1 (train,valid,test)';
    case 'duration':
      return 'a positive number of milliseconds';
    case 'string':
      return 'a string';
  }
}

/** Whether `value` meets the setting's rule. */
export function meetsRule(spec: SettingSpec, value: unknown): boolean {
  switch (spec.kind) {
    case 'int': {
      const min = spec.min ?? (spec.max === undefined ? 1 : -Number.MAX_SAFE_INTEGER);
      return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= (spec.max ?? Number.MAX_SAFE_INTEGER);
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      const min = spec.min ?? -Number.MAX_VALUE;
      const max = spec.max ?? Number.MAX_VALUE;
      return (spec.minOpen ? value > min : value >= min) && (spec.maxOpen ? value < max : value <= max);
    }
    case 'choice':
      return typeof value === 'string' && (spec.choices ?? []).includes(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'fractions':
      return Array.isArray(value) && value.length === 3 && value.every((p) => typeof p === 'number' && p >= 0) && value[0] > 0 && Math.abs(value[0] + value[1] + value[2] - 1) < 1e-9;
    case 'duration':
      return typeof value === 'number' && value > 0;
    case 'string':
      return typeof value === 'string';
  }
}

/** Check a settings object against its table: no unknown key, every given value within its rule. */
export function checkSettings(where: string, table: SettingsTable, settings: Readonly<Record<string, unknown>>): void {
  for (const [key, value] of Object.entries(settings)) {
    const spec = table[key];
    if (spec === undefined) throw new RangeError(`${where}: unknown setting '${key}'`);
    if (value === undefined) continue;
    if (!meetsRule(spec, value)) throw new RangeError(`${where}: ${key} must be ${ruleOf(spec)}, got ${JSON.stringify(value)}`);
  }
}

/** The keys that may differ when a run is resumed. */
export function resumableKeys(table: SettingsTable): string[] {
  return Object.entries(table).filter(([, s]) => s.resumable).map(([k]) => k);
}
