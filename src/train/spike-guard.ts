// The loss-spike guard: a step whose loss exceeds k times the running median of recent losses is undone (buffers and step counters restored).
import type { BufferSet } from '../engine/buffers.js';

/** Losses the running median is taken over, and how many the guard needs before it judges a step. */
export const SPIKE_WINDOW = 50;
export const SPIKE_MIN_HISTORY = 10;

/** The loss above which a step is skipped, or null when the guard is off, has too little history or the median is not positive (e.g. a policy-gradient loss). */
export function spikeThreshold(recentLosses: readonly number[], factor: number): number | null {
  if (!(factor > 0) || recentLosses.length < SPIKE_MIN_HISTORY) return null;
  const sorted = [...recentLosses].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return median > 0 ? factor * median : null;
}

/** Adds `loss` to the window (skipped losses too, so a lasting change of level is accepted after half a window). */
export function rememberLoss(recentLosses: number[], loss: number): void {
  recentLosses.push(loss);
  if (recentLosses.length > SPIKE_WINDOW) recentLosses.splice(0, recentLosses.length - SPIKE_WINDOW);
}

/**
 * A copy of every buffer and step counter, restorable after a step. A full copy rather than the step's spare buffers:
 * a phase's step may run several updates (SeqGAN's generator, rollout network and discriminator rounds).
 */
export class StateSnapshot {
  private readonly copies = new Map<string, Float32Array>();
  private counts: Record<string, number> = {};

  constructor(readonly buffers: Record<string, BufferSet>, readonly counters: Record<string, { stepCount: number }>) {}

  take(): void {
    for (const [prefix, set] of Object.entries(this.buffers)) {
      for (const name of set.names()) {
        const key = `${prefix}/${name}`;
        const values = set.get(name);
        let copy = this.copies.get(key);
        if (copy?.length !== values.length) this.copies.set(key, (copy = new Float32Array(values.length)));
        copy.set(values);
      }
    }
    this.counts = Object.fromEntries(Object.entries(this.counters).map(([n, c]) => [n, c.stepCount]));
  }

  restore(): void {
    for (const [prefix, set] of Object.entries(this.buffers)) {
      for (const name of set.names()) set.set(name, set.shape(name), this.copies.get(`${prefix}/${name}`)!);
    }
    for (const [n, c] of Object.entries(this.counters)) c.stepCount = this.counts[n];
  }
}
