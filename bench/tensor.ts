// Tensor engine benchmark: steps/second and achieved GFLOP/s of one supervised GD step and one
// SimCLR pre-training step at d = 2000, m = 20, n = 2000, against the machine's own untransposed
// matMul speed on the same shapes, measured in the same run. Run: npm run bench -- tensor
import { loadavg } from 'node:os';
import type * as TfModule from '@tensorflow/tfjs';
import { activation } from '../src/engine/tensor/activation.js';
import { loadTf } from '../src/engine/tensor/backend.js';
import { logisticLossAndGrad, patchBatch, secondLayer } from '../src/engine/tensor/cnn.js';
import { ContrastiveLoss } from '../src/engine/tensor/contrastive.js';
import { viewBatch } from '../src/engine/tensor/views.js';
import { Rng } from '../src/util/rng.js';
import { gaussianArray, medianSeconds } from './_timing.js';

type Tensor2D = TfModule.Tensor2D;
const { tf, backend } = await loadTf();
const d = 2000;
const m = 20;
const n = 2000;
const k = 2 * m;

const rng = new Rng(0, 'bench');
const gaussian = (len: number, scale = 1): Float32Array => gaussianArray(rng, len, scale);

const seconds = (f: () => void, reps: number, warm = 2): number => medianSeconds(f, reps, warm);

/** Seconds of a plain, untransposed a (r x c) @ b (c x s) on random operands. */
function matMulSeconds(r: number, c: number, s: number, reps: number): number {
  const a = tf.tensor2d(gaussian(r * c), [r, c]);
  const b = tf.tensor2d(gaussian(c * s), [c, s]);
  const t = seconds(() => {
    const out = tf.matMul(a, b);
    out.dataSync();
    out.dispose();
  }, reps);
  tf.dispose([a, b]);
  return t;
}

const W = tf.tensor2d(gaussian(d * k, 0.01), [d, k]);
function stepSeconds(lossAndGrad: (W: Tensor2D) => { loss: TfModule.Scalar; grad: Tensor2D }, reps: number): number {
  return seconds(() => {
    const next = tf.tidy(() => {
      const { loss, grad } = lossAndGrad(W);
      loss.dataSync();
      return tf.sub(W, tf.mul(grad, 1e-3));
    });
    next.dataSync();
    next.dispose();
  }, reps);
}

interface Row {
  name: string;
  seconds: number;
  flops: number;
  /** The untransposed products of the step, as [rows, inner, cols]. */
  products: Array<[number, number, number]>;
}

const rows: Row[] = [];

// Supervised GD step, relu^3: both patches of n samples stacked (2n x d); forward X W, backward X^T dZ.
{
  const act = activation(tf, 'relu^q', 3);
  const batch = patchBatch(tf, [gaussian(n * d), gaussian(n * d)], n, d, false);
  const y = tf.tensor2d(Float32Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1)), [n, 1]);
  const a = secondLayer(tf, m);
  const t = stepSeconds((V) => logisticLossAndGrad(tf, batch, y, V, act, a), 10);
  const products: Row['products'] = [
    [2 * n, d, k],
    [d, 2 * n, k],
  ];
  rows.push({ name: 'supervised GD step (relu^3)', seconds: t, flops: products.reduce((s, [r, c, q]) => s + 2 * r * c * q, 0), products });
  tf.dispose([batch.X, batch.XT, y, a]);
}

// SimCLR step, linear encoder (patches summed), 2n views in similarity tiles (contrastive.ts):
// H = X W, S twice (pass 1 and 2, one extra column for the shift), (P + P^T) H as A [H, vH], dZ^T X.
{
  const act = activation(tf, 'linear', 3);
  const views = viewBatch([{ rows: 2 * n, patches: [gaussian(2 * n * d), gaussian(2 * n * d)] }], d, true);
  const loss = new ContrastiveLoss(tf, 1, 'dot');
  const t = stepSeconds((V) => loss.lossAndGrad(views, V, act), 5);
  const products: Row['products'] = [
    [2 * n, d, k],
    [2 * n, k + 1, 2 * n],
    [2 * n, k + 1, 2 * n],
    [2 * n, 2 * n, 2 * k],
    [k, 2 * n, d],
  ];
  rows.push({ name: 'SimCLR pre-training step (linear, dot)', seconds: t, flops: products.reduce((s, [r, c, q]) => s + 2 * r * c * q, 0), products });
  loss.dispose();
}

const peakCache = new Map<string, number>();
const peak = ([r, c, s]: [number, number, number]): number => {
  const key = `${r}x${c}x${s}`;
  if (!peakCache.has(key)) peakCache.set(key, matMulSeconds(r, c, s, 5));
  return peakCache.get(key)!;
};

console.log(`tensor engine, backend ${backend}, d=${d} m=${m} n=${n} (load average ${loadavg()[0].toFixed(1)})`);
for (const row of rows) {
  const matmulOnly = row.products.reduce((s, p) => s + peak(p), 0);
  const achieved = row.flops / row.seconds / 1e9;
  const ceiling = row.flops / matmulOnly / 1e9;
  console.log(
    `  ${row.name}: ${(1 / row.seconds).toFixed(2)} steps/s, ${(row.seconds * 1000).toFixed(0)} ms/step, ` +
      `${achieved.toFixed(1)} GFLOP/s achieved; its matMuls alone run at ${ceiling.toFixed(1)} GFLOP/s; ratio ${(achieved / ceiling).toFixed(2)}`,
  );
}
const best = Math.max(...[...peakCache].map(([shape, t]) => shape.split('x').map(Number).reduce((a, b) => a * b, 2) / t / 1e9));
for (const row of rows) console.log(`  ${row.name}: ratio to the best plain matMul (${best.toFixed(1)} GFLOP/s): ${(row.flops / row.seconds / 1e9 / best).toFixed(2)}`);
for (const [shape, t] of peakCache) {
  const [r, c, s] = shape.split('x').map(Number);
  console.log(`  plain matMul ${r}x${c} @ ${c}x${s}: ${((2 * r * c * s) / t / 1e9).toFixed(1)} GFLOP/s`);
}
tf.dispose(W);
