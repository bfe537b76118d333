// The static-batch loop shared by greedy decoding and sampling: every row advances one token per model step.
import type { StepModel } from './step-model.js';
import type { DecodedSequence, DecodePlan } from './options.js';
import { checkStepOutput } from './model-output.js';

/**
 * Picks the next token for every row b with `choosing[b] === 1` from `logProbs` (B * V, row-major);
 * other rows' entries in the result are ignored.
 */
export type TokenChooser = (logProbs: Float32Array, choosing: Uint8Array) => Int32Array;

/**
 * Decodes all of `plan.prompts` as one batch of B rows with one `model.step` per position: each row
 * is fed `bosToken`, then its prompt (forced, not scored), then the chooser's tokens until `eosToken`
 * or `maxLength` generated tokens. Finished rows keep being fed `eosToken` until every row is done.
 */
export async function runTokenLoop<S>(where: string, model: StepModel<S>, plan: DecodePlan, choose: TokenChooser): Promise<DecodedSequence[]> {
  const { prompts, eosToken, maxLength, bannedMask } = plan;
  const B = prompts.length;
  const V = model.vocabSize;
  const generated: number[][] = prompts.map(() => []);
  const logProb = new Float64Array(B);
  const promptPosition = new Int32Array(B); // prompt tokens already fed, per row
  const done = new Uint8Array(B);
  const choosing = new Uint8Array(B);
  let tokens = new Int32Array(B).fill(plan.bosToken);
  let state = model.initialState(B);
  for (;;) {
    const output = await model.step(tokens, state);
    for (let b = 0; b < B; b++) choosing[b] = done[b] === 0 && promptPosition[b] >= prompts[b].length ? 1 : 0;
    const logProbs = checkStepOutput(where, output, B, V, choosing, bannedMask);
    state = output.state;
    const chosen = choose(logProbs, choosing);
    const next = new Int32Array(B).fill(eosToken);
    for (let b = 0; b < B; b++) {
      if (done[b] === 1) continue;
      if (choosing[b] === 0) {
        next[b] = prompts[b][promptPosition[b]++];
        continue;
      }
      const token = chosen[b];
      logProb[b] += logProbs[b * V + token]; // (B, V)
      if (token === eosToken) {
        done[b] = 1;
        continue;
      }
      generated[b].push(token);
      next[b] = token;
      if (generated[b].length === maxLength) done[b] = 1;
    }
    if (done.every((flag) => flag === 1)) break;
    tokens = next;
  }
  return prompts.map((prompt, b) => ({ tokens: [...prompt, ...generated[b]], logProb: logProb[b] }));
}
