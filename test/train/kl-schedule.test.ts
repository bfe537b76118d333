// KL-weight schedules against their formulas (ALGORITHMS.md).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { klWeight, validateKlSchedule, KL_SCHEDULE_DEFAULTS as D } from '../../src/train/kl-schedule.js';

describe('KL schedules', () => {
  it('constant, linear and logistic follow their formulas', () => {
    assert.equal(klWeight({ ...D, kind: 'constant', beta: 0.5 }, 1), 0.5);
    assert.equal(klWeight({ ...D, kind: 'linear', warmupSteps: 100 }, 25), 0.25);
    assert.equal(klWeight({ ...D, kind: 'linear', warmupSteps: 100 }, 1000), 1);
    assert.equal(klWeight({ ...D, kind: 'logistic' }, 2500), 0.5);
    assert.ok(Math.abs(klWeight({ ...D, kind: 'logistic' }, 0) - 1 / (1 + Math.exp(6.25))) < 1e-15);
  });

  it('cyclical rises over the first half of each cycle, then holds', () => {
    const s = { ...D, kind: 'cyclical' as const, totalSteps: 400, cycles: 4, ratio: 0.5 };
    assert.deepEqual([1, 26, 51, 75, 100, 101, 126].map((t) => klWeight(s, t)), [0, 0.5, 1, 1, 1, 0, 0.5]);
  });

  it('rejects bad settings', () => {
    assert.throws(() => validateKlSchedule({ ...D, ratio: 0 }), /ratio must be in \(0, 1\], got 0/);
    assert.throws(() => validateKlSchedule({ ...D, beta: -1 }), /beta must be >= 0/);
  });
});
