// The README stays true: its library example is examples/engine-step.ts verbatim, and that example runs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('README', () => {
  it('shows examples/engine-step.ts (importing from the package name)', async () => {
    const readme = await readFile(resolve(root, 'README.md'), 'utf8');
    const example = (await readFile(resolve(root, 'examples/engine-step.ts'), 'utf8')).split('\n').slice(1).join('\n').replace("from '../src/index.js'", "from 'textforge'");
    assert.ok(readme.includes(example.trim()), 'README.md must contain examples/engine-step.ts (after its header line)');
  });

  it('the example runs and its loss falls', () => {
    const r = spawnSync(process.execPath, [resolve(root, 'dist/examples/engine-step.js')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const losses = [...r.stdout.matchAll(/loss (\d+\.\d+)/g)].map((m) => Number(m[1]));
    assert.equal(losses.length, 3);
    assert.ok(losses[2] < losses[0], r.stdout);
  });
});
