// Benchmark: LSTM and GRU language-model training steps at DESIGN.md's tiny and medium shapes, with PyTorch's time from the same run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import os from 'node:os';
import { LanguageModel } from '../src/models/lm/model.js';
import { reduceMean } from '../src/engine/ops/index.js';
import { compileTrainStep, type TrainStep } from '../src/engine/train-step.js';
import { SeqVae, trainLoss } from '../src/models/seqvae/index.js';
import { Rng } from '../src/engine/random.js';
import { adam } from '../src/optim/index.js';
import { defaultThreads } from '../src/engine/runtime.js';

const CONFIGS = {
  tiny: { V: 5000, E: 32, H: 32, T: 20, B: 64, Z: 16, steps: 30 },
  medium: { V: 10000, E: 256, H: 512, T: 30, B: 32, Z: 32, steps: 12 },
} as const;
const WARMUP = 3;

const here = dirname(fileURLToPath(import.meta.url));
const torchScript = resolve(here, '../../../shared/bench/torch_ref.py');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function torchAvailable(): boolean {
  if (!existsSync('/usr/bin/python3') || !existsSync(torchScript)) return false;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function torchMedian(model: string, config: string): number {
  const out = execFileSync('/usr/bin/python3', [torchScript, model, config], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!).median_ms as number;
}

/** The training step of one benchmark model, as torch_ref.py defines it. */
function stepFor(model: string, c: (typeof CONFIGS)[keyof typeof CONFIGS], rng: Rng): { step: TrainStep; params: number; scalars: Record<string, number> } {
  if (model === 'seqvae-lstm') {
    // Bowman's shape as in torch_ref.py: LSTM encoder, z -> tanh initial state, LSTM decoder, KL weight 1, no word dropout
    const vae = new SeqVae({ encoderCell: 'lstm', bidirectional: false, decoderCell: 'lstm', embedSize: c.E, hiddenSize: c.H, latentSize: c.Z, conditioning: 'init', wordDropout: 0, freeBits: 0, freeBitsMode: 'total' }, c.V, rng);
    return { step: compileTrainStep({ params: vae.params, loss: trainLoss(vae), optimizer: adam(), rng: rng.fork('noise') }), params: vae.params.count(), scalars: { klWeight: 1 } };
  }
  const cell = model === 'lm-gru' ? 'gru' : 'lstm';
  const lm = new LanguageModel({ cell, layers: 1, embedSize: c.E, hiddenSize: c.H, heads: 1, dropout: 0, tied: false, maxLength: c.T, initScale: 0 }, c.V, rng);
  // the same objective as torch_ref.py: mean cross-entropy over all B x T positions, Adam, no clipping
  const step = compileTrainStep({ params: lm.params, loss: ({ data, params }) => ({ loss: reduceMean(lm.tokenNll(params, data.x, data.y, { training: false }).nll) }), optimizer: adam() });
  return { step, params: lm.params.count(), scalars: {} };
}

async function benchModel(modelName: string, name: keyof typeof CONFIGS): Promise<Record<string, unknown>> {
  const c = CONFIGS[name];
  const rng = new Rng(0);
  const { step, params, scalars } = stepFor(modelName, c, rng);
  const x = Int32Array.from({ length: c.B * c.T }, () => rng.int(4, c.V));
  const y = Int32Array.from({ length: c.B * c.T }, () => rng.int(4, c.V));
  const mask = new Float32Array(c.B * c.T).fill(1);
  const feeds = { x: { data: x, shape: [c.B, c.T] }, y: { data: y, shape: [c.B, c.T] }, ...(modelName === 'seqvae-lstm' ? { mask: { data: mask, shape: [c.B, c.T] } } : {}) };
  const t0 = performance.now();
  const program = await step.program(feeds);
  const compileMs = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < WARMUP + c.steps; i++) {
    const s = performance.now();
    await step.run(feeds, { lr: 1e-3, ...scalars });
    if (i >= WARMUP) times.push(performance.now() - s);
  }
  const med = median(times);
  return {
    model: modelName, config: name, V: c.V, E: c.E, H: c.H, T: c.T, B: c.B,
    steps: c.steps, median_ms: +med.toFixed(2), min_ms: +Math.min(...times).toFixed(2),
    tokens_per_s: Math.round((c.B * c.T) / med * 1000), compile_ms: +compileMs.toFixed(0),
    onnx_nodes: program.model.nodeCount, params,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

async function main(): Promise<void> {
  const withTorch = torchAvailable();
  console.log(JSON.stringify({
    protocol: `npm run bench [tiny|medium|lm-lstm|lm-gru:medium|bleu|seqgan ...]; per case: ${WARMUP} warm-up steps, then the median of N timed steps (forward, backward, Adam) on one fixed random batch; PyTorch's torch_ref.py runs the same shapes right after, in this invocation; ratio = median_ms / torch_median_ms`,
    node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, ort_threads: defaultThreads(), torch: withTorch ? 'yes' : 'not installed (apt-get install -y python3-torch libopenblas0-pthread)',
  }));
  const only = process.argv.slice(2);
  for (const name of ['tiny', 'medium'] as const) {
    for (const label of ['lm-lstm', 'lm-gru', 'seqvae-lstm']) {
      if (only.length > 0 && !only.some((o) => o === name || o === label || o === `${label}:${name}`)) continue;
      const row = await benchModel(label, name);
      if (withTorch) {
        const tm = torchMedian(label, name);
        row.torch_median_ms = tm;
        row.ratio = +((row.median_ms as number) / tm).toFixed(3);
      }
      console.log(JSON.stringify(row));
    }
  }
  // COCO BLEU-2..5 of 10,000 sentences against the 10,000-sentence test set (prints its own protocol line)
  if (only.length === 0 || only.includes('bleu')) await import('./bleu.js');
  // the parts of a SeqGAN adversarial step (prints its own protocol line)
  if (only.length === 0 || only.includes('seqgan')) await import('./seqgan.js');
}

main().catch((e: Error) => {
  console.error(`bench: ${e.message}`);
  process.exit(1);
});
