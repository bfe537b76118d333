// The archive format: magic, a CRC-checked JSON header (model identity, runtime, coder, lanes, length and CRC32 of the original, canary), then the coded payload.
import { crc32 } from 'node:zlib';

export const ARCHIVE_MAGIC = Uint8Array.from([0x54, 0x46, 0x5a, 0x0a]); // "TFZ\n"
export const ARCHIVE_VERSION = 1;
const PREFIX_BYTES = 4 + 4 + 4; // magic, header length (u32 LE), header CRC32 (u32 LE)
const MAX_HEADER_BYTES = 1 << 24;

export interface AdaptiveModelSpec {
  cell: 'lstm' | 'gru';
  layers: number;
  embedSize: number;
  hiddenSize: number;
  lr: number;
  blockLength: number;
  clip: number;
  seed: number;
}

export interface ArchiveHeader {
  format: 'textforge-archive';
  version: number;
  mode: 'pretrained' | 'adaptive';
  model: {
    /** SHA-256 of the parameter values (pretrained) or of the adaptive spec. */
    hash: string;
    /** Where the pretrained run was (informational: decompression finds the run by --run or the default model). */
    run?: string;
    adaptive?: AdaptiveModelSpec;
    /** A pretrained model that also learns as it codes (dynamic evaluation): its online learning settings. */
    adaptation?: { lr: number; blockLength: number; clip: number };
  };
  runtime: { onnxruntime: string; threads: number; node: string };
  coder: { kind: 'range48'; frequencyBits: number; rule: 'floor-plus-one/remainder-to-top' };
  /** The adaptive context model mixed with the network (context-mixing.ts), or null for the network alone. */
  mixing: { maxOrder: number; countLimit: number; rate: number } | null;
  /** Bytes (byte-level models), or a word-level model's tokens with each lane's symbol count and whether its last line ends in a line feed. */
  symbols: { kind: 'bytes' } | { kind: 'tokens'; tokenizer: string; lowercase: boolean; laneSymbols: number[]; laneTerminated: boolean[] };
  /** Bytes per lane, in order; the original is the lanes' bytes concatenated. */
  laneBytes: number[];
  bytes: number;
  crc32: number;
  /** SHA-256 prefix of the model's probabilities on a fixed probe at this lane count and thread count. */
  canary: string;
  payloadBytes: number;
  payloadCrc32: number;
}

/** A file that is not a valid archive, with the one-line reason. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0, true);
  return out;
}

export function writeArchive(header: ArchiveHeader, payload: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  return new Uint8Array(Buffer.concat([ARCHIVE_MAGIC, u32(json.length), u32(crc32(json)), json, payload]));
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function checkHeader(h: Record<string, unknown>): ArchiveHeader {
  const fail = (what: string): never => {
    throw new ArchiveError(`its header is damaged: ${what}`);
  };
  if (h.format !== 'textforge-archive') fail(`format is ${JSON.stringify(h.format)}`);
  if (h.version !== ARCHIVE_VERSION) throw new ArchiveError(`it is format version ${JSON.stringify(h.version)}; this textforge reads version ${ARCHIVE_VERSION}`);
  if (h.mode !== 'pretrained' && h.mode !== 'adaptive') fail(`mode is ${JSON.stringify(h.mode)}`);
  const model = h.model as Record<string, unknown> | undefined;
  if (typeof model?.hash !== 'string') fail('model.hash is missing');
  const adaptation = model?.adaptation as Record<string, unknown> | undefined;
  if (adaptation !== undefined && !(typeof adaptation === 'object' && adaptation !== null && typeof adaptation.lr === 'number' && adaptation.lr > 0 && adaptation.lr < 1 && isCount(adaptation.blockLength) && (adaptation.blockLength as number) >= 1 && (adaptation.blockLength as number) <= 4096 && typeof adaptation.clip === 'number' && adaptation.clip >= 0)) fail('model.adaptation is not an online-learning setting');
  const runtime = h.runtime as Record<string, unknown> | undefined;
  if (typeof runtime?.onnxruntime !== 'string' || !isCount(runtime.threads) || runtime.threads < 1) fail('runtime is missing or wrong');
  const coder = h.coder as Record<string, unknown> | undefined;
  if (coder?.kind !== 'range48' || coder.rule !== 'floor-plus-one/remainder-to-top' || !isCount(coder.frequencyBits)) fail('coder is not the range48 coder');
  const mixing = h.mixing as Record<string, unknown> | null | undefined;
  if (mixing !== null && !(typeof mixing === 'object' && isCount(mixing.maxOrder) && (mixing.maxOrder as number) <= 6 && isCount(mixing.countLimit) && (mixing.countLimit as number) >= 2 && typeof mixing.rate === 'number' && mixing.rate >= 0 && mixing.rate < 1)) fail('mixing is not null or a context-model setting');
  if (!Array.isArray(h.laneBytes) || !h.laneBytes.every(isCount)) fail('laneBytes is not a list of byte counts');
  const symbols = h.symbols as Record<string, unknown> | undefined;
  if (symbols?.kind === 'tokens') {
    const lanes = (h.laneBytes as number[]).length;
    if (!Array.isArray(symbols.laneSymbols) || symbols.laneSymbols.length !== lanes || !symbols.laneSymbols.every(isCount)) fail('symbols.laneSymbols is not a count per lane');
    if (!Array.isArray(symbols.laneTerminated) || symbols.laneTerminated.length !== lanes || !symbols.laneTerminated.every((b) => typeof b === 'boolean')) fail('symbols.laneTerminated is not a flag per lane');
  } else if (symbols?.kind !== 'bytes') fail('symbols is neither bytes nor tokens');
  for (const key of ['bytes', 'crc32', 'payloadBytes', 'payloadCrc32'] as const) if (!isCount(h[key])) fail(`${key} is not a count`);
  if ((h.laneBytes as number[]).reduce((a, b) => a + b, 0) !== h.bytes) fail('laneBytes do not add up to bytes');
  if (typeof h.canary !== 'string') fail('canary is missing');
  return h as unknown as ArchiveHeader;
}

/** The header and payload of an archive; any damage a CRC or a field check sees is an ArchiveError (the caller names the file). */
export function readArchive(bytes: Uint8Array): { header: ArchiveHeader; payload: Uint8Array } {
  if (bytes.length < PREFIX_BYTES || !ARCHIVE_MAGIC.every((b, i) => bytes[i] === b)) throw new ArchiveError('it is not a textforge archive (no TFZ magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(4, true);
  if (length > MAX_HEADER_BYTES || PREFIX_BYTES + length > bytes.length) throw new ArchiveError(`it is truncated: the header needs ${length} bytes, ${Math.max(0, bytes.length - PREFIX_BYTES)} are there`);
  const json = bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + length);
  if (crc32(json) !== view.getUint32(8, true)) throw new ArchiveError('its header is damaged (header CRC32 mismatch)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    throw new ArchiveError('its header is damaged (not JSON)');
  }
  if (typeof parsed !== 'object' || parsed === null) throw new ArchiveError('its header is damaged (not an object)');
  const header = checkHeader(parsed as Record<string, unknown>);
  const payload = bytes.subarray(PREFIX_BYTES + length);
  if (payload.length < header.payloadBytes) throw new ArchiveError(`it is truncated: ${payload.length} of ${header.payloadBytes} payload bytes`);
  if (payload.length > header.payloadBytes) throw new ArchiveError(`it has ${payload.length - header.payloadBytes} bytes after the payload`);
  if (crc32(payload) !== header.payloadCrc32) throw new ArchiveError('its payload is damaged (payload CRC32 mismatch)');
  return { header, payload };
}
