// SimCLR pre-training step at n_0 = 4000 (N = 8000 views, d = 1000, m = 10, linear encoder, dot
// similarity): the tiled kernel (src/engine/tensor/contrastive.ts) against the backend's plain
// untransposed matMul on the same shapes, and against the full N x N kernel it replaced
// (test/helpers/contrastive-reference.ts), all measured in this run. Peak memory from
// process.memoryUsage and getrusage. Run: npm run bench -- simclr
import { loadavg } from 'node:os';
import type * as TfModule from '@tensorflow/tfjs';
import { activation } from '../src/engine/tensor/activation.js';
import { loadTf } from '../src/engine/tensor/backend.js';
import { patchBatch } from '../src/engine/tensor/cnn.js';
import { ContrastiveLoss, tileRanges } from '../src/engine/tensor/contrastive.js';
import { residentViews, viewBatch, disposeViews } from '../src/engine/tensor/views.js';
import { Rng } from '../src/util/rng.js';
import { gaussianArray, medianSeconds } from './_timing.js';
import { contrastiveLossAndGrad as referenceLossAndGrad, makeSelfMask } from '../test/helpers/contrastive-reference.js';

type Tensor2D = TfModule.Tensor2D;
const { tf, backend } = await loadTf();
const n0 = Number(process.env.BENCH_N0 ?? 4000);
const d = 1000;
const m = 10;
const k = 2 * m;
const N = 2 * n0;
const rng = new Rng(0, 'bench-simclr');
const gaussian = (len: number, scale = 1): Float32Array => gaussianArray(rng, len, scale);
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;

const seconds = (f: () => void, reps: number, warm = 1): number => medianSeconds(f, reps, warm);

const W = tf.tensor2d(gaussian(d * k, 0.01), [d, k]);
const step = (lossAndGrad: (W: Tensor2D) => { loss: TfModule.Scalar; grad: Tensor2D }) => () => {
  const next = tf.tidy(() => {
    const { loss, grad } = lossAndGrad(W);
    loss.dataSync();
    return tf.sub(W, tf.mul(grad, 1e-3));
  });
  next.dataSync();
  next.dispose();
};

const signal = gaussian(N * d);
const noise = gaussian(N * d);
const act = activation(tf, 'linear', 3);

const views = residentViews(tf, viewBatch([{ rows: N, patches: [signal, noise] }], d, true));
const kernel = new ContrastiveLoss(tf, 1, 'dot');
const tiled = seconds(step((V) => kernel.lossAndGrad(views, V, act)), 3);
const tiledWasm = tf.memory().numBytes;
const tiledPeakRss = process.resourceUsage().maxRSS * 1024;
kernel.dispose();
disposeViews(views);

// The products one tiled step runs, as [rows, inner, cols] per tile: pass 1 takes [H_J/tau, z][H_I^T 0; 0 1]
// on every tile; pass 2 on the tiles J <= I only, the same product, then P_JI [H_I, vH_I; 0] and,
// off the diagonal, [H_J, uH_J]^T P_JI; H = X W and (dZ^T X) outside the tiles.
const ranges = tileRanges(N, 2048);
const products: Array<[number, number, number, number]> = [[N, d, k, 1], [k, N, d, 1]];
ranges.forEach((J, j) =>
  ranges.forEach((I, i) => {
    products.push([J.size, k + 1, I.size + 1, i >= j ? 2 : 1]);
    if (i >= j) products.push([J.size, I.size + 1, 2 * k, 1]);
    if (i > j) products.push([2 * k, J.size, I.size + 1, 1]);
  }),
);
const flops = products.reduce((s, [r, c, q, times]) => s + 2 * r * c * q * times, 0);
const plainCache = new Map<string, number>();
let plain = 0;
for (const [r, c, q, times] of products) {
  const key = `${r}x${c}x${q}`;
  if (!plainCache.has(key)) {
    const a = tf.tensor2d(gaussian(r * c), [r, c]);
    const b = tf.tensor2d(gaussian(c * q), [c, q]);
    plainCache.set(key, seconds(() => { const o = tf.matMul(a, b); o.dataSync(); o.dispose(); }, 3));
    tf.dispose([a, b]);
  }
  plain += times * plainCache.get(key)!;
}

let reference: number | null = null;
if (N <= 8000) {
  const batch = patchBatch(tf, [signal, noise], N, d, true);
  const mask = makeSelfMask(tf, N);
  reference = seconds(step((V) => referenceLossAndGrad(tf, batch, V, act, 1, 'dot', mask)), 3);
  tf.dispose([batch.X, batch.XT, mask]);
}

const usage = process.resourceUsage();
console.log(`SimCLR pre-training step, backend ${backend}, n_0=${n0} (N=${N} views), d=${d}, m=${m}, tiles ${ranges.length}x${ranges.length} (load average ${loadavg()[0].toFixed(1)})`);
console.log(`  tiled kernel: ${(tiled * 1000).toFixed(0)} ms/step, ${(flops / tiled / 1e9).toFixed(1)} GFLOP/s of its products`);
console.log(`  the same products as plain matMuls: ${(plain * 1000).toFixed(0)} ms, ${(flops / plain / 1e9).toFixed(1)} GFLOP/s; ratio ${(plain / tiled).toFixed(2)} of matMul speed`);
if (reference !== null) console.log(`  full N x N kernel (tensor engine 1.3.0): ${(reference * 1000).toFixed(0)} ms/step; tiled / full time ratio ${(tiled / reference).toFixed(2)}`);
console.log(`  peak RSS after the tiled steps ${mib(tiledPeakRss)} (backend tensors then ${mib(tiledWasm)}); after the full kernel too ${mib(usage.maxRSS * 1024)}`);
tf.dispose(W);
