// Draws the NLL-oracle curves of several SeqGAN runs (MLE epochs, then adversarial steps) into one SVG, one colour per run.
// node dist/examples/seqgan-seed-curves.js OUT.svg RUN...   (made docs/img/seqgan-oracle-seeds-6-8.svg)
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { nllOracleCurve } from '../src/models/seqgan/curves.js';
import { trainingCurvesPlot } from '../src/report/plots.js';

const [out, ...runs] = process.argv.slice(2);
if (!out || runs.length === 0) throw new Error('usage: seqgan-seed-curves OUT.svg RUN...');
const points = [];
for (const path of runs) points.push(...(await nllOracleCurve(path, { mle: basename(path), adversarial: basename(path) })));
await writeFile(out, await trainingCurvesPlot(points, 'NLL-oracle (nats per token, 10,000 samples)', 'MLE epoch, then adversarial step'));
