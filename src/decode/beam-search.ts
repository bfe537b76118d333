// Batched beam search: beamSize hypotheses per input, all inputs' beams advanced by one model step per position.
import type { StepModel } from './step-model.js';
import type { DecodePlan } from './options.js';
import type { LiveHypothesis, ScoredSequence } from './hypothesis.js';
import { checkStepOutput } from './model-output.js';
import { bestExtensions } from './beam-candidates.js';
import { FinishedHypotheses } from './finished-hypotheses.js';
import { lengthNormalizedScore } from './length-penalty.js';

/**
 * Beam search over every prompt of `plan` at once, on N * beamSize model rows (input i owns rows
 * i * beamSize .. i * beamSize + beamSize - 1). While an input is inside its prompt all its rows are fed
 * the prompt token; then each step ranks the extensions of its live beams by summed model log-probability
 * (banned tokens excluded), keeps the best 2 * beamSize, sends end-token extensions ranked within the first
 * beamSize to the finished list, and continues the best beamSize others. Only beam 0 is live at first,
 * since all beams start identical. An input stops when its finished list holds beamSize sequences none
 * of its live beams can outscore, or at maxLength generated tokens (live beams then finish unended).
 * Returns, per input, up to beamSize finished sequences best first, with the prompt prepended to `tokens`.
 */
export async function runBeamSearch<S>(where: string, model: StepModel<S>, plan: DecodePlan, beamSize: number, lengthPenalty: number): Promise<ScoredSequence[][]> {
  const { prompts, eosToken, maxLength, bannedMask } = plan;
  const N = prompts.length;
  const K = beamSize;
  const R = N * K;
  const V = model.vocabSize;
  const live: (LiveHypothesis | null)[][] = prompts.map(() => Array.from({ length: K }, (_, k) => (k === 0 ? { tokens: [], logProb: 0 } : null)));
  const finished = prompts.map(() => new FinishedHypotheses(K, maxLength, lengthPenalty));
  const promptPosition = new Int32Array(N); // prompt tokens already fed, per input
  const generatedLength = new Int32Array(N); // tokens generated so far by every live beam of an input
  const done = new Uint8Array(N);
  const rowsToCheck = new Uint8Array(R);
  let tokens = new Int32Array(R).fill(plan.bosToken);
  let state = model.initialState(R);
  for (;;) {
    const output = await model.step(tokens, state);
    rowsToCheck.fill(0);
    for (let i = 0; i < N; i++) {
      if (done[i] === 1 || promptPosition[i] < prompts[i].length) continue;
      live[i].forEach((hypothesis, k) => { if (hypothesis !== null) rowsToCheck[i * K + k] = 1; }); // (N, K) -> row
    }
    const logProbs = checkStepOutput(where, output, R, V, rowsToCheck, bannedMask);
    const parentRows = Int32Array.from({ length: R }, (_, row) => row);
    const next = new Int32Array(R).fill(eosToken);
    for (let i = 0; i < N; i++) {
      if (done[i] === 1) continue;
      if (promptPosition[i] < prompts[i].length) {
        next.fill(prompts[i][promptPosition[i]++], i * K, (i + 1) * K);
        continue;
      }
      const candidates = bestExtensions(logProbs, V, i * K, live[i], bannedMask, 2 * K);
      const continuing: LiveHypothesis[] = [];
      candidates.forEach((candidate, rank) => {
        const parent = live[i][candidate.beam] as LiveHypothesis;
        if (candidate.token === eosToken) {
          if (rank < K) finished[i].add({ tokens: parent.tokens, logProb: candidate.logProb, score: lengthNormalizedScore(candidate.logProb, parent.tokens.length + 1, lengthPenalty) });
          return;
        }
        if (continuing.length === K) return;
        parentRows[i * K + continuing.length] = i * K + candidate.beam; // (N, K) -> row
        next[i * K + continuing.length] = candidate.token;
        continuing.push({ tokens: [...parent.tokens, candidate.token], logProb: candidate.logProb });
      });
      generatedLength[i]++;
      if (generatedLength[i] === maxLength) {
        for (const hypothesis of continuing) finished[i].add({ ...hypothesis, score: lengthNormalizedScore(hypothesis.logProb, maxLength, lengthPenalty) });
        continuing.length = 0;
      }
      live[i] = Array.from({ length: K }, (_, k) => continuing[k] ?? null);
      if (continuing.length === 0 || finished[i].isSettled(continuing[0].logProb, generatedLength[i])) done[i] = 1;
    }
    if (done.every((flag) => flag === 1)) break;
    const reordered = parentRows.some((parent, row) => parent !== row);
    state = reordered ? model.selectRows(output.state, parentRows) : output.state;
    tokens = next;
  }
  return finished.map((list, i) => list.best().map((sequence) => ({ ...sequence, tokens: [...prompts[i], ...sequence.tokens] })));
}
