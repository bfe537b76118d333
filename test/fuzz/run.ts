// `npm run fuzz`: the fuzz tests with ten times the cases of `npm test` (FUZZ_SCALE or FUZZ_CASES override it, FUZZ_SEED reseeds).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here).filter((f) => f.endsWith('.test.js')).map((f) => join(here, f));
const env: NodeJS.ProcessEnv = { ...process.env, FUZZ_SCALE: process.env.FUZZ_SCALE ?? '10' };
console.log(`fuzzing ${files.length} readers with FUZZ_SCALE=${env.FUZZ_SCALE}${env.FUZZ_CASES ? `, FUZZ_CASES=${env.FUZZ_CASES}` : ''}${env.FUZZ_SEED ? `, FUZZ_SEED=${env.FUZZ_SEED}` : ''}`);
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=900000', ...files], { stdio: 'inherit', env });
process.exitCode = result.status ?? 1;
