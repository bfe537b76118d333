// The op table: every registered op against hand-computed values, finite differences in float64, and ORT float32.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import '../../src/engine/ops/index.js';
import { registeredOps } from '../../src/engine/op.js';
import { allCases } from './op-cases/index.js';
import { describeCase } from '../helpers/op-harness.js';

describe('op table', () => {
  it('has a row for every registered op', () => {
    const covered = new Set(allCases.map((c) => c.op));
    const missing = [...registeredOps().keys()].filter((op) => !covered.has(op));
    assert.deepEqual(missing, [], `ops without a test row: ${missing.join(', ')}`);
  });

  for (const c of allCases) describeCase(c);
});
