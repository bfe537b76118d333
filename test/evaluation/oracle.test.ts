// The SeqGAN oracle: the paper's parameters reproduce the independent NumPy checker's facts; save/load round-trips; NLL-oracle.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOracle, createOracle, saveOracle, sampleFromOracle, OracleScorer, ORACLE } from '../../src/evaluation/oracle.js';
import { Rng } from '../../src/engine/random.js';
import { tempDir } from '../helpers/cli.js';

const oracleFile = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/seqgan-oracle/oracle.safetensors');
const paperSkip = existsSync(oracleFile) ? false : `the paper's oracle is not at ${oracleFile} (benchmark data is local only)`;

describe('SeqGAN oracle', () => {
  it('the paper\'s oracle scores its own samples at 5.756 nats/token and uniform sequences at 11.435 (check_oracle.py)', { skip: paperSkip, timeout: 300_000 }, async () => {
    const oracle = await loadOracle(oracleFile);
    const scorer = new OracleScorer(oracle);
    const own = await sampleFromOracle(oracle, 5_000, ORACLE.sequenceLength, 0);
    const rng = new Rng(1);
    const uniform = Array.from({ length: 5_000 }, () => Int32Array.from({ length: ORACLE.sequenceLength }, () => rng.int(0, ORACLE.vocabSize)));
    const ownNll = await scorer.score(own);
    const uniformNll = await scorer.score(uniform);
    assert.ok(Math.abs(ownNll - 5.756) < 0.05, `own samples: ${ownNll}`);
    assert.ok(Math.abs(uniformNll - 11.435) < 0.05, `uniform sequences: ${uniformNll}`);
  });

  it('a new oracle from a seed saves in the paper\'s layout and loads back identically', async () => {
    const oracle = createOracle(3);
    const path = join(await tempDir('tf-oracle-'), 'oracle.safetensors');
    await saveOracle(path, oracle);
    const loaded = await loadOracle(path);
    for (const n of oracle.params.names()) assert.deepEqual(loaded.params.get(n), oracle.params.get(n), n);
    const samples = await sampleFromOracle(oracle, 50, ORACLE.sequenceLength, 4);
    assert.deepEqual(await sampleFromOracle(loaded, 50, ORACLE.sequenceLength, 4), samples);
    const scorer = new OracleScorer(loaded);
    // N(0, 1) parameters make a peaked oracle: its own samples are far more likely than uniform ones
    const rng = new Rng(5);
    const uniform = Array.from({ length: 50 }, () => Int32Array.from({ length: ORACLE.sequenceLength }, () => rng.int(0, ORACLE.vocabSize)));
    assert.ok((await scorer.score(samples)) < (await scorer.score(uniform)));
    await assert.rejects(loadOracle(join(dirname(path), 'missing.safetensors')), /file not found/);
  });
});
