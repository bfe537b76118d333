// Torn and corrupted run files, case by case: each gives a one-line error naming the file and the problem, through the library and the CLI.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, cp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeSafetensors, encodeSafetensors, loadCheckpoint, MAX_HEADER_BYTES } from '../../src/engine/checkpoint.js';
import { decodeNpyFloat32, encodeNpyFloat32, loadNpyFloat32 } from '../../src/engine/npy.js';
import { openRun, runInfo } from '../../src/runs/runs.js';
import { RunDir } from '../../src/train/run-dir.js';
import { smallLmFlags, tempDir, textforge, writeToyCorpus } from '../helpers/cli.js';
import { assertCleanError, concat, deepJson, rssMb } from '../fuzz/fuzz-kit.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/legacy-runs');
let root = '';
before(async () => {
  root = await tempDir('textforge-corrupt-');
});
after(async () => rm(root, { recursive: true, force: true }));

/** A fresh copy of a legacy fixture run, with `file` replaced by `text` (unless undefined). */
async function runWith(family: string, name: string, file: string, text: string | Uint8Array | ((original: string) => string)): Promise<string> {
  const dir = join(root, `${family}-${name}`);
  await cp(join(FIXTURES, family), dir, { recursive: true });
  const path = join(dir, file);
  await writeFile(path, typeof text === 'function' ? text(await readFile(path, 'utf8')) : text);
  return dir;
}

async function rejectsWith(call: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(call, (e: unknown) => {
    assertCleanError(e, pattern.source);
    assert.match((e as Error).message, pattern);
    return true;
  });
}

const editConfig = (edit: (c: Record<string, unknown>) => void) => (text: string) => {
  const config = JSON.parse(text) as Record<string, unknown>;
  edit(config);
  return JSON.stringify(config);
};
const model = (c: Record<string, unknown>) => c.modelConfig as Record<string, unknown>;

const CONFIG_CASES: [string, string, string | ((t: string) => string), RegExp][] = [
  ['not JSON', 'lm', '{"model": "lm", "settin', /config\.json is not valid JSON/],
  ['not an object', 'lm', '[1, 2, 3]', /config\.json: must be a JSON object, got array/],
  ['nested 100,000 deep', 'lm', deepJson(100_000), /config\.json: must be a JSON object, got array/],
  ['model not a string', 'lm', editConfig((c) => { c.model = 7; }), /config\.json: model must be a non-empty string, got 7/],
  ['unknown model', 'lm', editConfig((c) => { c.model = 'gpt'; }), /config\.json: model: unknown model family 'gpt'/],
  ['modelConfig missing', 'lm', editConfig((c) => { delete c.modelConfig; }), /config\.json: modelConfig must be an object, got undefined/],
  ['modelConfig an array', 'seqvae', editConfig((c) => { c.modelConfig = []; }), /config\.json: modelConfig must be an object, got array/],
  ['hiddenSize "abc"', 'lm', editConfig((c) => { model(c).hiddenSize = 'abc'; }), /config\.json: modelConfig\.hiddenSize must be a positive integer, got abc/],
  ['hiddenSize 1e9', 'lm', editConfig((c) => { model(c).hiddenSize = 1e9; }), /config\.json: modelConfig\.hiddenSize must be at most 64/],
  ['initScale 1e308', 'lm', editConfig((c) => { model(c).initScale = 1e308; }), /config\.json: modelConfig\.initScale must be a number of magnitude below 2\^31/],
  ['seqvae unknown key', 'seqvae', editConfig((c) => { model(c).latnetSize = 8; }), /config\.json: modelConfig: keys must be among/],
  ['seqvae latentSize 0', 'seqvae', editConfig((c) => { model(c).latentSize = 0; }), /config\.json: modelConfig\.latentSize must be a positive integer, got 0/],
  ['settings not an object', 'lm', editConfig((c) => { c.settings = 'x'; }), /config\.json: settings must be an object, got string/],
  ['settings.batchSize "16"', 'lm', editConfig((c) => { (c.settings as Record<string, unknown>).batchSize = '16'; }), /config\.json: settings\.batchSize must be a positive integer, got "16"/],
  ['settings.tokenizer 3', 'seqgan', editConfig((c) => { (c.settings as Record<string, unknown>).tokenizer = 3; }), /config\.json: settings\.tokenizer must be one of/],
  ['vocabSize disagrees with vocab.json', 'lm', editConfig((c) => { c.vocabSize = 19; }), /config\.json: vocabSize must equal the 18 tokens of vocab\.json, got 19/],
];

describe('a corrupted or hand-edited config.json', () => {
  for (const [name, family, text, pattern] of CONFIG_CASES) {
    it(`${name}: one line naming the run, config.json and the problem`, async () => {
      const dir = await runWith(family, name.replace(/\W+/g, '-'), 'config.json', text);
      await rejectsWith(() => openRun(dir), new RegExp(`^run '${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}': ${pattern.source}`));
      if (!/vocabSize disagrees|1e9|1e308/.test(name)) await rejectsWith(() => runInfo(dir), pattern); // info reads no vocabulary or checkpoint (sizes are checked against it)
    });
  }
});

const VOCAB_CASES: [string, string | ((t: string) => string), RegExp][] = [
  ['not JSON', '{"format": "textforge-vocabulary", "tok', /vocabulary '.*vocab\.json' is not valid JSON/],
  ['tokens not strings', (t) => t.replace('"<eos>",', '"<eos>", 17,'), /token 4 must be a string, got number/],
  ['a duplicate token', (t) => { const j = JSON.parse(t) as { tokens: string[] }; j.tokens.push(j.tokens[5]); return JSON.stringify(j); }, /duplicates token 5/],
  ['specials missing', (t) => t.replace('"<unk>",', ''), /token 1 must be the special <unk>/],
  ['tokens nested 100,000 deep', () => `{"format":"textforge-vocabulary","version":1,"tokens":[${deepJson(100_000)}]}`, /token 0 must be the special <pad>, got array/],
  ['fewer tokens than the checkpoint (counts wrong)', (t) => { const j = JSON.parse(t) as { tokens: string[] }; j.tokens.pop(); return JSON.stringify(j); }, /vocabSize must equal the 17 tokens of vocab\.json, got 18/],
];

describe('a corrupted or hand-edited vocab.json', () => {
  for (const [name, text, pattern] of VOCAB_CASES) {
    it(`${name}: one line naming vocab.json and the problem`, async () => {
      const dir = await runWith('lm', `vocab-${name.replace(/\W+/g, '-')}`, 'vocab.json', text);
      await rejectsWith(() => openRun(dir), pattern);
    });
  }
});

const WHERE = 'c.safetensors';
function withHeader(header: unknown, data: Uint8Array = new Uint8Array(0), claimedLength?: bigint): Uint8Array {
  let json = JSON.stringify(header);
  while (json.length % 8 !== 0) json += ' ';
  const bytes = new TextEncoder().encode(json);
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, claimedLength ?? BigInt(bytes.length), true);
  return concat(prefix, bytes, data);
}

const F32 = (shape: number[], begin: number, end: number) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });
const CHECKPOINT_CASES: [string, Uint8Array, RegExp][] = [
  ['header length of 4 GB in a small file', withHeader({}, new Uint8Array(8), 4n * 1024n ** 3n), /header length must fit in the \d+ bytes after the length prefix, got 4294967296/],
  ['header length of 2^64 - 1', withHeader({}, new Uint8Array(0), 2n ** 64n - 1n), /header length must fit/],
  ['non-JSON header', concat(new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0]), new TextEncoder().encode('{"a": 1,'), new Uint8Array(0)), /header must be JSON/],
  ['a tensor claiming 2^32 elements', withHeader({ w: F32([2 ** 16, 2 ** 16], 0, 2 ** 34) }, new Uint8Array(16)), /data_offsets must lie within the 16-byte data buffer/],
  ['offsets past the end', withHeader({ w: F32([2], 0, 8), v: F32([2], 8, 16) }, new Uint8Array(8)), /tensor 'v' data_offsets must lie within the 8-byte data buffer, got \[8, 16\]/],
  ['overlapping offsets', withHeader({ w: F32([2], 0, 8), v: F32([2], 4, 12) }, new Uint8Array(12)), /must not overlap/],
  ['shape and byte length disagree', withHeader({ w: F32([3], 0, 8) }, new Uint8Array(8)), /data_offsets must span 12 bytes for F32 shape \[3\], got 8/],
  ['unknown dtype', withHeader({ w: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4)), /dtype must be one of F32, I32, I64, BOOL, got "F16"/],
  ['shape of absurd numbers', withHeader({ w: F32([1e300], 0, 4) }, new Uint8Array(4)), /shape must be an array of non-negative integers/],
  ['shape nested 100,000 deep', concat(withHeader({ w: F32([1], 0, 4) }, new Uint8Array(0)).subarray(0, 0), (() => { const json = `{"w":{"dtype":"F32","shape":${deepJson(100_000)},"data_offsets":[0,4]}}`.padEnd(8 * Math.ceil((200_000 + 60) / 8), ' '); const prefix = new Uint8Array(8); new DataView(prefix.buffer).setBigUint64(0, BigInt(json.length), true); return concat(prefix, new TextEncoder().encode(json), new Uint8Array(4)); })()), /shape must be an array of non-negative integers, got array/],
  ['truncated data', encodeSafetensors({ w: { dtype: 'float32', shape: [4], data: new Float32Array(4) } }).subarray(0, 70), /data_offsets must lie within|header length must fit/],
];

describe('a corrupted checkpoint', () => {
  for (const [name, bytes, pattern] of CHECKPOINT_CASES) {
    it(`${name}: one line naming the file, from memory and from disk`, async () => {
      assert.throws(() => decodeSafetensors(bytes, WHERE), (e: unknown) => {
        assertCleanError(e, name);
        assert.match((e as Error).message, new RegExp(`^checkpoint ${WHERE}: (tensor '\\w+' )?${pattern.source}`));
        return true;
      });
      const path = join(root, `${name.replace(/\W+/g, '-')}.safetensors`);
      await writeFile(path, bytes);
      await rejectsWith(() => loadCheckpoint(path), pattern);
    });
  }

  it(`a header longer than the format's ${MAX_HEADER_BYTES}-byte limit is refused before it is read, allocating nothing`, async () => {
    const path = join(root, 'huge-header.safetensors');
    const prefix = new Uint8Array(8);
    new DataView(prefix.buffer).setBigUint64(0, BigInt(MAX_HEADER_BYTES + 8), true);
    await writeFile(path, prefix);
    await appendFile(path, new Uint8Array(MAX_HEADER_BYTES + 16)); // a real 100 MB file: the claim fits, but exceeds the limit
    const start = rssMb();
    await rejectsWith(() => loadCheckpoint(path), /header length must be at most 100000000 bytes, got 100000008/);
    assert.ok(rssMb() - start < 50, `resident memory grew by ${(rssMb() - start).toFixed(0)} MB`);
    await rm(path);
  });
});

describe('a corrupted .npy file', () => {
  const valid = encodeNpyFloat32(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
  const withText = (header: string, data = new Uint8Array(24)) => {
    const text = new TextEncoder().encode(header);
    return concat(new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length & 0xff, text.length >> 8]), text, data);
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ['not .npy', new TextEncoder().encode('hello world, not numpy'), /file must start with the \.npy magic/],
    ['header length past the end', concat(valid.subarray(0, 8), new Uint8Array([0xff, 0xff]), new Uint8Array(4)), /header length must fit in the 4 bytes after the prefix, got 65535/],
    ['version 2 header claiming 4 GB', new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0, 0xff, 0xff, 0xff, 0xff, 0x7b]), /header length must be at most 65536 bytes, got 4294967295/],
    ['float64 data', withText("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }\n"), /descr must be '<f4'/],
    ['Fortran order', withText("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }\n"), /fortran_order must be False/],
    ['shape and byte length disagree', withText("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999, 99999999), }\n"), /data must be \d+ float32 values \(\d+ bytes\) for shape \(99999999, 99999999\), got 24 bytes/],
    ['negative shape', withText("{'descr': '<f4', 'fortran_order': False, 'shape': (-6,), }\n"), /shape must hold non-negative integers/],
    ['truncated data', valid.subarray(0, valid.length - 3), /data must be 6 float32 values \(24 bytes\) for shape \(2, 3\), got 21 bytes/],
  ];
  for (const [name, bytes, pattern] of cases) {
    it(`${name}: one line naming the file`, async () => {
      assert.throws(() => decodeNpyFloat32(bytes, 'x.npy'), (e: unknown) => {
        assertCleanError(e, name);
        assert.match((e as Error).message, new RegExp(`^npy x\\.npy: ${pattern.source}`));
        return true;
      });
      const path = join(root, `${name.replace(/\W+/g, '-')}.npy`);
      await writeFile(path, bytes);
      await rejectsWith(() => loadNpyFloat32(path), pattern);
    });
  }

  it('a valid file round-trips', async () => {
    assert.deepEqual(decodeNpyFloat32(valid, 'x.npy'), { shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) });
  });
});

describe('a torn metrics.jsonl', () => {
  it('is read without its cut-off last line (and without a fragment that happens to parse)', async () => {
    const dir = await runWith('lm', 'torn-metrics', 'metrics.jsonl', (t) => `${t}{"step": 40, "split": "train", "lo`);
    const run = await RunDir.open(dir);
    const whole = (await readFile(join(FIXTURES, 'lm', 'metrics.jsonl'), 'utf8')).trim().split('\n').length;
    assert.equal((await run.readMetrics()).length, whole);
    await writeFile(run.file('metrics.jsonl'), `${await readFile(join(FIXTURES, 'lm', 'metrics.jsonl'), 'utf8')}12`);
    assert.equal((await run.readMetrics()).length, whole, "a fragment '12' is no record");
    assert.equal(typeof (await runInfo(dir)).steps, 'number');
  });

  it('is repaired by --resume: afterwards every line is a whole record', async () => {
    const corpus = await writeToyCorpus(join(root, 'toy.txt'), 300, 3);
    const out = join(root, 'torn-resume');
    const flags = [...smallLmFlags(corpus, out), '--checkpoint-every', '4'];
    const first = textforge(flags, { TEXTFORGE_KILL_DURING_CHECKPOINT_WRITE: '2' });
    assert.equal(first.signal, 'SIGKILL', first.stderr);
    await appendFile(join(out, 'metrics.jsonl'), '{"step": 99, "phase": "train", "split": "tr'); // as a kill mid-append leaves it
    const resumed = textforge([...flags, '--resume']);
    assert.equal(resumed.status, 0, resumed.stderr);
    const lines = (await readFile(join(out, 'metrics.jsonl'), 'utf8')).split('\n').filter((l) => l !== '');
    for (const line of lines) assert.equal(typeof JSON.parse(line), 'object', line);
    assert.ok(!lines.some((l) => l.includes('"step": 99')));
  });
});

describe('through the CLI: one textforge: line, exit 1, no stack trace', () => {
  const cases: [string, string, string, string | ((t: string) => string), string[], RegExp][] = [
    ['config.json not JSON', 'lm', 'config.json', '{"model": ', ['sample'], /config\.json is not valid JSON/],
    ['config.json modelConfig.hiddenSize "abc"', 'lm', 'config.json', editConfig((c) => { model(c).hiddenSize = 'abc'; }), ['eval'], /config\.json: modelConfig\.hiddenSize must be a positive integer/],
    ['config.json settings of the wrong type', 'seqvae', 'config.json', editConfig((c) => { (c.settings as Record<string, unknown>).maxLen = 'long'; }), ['info'], /config\.json: settings\.maxLen must be/],
    ['vocab.json with duplicates', 'lm', 'vocab.json', (t) => { const j = JSON.parse(t) as { tokens: string[] }; j.tokens.push('<eos>'); return JSON.stringify(j); }, ['sample'], /vocab\.json' is not a textforge vocabulary: token 18 "<eos>" duplicates token 3/],
    ['checkpoint header of 4 GB', 'lm', 'checkpoints/best.safetensors', withHeader({}, new Uint8Array(8), 4n * 1024n ** 3n) as unknown as string, ['sample'], /best\.safetensors: header length must fit/],
  ];
  for (const [name, family, file, text, command, pattern] of cases) {
    it(name, async () => {
      const dir = await runWith(family, `cli-${name.replace(/\W+/g, '-')}`, file, text);
      const args = command[0] === 'eval' ? ['eval', dir, '--test', join(FIXTURES, 'toy.txt')] : [command[0], dir];
      const r = textforge(args);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /^textforge: /);
      assert.match(lines[0], pattern);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    });
  }

  it('a resumed run whose config.json was hand-edited stops with one line naming it', async () => {
    const corpus = await writeToyCorpus(join(root, 'toy-resume.txt'), 300, 4);
    const out = join(root, 'edited-resume');
    const flags = [...smallLmFlags(corpus, out), '--epochs', '1'];
    assert.equal(textforge(flags).status, 0);
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
    model(config).layers = 'two';
    await writeFile(join(out, 'config.json'), JSON.stringify(config));
    const r = textforge([...flags, '--resume']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr.trim(), /^textforge: run '.*': config\.json: modelConfig\.layers must be a positive integer, got two$/);
  });
});
