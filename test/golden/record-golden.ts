// Records test/fixtures/golden/runs.json: run once on the code before a refactor, so golden.test.ts can show the refactor changed no number.
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/cli.js';
import { goldenFlags, runGolden, writeGoldenData, type GoldenRun } from './golden-runs.js';

const dir = await tempDir('tf-golden-');
await writeGoldenData(dir);
const runs: Record<string, GoldenRun> = {};
for (const name of Object.keys(goldenFlags(dir))) {
  runs[name] = await runGolden(dir, name);
  console.error(`recorded ${name}: ${runs[name].records.length} records`);
}
const fixture = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/golden/runs.json');
await writeFile(fixture, `${JSON.stringify({ recordedWith: process.argv[2] ?? 'unknown commit', runs }, null, 1)}\n`);
console.error(`wrote ${fixture} (${join(dir)})`);
