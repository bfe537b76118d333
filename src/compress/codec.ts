// Compression and decompression of bytes with a coding model (a pretrained byte- or word-level run, or the adaptive model): header, canary, lanes, CRC.
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { onnxRuntimeVersion } from '../engine/runtime.js';
import { BOS, EOS, SPECIAL_TOKENS } from '../data/vocab.js';
import { ARCHIVE_VERSION, ArchiveError, readArchive, writeArchive, type AdaptiveModelSpec, type ArchiveHeader } from './archive.js';
import { bytesToSymbols, laneBounds, laneCount, symbolsToBytes } from './byte-symbols.js';
import { FREQUENCY_BITS } from './frequencies.js';
import { decodeLanes, encodeLanes, type EncodeAfter, type LaneTokens, type LockstepProgress } from './lockstep.js';
import type { SymbolPredictor } from './predictor.js';
import type { OnlineLearning } from './adaptive.js';
import { CorruptStreamError } from './range-coder.js';
import { MIXING_DEFAULTS, mixedPredictor, type MixingOptions } from './context-mixing.js';
import { laneEvents, lineLaneBounds, TokenSideCoder, type TokenText } from './token-lanes.js';

/** A model to code with: its identity in the archive and a fresh predictor (zero state, initial parameters) per call. */
export interface CodingModel {
  readonly mode: 'pretrained' | 'adaptive';
  readonly hash: string;
  readonly run?: string;
  readonly adaptive?: AdaptiveModelSpec;
  /** A pretrained model's online learning while it codes (dynamic evaluation), recorded in the archive. */
  readonly adaptation?: OnlineLearning;
  /** What the model's symbols are: bytes (byte-level runs, the adaptive model), or a word-level run's tokens with side information. */
  readonly symbols?: TokenText;
  predictor(lanes: number, threads: number): SymbolPredictor;
}

/** Each lane starts from <eos> (as if after a line end: where the models' training streams start a line) and idles on <bos>. */
const LANE_TOKENS: LaneTokens = { start: EOS, idle: BOS };

/** The predictor both sides code with: the model's, with the context model mixed in when `mixing` is set. */
function codingPredictor(model: CodingModel, lanes: number, threads: number, mixing: MixingOptions | null): SymbolPredictor {
  const network = model.predictor(lanes, threads);
  return mixing === null ? network : mixedPredictor(network, mixing, LANE_TOKENS.idle);
}

export interface CompressOptions {
  /** The most lanes (chunks coded in lockstep); default 64. */
  maxLanes?: number;
  /** Each lane at least this many bytes; default 4096. */
  minLaneBytes?: number;
  threads: number;
  /** The context model mixed in (default MIXING_DEFAULTS); null codes with the network alone. */
  mixing?: MixingOptions | null;
  progress?: LockstepProgress;
}

export interface CompressResult {
  archive: Uint8Array;
  header: ArchiveHeader;
  /** The model's ideal code length of the input in bits (the payload is within a few bytes of it). */
  modelBits: number;
}

/**
 * The canary: the model's probabilities on a fixed probe, at the archive's lane and thread counts (for an adaptive
 * model, through one learned block as well), hashed. Equal canaries mean this machine computes what the encoder's did.
 */
export async function canaryOf(model: CodingModel, lanes: number, threads: number): Promise<string> {
  const predictor = model.predictor(lanes, threads);
  const hash = createHash('sha256');
  const T = predictor.blockLength ?? 8;
  const specials = SPECIAL_TOKENS.length;
  const probeToken = (l: number, t: number) => specials + ((l * 7 + t * 31) % (predictor.vocabSize - specials)); // a fixed walk over the non-special tokens
  const fed = new Int32Array(lanes);
  const inputs = new Int32Array(lanes * T);
  const targets = new Int32Array(lanes * T);
  for (let t = 0; t < T + 2; t++) {
    for (let l = 0; l < lanes; l++) fed[l] = t === 0 ? EOS : probeToken(l, t);
    const probs = await predictor.next(fed);
    hash.update(new Uint8Array(probs.buffer, probs.byteOffset, probs.byteLength));
    if (t < T) for (let l = 0; l < lanes; l++) {
      inputs[l * T + t] = fed[l];
      targets[l * T + t] = probeToken(l, t + 1);
    }
    if (t === T - 1 && predictor.learn) await predictor.learn({ inputs, targets, mask: new Float32Array(lanes * T).fill(1), T });
  }
  return hash.digest('hex').slice(0, 32);
}

/** The lanes of the input, each as model symbols (and, for a word-level model, the side coder that codes the rest). */
function encodingLanes(input: Uint8Array, lanes: number, symbols: TokenText | undefined): { laneBytes: number[]; laneSymbols: Int32Array[]; terminated?: boolean[]; after?: (side: TokenSideCoder) => EncodeAfter } {
  if (symbols === undefined) {
    const bounds = laneBounds(input.length, lanes);
    const laneBytes = Array.from({ length: lanes }, (_, l) => bounds[l + 1] - bounds[l]);
    return { laneBytes, laneSymbols: laneBytes.map((_, l) => bytesToSymbols(input.subarray(bounds[l], bounds[l + 1]))) };
  }
  const bounds = lineLaneBounds(input, lanes);
  const parts = Array.from({ length: lanes }, (_, l) => laneEvents(input.subarray(bounds[l], bounds[l + 1]), symbols));
  return {
    laneBytes: Array.from({ length: lanes }, (_, l) => bounds[l + 1] - bounds[l]),
    laneSymbols: parts.map((p) => Int32Array.from(p.events, (e) => e.symbol)),
    terminated: parts.map((p) => p.terminated),
    after: (side) => (lane, t, encoder) => side.encodeAfter(lane, parts[lane].events[t], encoder),
  };
}

export async function compressBytes(input: Uint8Array, model: CodingModel, o: CompressOptions): Promise<CompressResult> {
  const mixing = model.symbols !== undefined ? null : o.mixing === undefined ? MIXING_DEFAULTS : o.mixing;
  const lanes = input.length === 0 ? 0 : laneCount(input.length, o.maxLanes ?? 64, o.minLaneBytes ?? 4096);
  const prepared = encodingLanes(input, lanes, model.symbols);
  let payload: Uint8Array = new Uint8Array(0);
  let modelBits = 0;
  let canary = '';
  if (lanes > 0) {
    canary = await canaryOf(model, lanes, o.threads);
    const side = model.symbols === undefined ? undefined : new TokenSideCoder(model.symbols, lanes);
    const coded = await encodeLanes(codingPredictor(model, lanes, o.threads, mixing), prepared.laneSymbols, LANE_TOKENS, o.progress, side && prepared.after?.(side));
    payload = coded.bytes;
    modelBits = coded.bits;
  }
  const header: ArchiveHeader = {
    format: 'textforge-archive', version: ARCHIVE_VERSION, mode: model.mode,
    model: { hash: model.hash, ...(model.run === undefined ? {} : { run: model.run }), ...(model.adaptive === undefined ? {} : { adaptive: model.adaptive }), ...(model.adaptation === undefined ? {} : { adaptation: model.adaptation }) },
    runtime: { onnxruntime: onnxRuntimeVersion(), threads: o.threads, node: process.version },
    coder: { kind: 'range48', frequencyBits: FREQUENCY_BITS, rule: 'floor-plus-one/remainder-to-top' },
    mixing,
    symbols: model.symbols === undefined ? { kind: 'bytes' } : { kind: 'tokens', tokenizer: model.symbols.tokenizer, lowercase: model.symbols.lowercase, laneSymbols: prepared.laneSymbols.map((l) => l.length), laneTerminated: prepared.terminated ?? [] },
    laneBytes: prepared.laneBytes, bytes: input.length, crc32: crc32(input), canary, payloadBytes: payload.length, payloadCrc32: crc32(payload),
  };
  return { archive: writeArchive(header, payload), header, modelBits };
}

export interface DecompressOptions {
  /** Threads asked for; must equal the archive's (default: the archive's). */
  threads?: number;
  progress?: LockstepProgress;
}

/** The runtime the archive needs, before any model is loaded: the same ORT version and thread count, or an ArchiveError saying which differs. */
export function checkRuntime(header: ArchiveHeader, threads: number | undefined): number {
  const here = onnxRuntimeVersion();
  if (header.runtime.onnxruntime !== here) throw new ArchiveError(`it was made with onnxruntime-node ${header.runtime.onnxruntime}, this is ${here}: its kernels may compute other bits, so it cannot be decoded here`);
  if (threads !== undefined && threads !== header.runtime.threads) throw new ArchiveError(`it was made with ${header.runtime.threads} threads, --threads ${threads} was asked for: decode with --threads ${header.runtime.threads} (or without --threads)`);
  return header.runtime.threads;
}

/** Decompresses an archive; `resolve` supplies the model the header names (or throws saying why it cannot). */
export async function decompressBytes(archive: Uint8Array, resolve: (header: ArchiveHeader) => Promise<CodingModel>, o: DecompressOptions = {}): Promise<Uint8Array> {
  const { header, payload } = readArchive(archive);
  const threads = checkRuntime(header, o.threads);
  const out = new Uint8Array(header.bytes);
  const lanes = header.laneBytes.length;
  if (lanes === 0) {
    if (header.bytes !== 0) throw new ArchiveError('its header is damaged: no lanes for a non-empty original');
    return out;
  }
  const model = await resolve(header);
  if (model.hash !== header.model.hash) throw new ArchiveError(`it was made with model ${header.model.hash.slice(0, 12)}, this model is ${model.hash.slice(0, 12)}`);
  if ((header.symbols.kind === 'tokens') !== (model.symbols !== undefined)) throw new ArchiveError(`it codes ${header.symbols.kind}, the model codes ${model.symbols === undefined ? 'bytes' : 'tokens'}`);
  const canary = await canaryOf(model, lanes, threads);
  if (canary !== header.canary) {
    throw new ArchiveError(`this machine computes other model outputs than the one that made it (canary ${canary.slice(0, 12)}, archive ${header.canary.slice(0, 12)}; made with ${threads} threads, Node ${header.runtime.node}, here Node ${process.version}): decoding would give wrong bytes`);
  }
  try {
    if (header.symbols.kind === 'bytes' || model.symbols === undefined) {
      const decoded = await decodeLanes(codingPredictor(model, lanes, threads, header.mixing), payload, header.laneBytes, LANE_TOKENS, o.progress);
      let at = 0;
      for (const lane of decoded) {
        symbolsToBytes(lane, out, at);
        at += lane.length;
      }
    } else {
      const { laneSymbols, laneTerminated } = header.symbols;
      const side = new TokenSideCoder(model.symbols, lanes);
      await decodeLanes(codingPredictor(model, lanes, threads, null), payload, laneSymbols, LANE_TOKENS, o.progress, (lane, _t, symbol, decoder) => side.decodeAfter(lane, symbol, decoder));
      let at = 0;
      for (let l = 0; l < lanes; l++) {
        const bytes = side.laneBytes(l, laneTerminated[l]);
        if (bytes.length !== header.laneBytes[l] || at + bytes.length > out.length) throw new CorruptStreamError(`lane ${l} decodes to ${bytes.length} bytes, the header says ${header.laneBytes[l]}`);
        out.set(bytes, at);
        at += bytes.length;
      }
    }
  } catch (error) {
    if (error instanceof CorruptStreamError) throw new ArchiveError(`its payload does not decode: ${error.message}`);
    throw error;
  }
  if (crc32(out) !== header.crc32) throw new ArchiveError('the decoded bytes fail the original\'s CRC32 (the archive or the model differs from the one that made it)');
  return out;
}
