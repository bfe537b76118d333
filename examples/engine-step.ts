// README example: build a language model from the library API and run compiled training steps on ORT.
import { Rng, LanguageModel, LM_PRESETS, sentenceLoss, compileTrainStep, adam } from '../src/index.js';

const rng = new Rng(42);
const model = new LanguageModel({ ...LM_PRESETS.tiny, cell: 'gru' }, 100, rng); // vocabulary of 100 ids
const step = compileTrainStep({ params: model.params, loss: sentenceLoss(model, true), optimizer: adam(), clipNorm: 5 });

const [B, T] = [4, 10];
const x = Int32Array.from({ length: B * T }, () => rng.int(4, 100)); // (B, T) input ids
const y = Int32Array.from({ length: B * T }, () => rng.int(4, 100)); // (B, T) next-token targets
const mask = new Float32Array(B * T).fill(1); // 1 where a target is real, 0 on padding
for (let i = 0; i < 3; i++) {
  const { loss, metrics } = await step.run({ x: { data: x, shape: [B, T] }, y: { data: y, shape: [B, T] }, mask: { data: mask, shape: [B, T] } }, { lr: 2e-3 });
  console.log(`step ${i + 1}: loss ${loss.toFixed(3)}, gradient norm ${metrics.gradNorm.toFixed(3)}`);
}
