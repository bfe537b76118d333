// compressBytes / decompressBytes: exact round trips of any bytes with a small byte-level model and with the adaptive model; damage, another model, other threads or runtime refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';
import { LanguageModel } from '../../src/models/lm/model.js';
import { LM_PRESETS } from '../../src/models/lm/config.js';
import { Vocabulary } from '../../src/data/vocab.js';
import { compressBytes, decompressBytes, type CodingModel } from '../../src/compress/codec.js';
import { parametersHash, recurrentPredictor } from '../../src/compress/predictor.js';
import { ArchiveError, readArchive, writeArchive } from '../../src/compress/archive.js';
import { adaptiveModel } from '../../src/compress/models.js';
import { copyOfModel, learningPredictor } from '../../src/compress/adaptive.js';

/** A random-initialised 1 x 24 LSTM over bytes: a poor model, but coding is exact whatever the model. */
function smallModel(seed: number): CodingModel {
  const model = new LanguageModel({ ...LM_PRESETS.tiny, embedSize: 8, hiddenSize: 24 }, Vocabulary.bytes().size, new Rng(seed).fork('init'));
  return { mode: 'pretrained', hash: parametersHash(model.params), predictor: (lanes, threads) => recurrentPredictor(model.decoder, model.params, lanes, threads) };
}

const model = smallModel(1);
const options = { threads: 1, maxLanes: 8, minLaneBytes: 256 };

async function roundTrip(input: Uint8Array, coding = model, o = options): Promise<Uint8Array> {
  const { archive } = await compressBytes(input, coding, o);
  const back = await decompressBytes(archive, async () => coding);
  assert.equal(Buffer.compare(Buffer.from(back), Buffer.from(input)), 0, `round trip of ${input.length} bytes`);
  return archive;
}

function randomBytes(n: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  return Uint8Array.from({ length: n }, () => rng.int(0, 256));
}

/** The archive with its header edited (and its header CRC recomputed, so only the edit is wrong). */
function edited(archive: Uint8Array, edit: (h: Record<string, unknown>) => void): Uint8Array {
  const { header, payload } = readArchive(archive);
  const copy = structuredClone(header) as unknown as Record<string, unknown>;
  edit(copy);
  return writeArchive(copy as never, payload);
}

describe('compress codec', () => {
  const text = new TextEncoder().encode('It was the best of times,\r\nit was the worst of times.\n\n\tTabs, "quotes", ünïcödé, 😀 and  double  spaces.\r\n'.repeat(20));

  it('round-trips the empty file, one byte, every byte value, random bytes, invalid UTF-8 and CRLF text', async () => {
    const cases = [
      new Uint8Array(0), Uint8Array.of(0x0a), Uint8Array.of(0), Uint8Array.of(0xff),
      Uint8Array.from({ length: 256 }, (_, b) => b), randomBytes(3000, 2),
      Uint8Array.of(0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x90, 0x28, 0xbc, 0xed, 0xa0, 0x80, 0xc0, 0xaf, 0x0a, 0x0d),
      text,
    ];
    for (const input of cases) await roundTrip(input);
  });

  it('writes the same archive for the same input and model, and codes text below 8 bits per byte even with a poor model', async () => {
    const a = await roundTrip(text);
    const b = (await compressBytes(text, model, options)).archive;
    assert.deepEqual(a, b);
    const { header } = readArchive(a);
    assert.equal(header.bytes, text.length);
    assert.equal(header.laneBytes.length, 8);
    assert.equal(header.runtime.threads, 1);
  });

  it('round-trips a 5 MB file in 256 lanes', async () => {
    const rng = new Rng(9);
    const words = ['the', 'model', 'codes', 'each', 'byte', 'of', 'text', 'with', 'its', 'own', 'probability', '\n', 'and', '\u00e9t\u00e9', '\r\n'];
    const parts: string[] = [];
    let size = 0;
    while (size < 5 * 1024 * 1024) {
      const w = words[rng.int(0, words.length)];
      parts.push(w, ' ');
      size += Buffer.byteLength(w) + 1;
    }
    const input = new Uint8Array(Buffer.from(parts.join(''), 'utf8'));
    await roundTrip(input, model, { threads: 1, maxLanes: 256, minLaneBytes: 4096 });
  });

  it('refuses a flipped payload byte, a flipped header byte, truncation and trailing bytes, each with one line', async () => {
    const archive = (await compressBytes(text, model, options)).archive;
    const flip = (at: number) => {
      const copy = archive.slice();
      copy[at] ^= 0x10;
      return copy;
    };
    const cases: [Uint8Array, RegExp][] = [
      [flip(archive.length - 3), /payload is damaged/],
      [flip(20), /header is damaged/],
      [flip(0), /not a textforge archive/],
      [archive.subarray(0, archive.length - 5), /truncated/],
      [archive.subarray(0, 30), /truncated/],
      [new Uint8Array([...archive, 0]), /after the payload/],
      [new Uint8Array(0), /not a textforge archive/],
    ];
    for (const [bad, message] of cases) {
      await assert.rejects(decompressBytes(bad, async () => model), (e: Error) => e instanceof ArchiveError && message.test(e.message) && !e.message.includes('\n'));
    }
  });

  it('never returns wrong bytes: 300 random flips, truncations and splices of an archive each give an ArchiveError or the exact original', async () => {
    const archive = (await compressBytes(text, model, options)).archive;
    const rng = new Rng(21);
    for (let i = 0; i < 300; i++) {
      let bad = archive.slice();
      const kind = i % 3;
      if (kind === 0) bad[rng.int(0, bad.length)] ^= 1 << rng.int(0, 8);
      else if (kind === 1) bad = bad.subarray(0, rng.int(0, bad.length));
      else bad = new Uint8Array([...bad.subarray(0, rng.int(0, bad.length)), ...Array.from({ length: rng.int(1, 20) }, () => rng.int(0, 256)), ...bad.subarray(rng.int(0, bad.length))]);
      try {
        const back = await decompressBytes(bad, async () => model);
        assert.deepEqual(back, text, `case ${i} decoded to other bytes`);
      } catch (error) {
        assert.ok(error instanceof ArchiveError, `case ${i}: ${String(error)}`);
      }
    }
  });

  it('refuses another model, another thread count, another ONNX Runtime version and a canary this machine does not reproduce', async () => {
    const archive = (await compressBytes(text, model, options)).archive;
    await assert.rejects(decompressBytes(archive, async () => smallModel(2)), /made with model [0-9a-f]{12}, this model is/);
    await assert.rejects(decompressBytes(archive, async () => model, { threads: 2 }), /made with 1 threads, --threads 2/);
    await assert.rejects(decompressBytes(edited(archive, (h) => { (h.runtime as { onnxruntime: string }).onnxruntime = '1.0.0'; }), async () => model), /onnxruntime-node 1\.0\.0/);
    await assert.rejects(decompressBytes(edited(archive, (h) => { h.canary = '0'.repeat(32); }), async () => model), /canary/);
    await assert.rejects(decompressBytes(edited(archive, (h) => { h.crc32 = ((h.crc32 as number) + 1) >>> 0; }), async () => model), /CRC32/);
  });

  it('a pretrained model that learns as it codes (dynamic evaluation) round-trips, records its setting, and leaves the original model unchanged', async () => {
    const network = new LanguageModel({ ...LM_PRESETS.tiny, embedSize: 8, hiddenSize: 24 }, Vocabulary.bytes().size, new Rng(6).fork('init'));
    const before = network.params.get(network.params.names()[0]).slice();
    const adaptation = { lr: 1e-3, blockLength: 8, clip: 1 };
    const coding: CodingModel = { mode: 'pretrained', hash: parametersHash(network.params), adaptation, predictor: (l, t) => learningPredictor(copyOfModel(network), l, t, adaptation, 1) };
    const archive = await roundTrip(text, coding, { threads: 1, maxLanes: 2, minLaneBytes: 256 });
    assert.deepEqual(readArchive(archive).header.model.adaptation, adaptation);
    assert.deepEqual(network.params.get(network.params.names()[0]), before);
  });

  it('adaptive mode: round-trips, is deterministic, and learns (the second half of a repetitive text costs less than the first)', async () => {
    const spec = { cell: 'lstm' as const, layers: 1, embedSize: 8, hiddenSize: 32, lr: 1e-2, blockLength: 8, clip: 1, seed: 3 };
    const coding = adaptiveModel(spec);
    const input = text.subarray(0, 2400);
    const a = await roundTrip(input, coding, { threads: 1, maxLanes: 2, minLaneBytes: 1024 });
    const b = (await compressBytes(input, adaptiveModel(spec), { threads: 1, maxLanes: 2, minLaneBytes: 1024 })).archive;
    assert.deepEqual(a, b);
    const first = (await compressBytes(input.subarray(0, 1200), coding, { threads: 1, maxLanes: 1, minLaneBytes: 1024 })).modelBits;
    const both = (await compressBytes(input, coding, { threads: 1, maxLanes: 1, minLaneBytes: 1024 })).modelBits;
    assert.ok(both - first < 0.7 * first, `second half ${(both - first).toFixed(0)} bits vs first ${first.toFixed(0)}`);
  });
});
