// The command's first line: it starts node with glibc's heap set to pool freed memory, which the runtime then relies on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { sharedHeapPooling } from '../../src/engine/runtime.js';
import { CLI, textforge } from '../helpers/cli.js';

/** The NAME=VALUE assignments of an `#!/usr/bin/env -S` line. */
function shebangEnv(line: string): Record<string, string> {
  const match = /^#!\/usr\/bin\/env -S (.*) node$/.exec(line);
  assert.ok(match, `unexpected first line: ${line}`);
  return Object.fromEntries(match[1].split(' ').map((pair) => pair.split('=') as [string, string]));
}

describe('textforge launcher', () => {
  it('sets the environment under which sessions share one pooled heap', async () => {
    const first = (await readFile(CLI, 'utf8')).split('\n')[0];
    assert.equal(sharedHeapPooling(shebangEnv(first)), true);
  });

  it('runs through its first line', () => {
    const r = textforge(['--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Usage: textforge/);
  });

  it('keeps ORT arenas unless both settings are there', () => {
    assert.equal(sharedHeapPooling({}), false);
    assert.equal(sharedHeapPooling({ MALLOC_MMAP_MAX_: '0' }), false);
    assert.equal(sharedHeapPooling({ MALLOC_MMAP_MAX_: '0', MALLOC_TRIM_THRESHOLD_: '131072' }), false);
    assert.equal(sharedHeapPooling({ MALLOC_MMAP_MAX_: '1', MALLOC_TRIM_THRESHOLD_: String(2 ** 36) }), false);
  });
});
