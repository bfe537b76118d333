// Every family's settings table is complete and consistent (help, a default within its rule, unique flags), and settings are checked against it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FAMILIES } from '../../src/runs/registry.js';
import { checkSettings, defaultsOf, flagOf, meetsRule, ruleOf, type SettingsTable } from '../../src/train/settings-table.js';

describe('settings tables', () => {
  for (const family of FAMILIES) {
    it(`${family.name}: every setting has help, a kind's default within its rule, and a flag of its own`, () => {
      const table: SettingsTable = family.settings;
      const flags = new Set<string>();
      for (const [key, spec] of Object.entries(table)) {
        assert.ok(spec.help.length > 5, `${family.name}.${key} has no help`);
        if (spec.default !== undefined) assert.ok(meetsRule(spec, spec.default), `${family.name}.${key}: default ${JSON.stringify(spec.default)} is not ${ruleOf(spec)}`);
        if (spec.kind === 'choice') assert.ok((spec.choices ?? []).length > 1, `${family.name}.${key} lists no choices`);
        const flag = flagOf(key, spec);
        assert.ok(!flags.has(flag), `${family.name}: ${flag} twice`);
        flags.add(flag);
      }
      assert.doesNotThrow(() => checkSettings(family.name, table, defaultsOf(table)));
    });
  }

  it('checkSettings names the setting and the rule, and refuses settings the table lacks', () => {
    const table: SettingsTable = {
      batchSize: { kind: 'int', default: 32, help: 'sentences per batch' },
      dropout: { kind: 'number', min: 0, max: 1, maxOpen: true, help: 'dropout rate' },
      cell: { kind: 'choice', choices: ['lstm', 'gru'], help: 'recurrent cell' },
    };
    assert.throws(() => checkSettings('train x', table, { batchSize: 0 }), /^RangeError: train x: batchSize must be a positive integer, got 0$/);
    assert.throws(() => checkSettings('train x', table, { batchSize: 2.5 }), /batchSize must be a positive integer/);
    assert.throws(() => checkSettings('train x', table, { dropout: 1 }), /^RangeError: train x: dropout must be a number in \[0, 1\), got 1$/);
    assert.throws(() => checkSettings('train x', table, { cell: 'rnn' }), /cell must be one of lstm, gru, got "rnn"/);
    assert.throws(() => checkSettings('train x', table, { epochs: 3 }), /^RangeError: train x: unknown setting 'epochs'$/);
    assert.doesNotThrow(() => checkSettings('train x', table, { batchSize: 1, dropout: 0, cell: 'gru' }));
  });

  it('SeqGAN has no --epochs or --patience: no phase of it would use them', () => {
    const seqgan = FAMILIES.find((f) => f.name === 'seqgan')!;
    assert.equal('epochs' in seqgan.settings, false);
    assert.equal('patience' in seqgan.settings, false);
  });
});
