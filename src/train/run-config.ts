// Checks a run's config.json as read back (it may be torn or hand-edited), so every problem is one line naming the file and the field.
import { RunError } from './run-dir.js';
import { meetsRule, ruleOf, type SettingsTable } from './settings-table.js';

/** The part of config.json every reader relies on, once checked. */
export interface CheckedRunConfig extends Record<string, unknown> {
  model: string;
  settings: Record<string, unknown>;
}

/** What a family gives to check its recorded config: its settings table and, optionally, its model-config validator. */
export interface ConfigRules {
  settings: SettingsTable;
  validateModelConfig?(modelConfig: unknown): void;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short one-line rendering of a value (a value nested too deeply to stringify is named by its kind). */
function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = kind(value);
  }
  text = text.replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function fail(path: string, what: string): RunError {
  return new RunError(`run '${path}': config.json: ${what}`);
}

/** Requires a model-config value to be an object (for validators that read its fields). */
export function configObject(value: unknown): Record<string, unknown> {
  if (!isObject(value)) throw new TypeError(`must be an object, got ${kind(value)}`);
  return value;
}

/** The common head: an object naming its model, with an object of settings and, if present, an object modelConfig and a positive vocabSize. */
export function checkRunConfig(path: string, value: unknown): asserts value is CheckedRunConfig {
  if (!isObject(value)) throw fail(path, `must be a JSON object, got ${kind(value)}`);
  if (typeof value.model !== 'string' || value.model === '') throw fail(path, `model must be a non-empty string, got ${show(value.model)}`);
  if (!isObject(value.settings)) throw fail(path, `settings must be an object, got ${kind(value.settings)}`);
  if (value.modelConfig !== undefined && !isObject(value.modelConfig)) throw fail(path, `modelConfig must be an object, got ${kind(value.modelConfig)}`);
  if (value.vocabSize !== undefined && !(Number.isSafeInteger(value.vocabSize) && (value.vocabSize as number) > 0)) {
    throw fail(path, `vocabSize must be a positive integer, got ${show(value.vocabSize)}`);
  }
}

/** `fn()`, with an error it throws (e.g. an unknown model family) turned into a one-line RunError naming config.json and `field`. */
export function inRunConfig<T>(path: string, field: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw fail(path, `${field}: ${firstLine(error)}`);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split(/\r\n|\r|\n/u, 1)[0];
}

/**
 * The family's checks of its recorded config: each known setting within its rule (unknown keys pass, as old runs
 * recorded settings since removed), and modelConfig through the family's validator, as the model's constructor needs it.
 */
export function checkFamilyConfig(path: string, config: CheckedRunConfig, rules: ConfigRules): void {
  for (const [key, value] of Object.entries(config.settings)) {
    const spec = Object.hasOwn(rules.settings, key) ? rules.settings[key] : undefined; // '__proto__' is no setting
    if (spec === undefined || value === undefined) continue;
    if (!meetsRule(spec, value)) throw fail(path, `settings.${key} must be ${ruleOf(spec)}, got ${show(value)}`);
  }
  if (rules.validateModelConfig === undefined) return;
  // every model config field is a number, string or boolean; a nested value would overflow the validators' `got ${v}`
  for (const [key, value] of Object.entries(isObject(config.modelConfig) ? config.modelConfig : {})) {
    if (typeof value === 'object' && value !== null) throw fail(path, `modelConfig.${key} must be a number, string or boolean, got ${kind(value)}`);
  }
  try {
    rules.validateModelConfig(config.modelConfig);
  } catch (error) {
    // validators say "lm config: hiddenSize must be ..."; here the field is named by its place in the file
    const message = firstLine(error).replace(/^[\w-]+ config: /, '');
    const field = /^(?!keys )[a-zA-Z]+ (must|needs) /.test(message) ? `modelConfig.${message}` : message.startsWith('must ') ? `modelConfig ${message}` : `modelConfig: ${message}`;
    throw fail(path, field);
  }
}

/** Size-like fields of a model config: each a dimension of some parameter tensor (maxLength is not: positions may be computed). */
const SIZE_FIELD = /Size$/;
const COUNT_FIELD = /^(layers|decoderLayers|heads)$/;
const MAX_MAGNITUDE = 2 ** 31;

/**
 * Bounds a recorded modelConfig by the checkpoint it goes with, before any model is built, so a hand-edited size
 * (hiddenSize: 1e9) cannot make the constructor allocate gigabytes: every size and count must be at most the
 * checkpoint's largest tensor dimension, and size squared times layers at most 4 times its element count (a real
 * model's recurrent or attention weights alone hold size squared per layer).
 */
export function checkModelSizes(path: string, modelConfig: unknown, shapes: Record<string, { shape: readonly number[] }>): void {
  if (!isObject(modelConfig)) return;
  let largestDim = 0;
  let elements = 0;
  for (const { shape } of Object.values(shapes)) {
    largestDim = Math.max(largestDim, ...shape);
    elements += shape.reduce((a, b) => a * b, 1);
  }
  let largestSize = 0;
  let layers = 1;
  for (const [key, value] of Object.entries(modelConfig)) {
    // a rate or scale of 1e308 passes a validator's ">= 0" but overflows the initialiser's hi - lo
    if (typeof value === 'number' && !(Math.abs(value) < MAX_MAGNITUDE)) throw fail(path, `modelConfig.${key} must be a number of magnitude below 2^31, got ${show(value)}`);
    if (!(SIZE_FIELD.test(key) || COUNT_FIELD.test(key)) || typeof value !== 'number') continue;
    if (value > largestDim) throw fail(path, `modelConfig.${key} must be at most ${largestDim} (the largest dimension in the checkpoint), got ${show(value)}`);
    if (SIZE_FIELD.test(key)) largestSize = Math.max(largestSize, value);
    if (/ayers$/.test(key)) layers = Math.max(layers, value);
  }
  if (largestSize * largestSize * layers > 4 * elements) {
    throw fail(path, `modelConfig sizes must fit the checkpoint's ${elements} parameters, got size ${largestSize} with ${layers} layers`);
  }
}
