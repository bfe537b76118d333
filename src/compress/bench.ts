// compress --bench: bits per byte and speed of each textforge mode beside gzip -9, brotli (Node's zlib), bzip2 -9, xz -9 and zstd -19, round trips checked.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import { cpus } from 'node:os';
import type { ProgressReporter } from '../train/progress.js';
import { InterruptedError, stopSignalOf } from '../train/interrupt.js';
import type { AdaptiveModelSpec } from './archive.js';
import { compressBytes, decompressBytes, type CodingModel } from './codec.js';
import { adaptiveModel, defaultModel } from './models.js';
import { ADAPTIVE_MAX_LANES } from './adaptive.js';

export interface BenchOptions {
  threads: number;
  /** The most lanes (default: 64 pretrained, ADAPTIVE_MAX_LANES adaptive). */
  maxLanes?: number;
  adaptive: AdaptiveModelSpec;
  /** Which textforge modes to run (default both). */
  modes?: readonly ('pretrained' | 'adaptive')[];
  json: boolean;
  log: (line: string) => void;
  progress: ProgressReporter;
  signal?: AbortSignal;
}

interface Measurement {
  method: string;
  file: string;
  bytes: number;
  compressed: number | null;
  compressSeconds: number;
  decompressSeconds: number;
  note?: string;
}

type Codec = { name: string; run(input: Uint8Array): Promise<{ compressed: Uint8Array; restored: Uint8Array; compressSeconds: number; decompressSeconds: number } | { missing: string }> };

async function timed<T>(f: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await f();
  return [value, (performance.now() - t0) / 1000];
}

function zlibCodec(name: string, compress: (b: Uint8Array) => Uint8Array, decompress: (b: Uint8Array) => Uint8Array): Codec {
  return {
    name,
    async run(input) {
      const [compressed, compressSeconds] = await timed(() => compress(input));
      const [restored, decompressSeconds] = await timed(() => decompress(compressed));
      return { compressed, restored, compressSeconds, decompressSeconds };
    },
  };
}

/** A Debian tool through its stdin and stdout (`tool args`, then `tool -d`); missing when it is not installed. */
function toolCodec(name: string, tool: string, args: string[]): Codec {
  return {
    name,
    async run(input) {
      const probe = spawnSync(tool, ['--version'], { stdio: 'ignore' });
      if (probe.error) return { missing: `${tool} is not installed (apt-get install ${tool})` };
      const [c, compressSeconds] = await timed(() => spawnSync(tool, args, { input, maxBuffer: 2 ** 31 }));
      if (c.status !== 0) return { missing: `${tool} failed: ${String(c.stderr).split('\n')[0]}` };
      const [d, decompressSeconds] = await timed(() => spawnSync(tool, ['-d', '-c'], { input: c.stdout, maxBuffer: 2 ** 31 }));
      return { compressed: c.stdout, restored: d.stdout, compressSeconds, decompressSeconds };
    },
  };
}

function textforgeCodec(name: string, model: () => Promise<CodingModel>, maxLanes: number, o: BenchOptions): Codec {
  return {
    name,
    async run(input) {
      const coding = await model();
      const check = () => {
        if (o.signal?.aborted) throw new InterruptedError('compress --bench interrupted', stopSignalOf(o.signal.reason), 0);
      };
      const [r, compressSeconds] = await timed(() => compressBytes(input, coding, { threads: o.threads, maxLanes, progress: check }));
      const [restored, decompressSeconds] = await timed(() => decompressBytes(r.archive, async () => coding, { progress: check }));
      return { compressed: r.archive, restored, compressSeconds, decompressSeconds };
    },
  };
}

export function benchCodecs(o: BenchOptions): Codec[] {
  const modes = o.modes ?? ['pretrained', 'adaptive'];
  let cached: Promise<CodingModel> | null = null;
  const pretrained = () => (cached ??= defaultModel({ progress: o.progress, signal: o.signal, allowTraining: true }));
  return [
    ...(modes.includes('pretrained') ? [textforgeCodec('textforge (pretrained default)', pretrained, o.maxLanes ?? 64, o)] : []),
    ...(modes.includes('adaptive') ? [textforgeCodec('textforge (adaptive)', async () => adaptiveModel(o.adaptive), o.maxLanes ?? ADAPTIVE_MAX_LANES, o)] : []),
    zlibCodec('gzip -9', (b) => gzipSync(b, { level: 9 }), (b) => gunzipSync(b)),
    zlibCodec('brotli -q 11', (b) => brotliCompressSync(b, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: b.length } }), (b) => brotliDecompressSync(b)),
    toolCodec('bzip2 -9', 'bzip2', ['-9', '-c']),
    toolCodec('xz -9', 'xz', ['-9', '-c']),
    toolCodec('zstd -19', 'zstd', ['-19', '-c', '-q']),
  ];
}

const bpb = (m: Measurement) => (m.compressed === null || m.bytes === 0 ? '-' : ((8 * m.compressed) / m.bytes).toFixed(3));
/** KiB of the original per second, one decimal ('-' for no time). */
export const kbPerSecond = (bytes: number, seconds: number) => (seconds > 0 ? (bytes / 1024 / seconds).toFixed(1) : '-');

/** Runs every codec on every file, checks each round trip, prints one line per measurement and a total per method. */
export async function runCompressionBench(files: readonly string[], o: BenchOptions): Promise<Measurement[]> {
  const codecs = benchCodecs(o);
  const results: Measurement[] = [];
  o.log(`# compress --bench: ${files.length} file(s); textforge with ${o.threads} threads, at most ${o.maxLanes ?? `64 (pretrained) and ${ADAPTIVE_MAX_LANES} (adaptive)`} lanes; CPU ${cpus()[0]?.model ?? 'unknown'} x ${cpus().length}; Node ${process.version}`);
  o.log('# bits per byte = 8 * compressed bytes (textforge: whole archive, header included) / original bytes; KB/s = original KiB per second; every round trip is checked byte for byte');
  if (!o.json) o.log(['file', 'bytes', 'method', 'bits/byte', 'compress KB/s', 'decompress KB/s'].join('\t'));
  for (const file of files) {
    const input = await readFile(file);
    for (const codec of codecs) {
      const r = await codec.run(input);
      const m: Measurement = 'missing' in r
        ? { method: codec.name, file: basename(file), bytes: input.length, compressed: null, compressSeconds: 0, decompressSeconds: 0, note: r.missing }
        : { method: codec.name, file: basename(file), bytes: input.length, compressed: r.compressed.length, compressSeconds: r.compressSeconds, decompressSeconds: r.decompressSeconds };
      if (!('missing' in r) && Buffer.compare(Buffer.from(r.restored), input) !== 0) throw new Error(`compress --bench: ${codec.name} did not restore ${file} exactly`);
      results.push(m);
      o.log(o.json ? JSON.stringify(m) : [m.file, m.bytes, m.method, bpb(m), kbPerSecond(m.bytes, m.compressSeconds), kbPerSecond(m.bytes, m.decompressSeconds), m.note ?? ''].join('\t').trimEnd());
    }
  }
  if (files.length > 1) {
    for (const codec of codecs) {
      const mine = results.filter((m) => m.method === codec.name && m.compressed !== null);
      if (mine.length === 0) continue;
      const total: Measurement = {
        method: codec.name, file: 'TOTAL', bytes: mine.reduce((a, m) => a + m.bytes, 0), compressed: mine.reduce((a, m) => a + (m.compressed ?? 0), 0),
        compressSeconds: mine.reduce((a, m) => a + m.compressSeconds, 0), decompressSeconds: mine.reduce((a, m) => a + m.decompressSeconds, 0),
      };
      o.log(o.json ? JSON.stringify(total) : [`TOTAL (${mine.length} files)`, total.bytes, total.method, bpb(total), kbPerSecond(total.bytes, total.compressSeconds), kbPerSecond(total.bytes, total.decompressSeconds), `${total.compressed} bytes`].join('\t'));
    }
  }
  return results;
}
