// Fuzzes what the command line reads: every family's flag parsers with random values, and --config files (mutated, random, deeply nested).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { applyConfigFile } from '../../src/cli/config-file.js';
import { addSettingsOptions } from '../../src/cli/settings-options.js';
import { FAMILIES } from '../../src/runs/registry.js';
import { flagOf } from '../../src/train/settings-table.js';
import { Rng } from '../../src/engine/random.js';
import { caseCount, deepJson, fuzzSeed, jsonText, mutateBytes, mutateJson, outcome, weirdValue } from './fuzz-kit.js';

const dirs: string[] = [];
after(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

function commandOf(familyIndex: number): Command {
  const cmd = new Command('train').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  addSettingsOptions(cmd, FAMILIES[familyIndex].settings);
  return cmd.option('--config <file>', 'settings file');
}

const FLAG_VALUES = ['', ' ', '-1', '0', '1', '1.5', '1e308', '1e-400', 'NaN', 'Infinity', '0x10', '9007199254740993', '1,2', '0.9,0.05,0.05', '90s', '1.5h', '-5m', 'abc', '\u0000', '\ud800', '日本', 'lstm', 'true', '--out'];

test('flag parsers: random values for every flag of every family give a value or a one-line commander error', async () => {
  const rng = new Rng(fuzzSeed(20_401));
  const counts = { ok: 0, rejected: 0 };
  for (let i = 0; i < caseCount(3000); i++) {
    const family = FAMILIES[i % FAMILIES.length];
    const entries = Object.entries(family.settings).filter(([, s]) => !s.internal && s.kind !== 'boolean');
    const [key, spec] = entries[rng.int(0, entries.length)];
    const value = rng.uniform() < 0.7 ? FLAG_VALUES[rng.int(0, FLAG_VALUES.length)] : String.fromCharCode(...Array.from({ length: rng.int(0, 12) }, () => rng.int(0, 0x3000)));
    await outcome(() => commandOf(i % FAMILIES.length).parse([flagOf(key, spec), value], { from: 'user' }), `case ${i} ${key}=${JSON.stringify(value)}`, counts, 2000, value);
  }
  assert.ok(counts.ok > 0 && counts.rejected > 0);
});

test('--config files: mutated settings, random bytes and deep nesting give settings or a one-line ConfigFileError', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'textforge-fuzz-config-'));
  dirs.push(dir);
  const rng = new Rng(fuzzSeed(20_402));
  const counts = { ok: 0, rejected: 0 };
  const valid = { epochs: 2, lr: 0.01, cell: 'gru', hiddenSize: 32, split: '0.8,0.1,0.1', lowercase: true, 'batch-size': 8 };
  for (let i = 0; i < caseCount(1000); i++) {
    const path = join(dir, `config-${i % 8}.json`);
    const pick = i % 50 === 2 ? 2 : i % 5 === 2 ? 1 : i % 5;
    const settings = { ...valid, [['epochs', 'lr', 'cell', 'split', 'lowercase', 'trainFraction'][rng.int(0, 6)]]: weirdValue(rng) };
    const text = pick === 0 ? jsonText(rng, mutateJson(rng, valid)) : pick === 1 ? jsonText(rng, settings) : pick === 2 ? `{"epochs": ${deepJson(100_000)}}` : mutateBytes(rng, new TextEncoder().encode(JSON.stringify(valid)));
    await writeFile(path, text);
    await outcome(() => applyConfigFile(commandOf(0), path), `case ${i}`, counts);
  }
  assert.ok(counts.ok > 0 && counts.rejected > 0);
});
