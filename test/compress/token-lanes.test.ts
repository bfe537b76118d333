// Word-level coding: text becomes vocabulary tokens plus side information and comes back exactly, whatever its case, spacing, unknown words or bytes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';
import { EOS, UNK, Vocabulary } from '../../src/data/vocab.js';
import { LanguageModel } from '../../src/models/lm/model.js';
import { LM_PRESETS } from '../../src/models/lm/config.js';
import { laneEvents, lineLaneBounds } from '../../src/compress/token-lanes.js';
import { compressBytes, decompressBytes, type CodingModel } from '../../src/compress/codec.js';
import { parametersHash, recurrentPredictor } from '../../src/compress/predictor.js';
import { readArchive } from '../../src/compress/archive.js';

const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const vocab = Vocabulary.build([['the', 'cat', 'sat', 'on', 'mat', '.', ',', 'u.s.', 'don\'t', 'é']]);

function wordModel(tokenizer: 'word' | 'whitespace', lowercase: boolean): CodingModel {
  const model = new LanguageModel({ ...LM_PRESETS.tiny, embedSize: 8, hiddenSize: 16 }, vocab.size, new Rng(4).fork('init'));
  return { mode: 'pretrained', hash: parametersHash(model.params), symbols: { tokenizer, lowercase, vocab }, predictor: (l, t) => recurrentPredictor(model.decoder, model.params, l, t) };
}

describe('word-level coding', () => {
  it('turns a line into vocabulary ids, <unk> with spellings, separators and case classes', () => {
    const { events, terminated } = laneEvents(bytesOf('The CAT  sat, on\tthe Mat.\n'), { tokenizer: 'word', lowercase: true, vocab });
    assert.equal(terminated, true);
    const id = (t: string) => vocab.idOf(t);
    assert.deepEqual(events.map((e) => e.symbol), [id('the'), id('cat'), id('sat'), id(','), id('on'), id('the'), id('mat'), id('.'), EOS]);
    assert.deepEqual(events.map((e) => Buffer.from(e.separator).toString()), ['', ' ', '  ', '', ' ', '\t', ' ', '', '']);
    assert.deepEqual(events.map((e) => e.caseClass), [1, 2, 0, undefined, 0, 0, 1, undefined, undefined]);
    const unknown = laneEvents(bytesOf('dog <unk> <eos>'), { tokenizer: 'whitespace', lowercase: true, vocab });
    assert.equal(unknown.terminated, false);
    assert.deepEqual(unknown.events.map((e) => e.symbol), [UNK, UNK, UNK, EOS]);
    assert.deepEqual(unknown.events.map((e) => (e.spelling === undefined ? undefined : e.spelling === null ? null : Buffer.from(e.spelling).toString())), ['dog', null, '<eos>', undefined]);
  });

  it('round-trips case, spacing, CR LF, tabs, unknown and reserved words, invalid UTF-8, a missing final line feed and empty input, for each tokenizer', async () => {
    const rng = new Rng(8);
    const cases = [
      '', '\n', 'x', 'The cat sat on the mat.\n', 'THE Cat, the U.S. don\'t\r\n\n\n  leading and trailing  \t\n', 'é É ÉCOLE İstanbul ß SS ǅ\n',
      '<unk> <UNK> <eos> <pad> <bos> the\n', 'no final line feed, the', 'mat.the,cat...sat--on\u00a0the mat\n',
    ].map(bytesOf);
    cases.push(Uint8Array.of(0xff, 0x20, 0xc3, 0x28, 0x0a, 0x41, 0x0d), Uint8Array.from({ length: 2000 }, () => rng.int(0, 256)));
    for (const [tokenizer, lowercase] of [['word', true], ['word', false], ['whitespace', true]] as const) {
      const model = wordModel(tokenizer, lowercase);
      for (const input of cases) {
        const { archive } = await compressBytes(input, model, { threads: 1, maxLanes: 3, minLaneBytes: 8 });
        const back = await decompressBytes(archive, async () => model);
        assert.equal(Buffer.from(back).toString('latin1'), Buffer.from(input).toString('latin1'), `${tokenizer} ${lowercase}: ${JSON.stringify(Buffer.from(input).toString('latin1').slice(0, 40))}`);
        assert.equal(readArchive(archive).header.symbols.kind, 'tokens');
      }
    }
  });

  it('splits lanes at line starts', () => {
    const bytes = bytesOf('aaaa\nbb\ncccccc\nd\n');
    const bounds = lineLaneBounds(bytes, 3);
    assert.equal(bounds[0], 0);
    assert.equal(bounds[3], bytes.length);
    for (const b of bounds.slice(1, -1)) assert.ok(b === bytes.length || bytes[b - 1] === 0x0a, `bound ${b}`);
  });
});
