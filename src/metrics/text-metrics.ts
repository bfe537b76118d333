// The text metrics of one set of generated sentences: BLEU against references, Self-BLEU, distinct-n, entropy, copy rate.
import { ReferenceSet, bleuByOrder, selfBleuByOrder } from './bleu.js';
import { distinctN, ngramEntropy } from './diversity.js';
import { copyRate } from './copy-rate.js';

export interface TextMetrics {
  samples: number;
  /** bleu2..bleu5: mean sentence BLEU of each hypothesis against all references (NLTK smoothing method 1). */
  bleu: Record<string, number>;
  /** selfBleu2..selfBleu5: each hypothesis against all the others, never itself. */
  selfBleu: Record<string, number>;
  /** distinct1..distinct4 */
  distinct: Record<string, number>;
  /** entropy1..entropy4, in nats */
  entropy: Record<string, number>;
  /** Share of hypotheses found verbatim in the training sentences (null without training data). */
  copyRate: number | null;
}

const ORDERS = [2, 3, 4, 5];

export function textMetrics(hypotheses: readonly string[][], references: ReferenceSet | readonly string[][], training?: readonly string[][]): TextMetrics {
  if (hypotheses.length === 0) throw new RangeError('textMetrics: hypotheses must hold at least one sentence, got 0');
  const refs = references instanceof ReferenceSet ? references : new ReferenceSet(references);
  const bleu = bleuByOrder(hypotheses, refs, { orders: ORDERS });
  const self = hypotheses.length > 1 ? selfBleuByOrder(hypotheses, { orders: ORDERS }) : null;
  const out: TextMetrics = { samples: hypotheses.length, bleu: {}, selfBleu: {}, distinct: {}, entropy: {}, copyRate: training ? copyRate(hypotheses, training) : null };
  for (const n of ORDERS) {
    out.bleu[`bleu${n}`] = bleu[n];
    out.selfBleu[`selfBleu${n}`] = self ? self[n] : Number.NaN;
  }
  for (const n of [1, 2, 3, 4]) {
    out.distinct[`distinct${n}`] = distinctN(hypotheses, n);
    out.entropy[`entropy${n}`] = ngramEntropy(hypotheses, n);
  }
  return out;
}
