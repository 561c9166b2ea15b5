import t from 'tap';
import type * as TfModule from '@tensorflow/tfjs';
import { activation, type ActivationName } from '../src/engine/tensor/activation.js';
import { loadTf } from '../src/engine/tensor/backend.js';
import { encode, patchBatch } from '../src/engine/tensor/cnn.js';
import { ContrastiveLoss, tileRanges, type Similarity } from '../src/engine/tensor/contrastive.js';
import { disposeViews, residentViews, viewBatch } from '../src/engine/tensor/views.js';
import { Rng } from '../src/util/rng.js';
import { contrastiveLossAndGrad as referenceLossAndGrad, makeSelfMask } from './helpers/contrastive-reference.js';

type Tensor2D = TfModule.Tensor2D;
const { tf } = await loadTf();

// Shared cases for the tiled kernel and the full N x N kernel it replaced (test/helpers/contrastive-reference.ts).
const d = 30;
const m = 3;
const n = 40;
const N = 2 * n;

function gaussian(rng: Rng, len: number, scale: number): Float32Array {
  const out = new Float32Array(len);
  rng.fillNormal(out, scale);
  return out;
}

t.test('tiles cover the rows exactly once, near-equal in size', async (t) => {
  for (const [rows, block] of [[80, 16], [80, 2048], [81, 16], [4, 3], [200000, 2048]] as const) {
    const r = tileRanges(rows, block);
    t.equal(r.reduce((s, x) => s + x.size, 0), rows, `${rows} rows in tiles of <= ${block}`);
    t.ok(r.every((x, i) => x.size <= block && x.size > 0 && (i === 0 || x.start === r[i - 1].start + r[i - 1].size)));
    t.ok(Math.max(...r.map((x) => x.size)) - Math.min(...r.map((x) => x.size)) <= r.length);
  }
});

const rng = new Rng(11, 'tiled-test');
const sig = gaussian(rng, n * d, 1);
const signal = new Float32Array(N * d);
signal.set(sig);
signal.set(sig, n * d);
const noise = gaussian(rng, N * d, 1);
const mask = makeSelfMask(tf, N);
const relDiff = (a: Tensor2D, b: Tensor2D): number => tf.tidy(() => tf.norm(tf.sub(a, b)).dataSync()[0] / Math.max(tf.norm(b).dataSync()[0], 1e-30));

t.test('the tiled kernel gives the full kernel numbers: loss and gradient, dot and cosine, linear and relu^3', async (t) => {
  const used = { exactRowBlocks: 0, twoExpPasses: 0 };
  for (const scale of [0.1, 1, 3]) {
    const W = tf.tensor2d(gaussian(rng, d * 2 * m, scale), [d, 2 * m]);
    for (const name of ['linear', 'relu^q'] as ActivationName[]) {
      const act = activation(tf, name, 3);
      const batch = patchBatch(tf, [signal, noise], N, d, act.linear);
      // One part with both halves and two parts (samples, partners): the chunking must not matter.
      const views = [
        viewBatch([{ rows: N, patches: [signal, noise] }], d, act.linear),
        viewBatch([{ rows: n, patches: [signal.subarray(0, n * d), noise.subarray(0, n * d)] }, { rows: n, patches: [signal.subarray(n * d), noise.subarray(n * d)] }], d, act.linear),
      ];
      for (const similarity of ['dot', 'cosine'] as Similarity[]) {
        for (const tau of [1, 0.2]) {
          for (const block of [16, 2048]) {
            const kernel = new ContrastiveLoss(tf, tau, similarity, block);
            const label = `scale ${scale}, ${name}, ${similarity}, tau ${tau}, block ${block}`;
            tf.tidy(() => {
              const ref = referenceLossAndGrad(tf, batch, W, act, tau, similarity, mask);
              const refLoss = ref.loss.dataSync()[0];
              // The largest logit, max_i ||h_i||^2 / tau (1 / tau for cosine). Where float32 rounds
              // logits by more than 0.01 (EPS * max > 0.01), no kernel resolves the softmax and only the
              // loss is compared; such runs are far past divergence.
              const E = encode(tf, batch, W, act).E;
              const maxLogit = similarity === 'cosine' ? 1 / tau : tf.max(tf.sum(tf.square(E), 1)).dataSync()[0] / tau;
              const resolved = maxLogit * 2 ** -24 <= 0.01;
              for (const v of views) {
                const ours = kernel.lossAndGrad(v, W, act);
                const loss = ours.loss.dataSync()[0];
                const lossOnly = kernel.loss(v, W, act).dataSync()[0];
                const lossOk = Math.abs(loss - refLoss) <= 2e-5 * Math.max(1, Math.abs(refLoss));
                const gradErr = resolved ? relDiff(ours.grad, ref.grad) : 0;
                // Rounding of the logits (maxLogit * EPS) bounds how closely two float32 softmaxes can agree.
                const gradTol = 1e-4 + 4 * 2 ** -24 * maxLogit;
                if (!lossOk || !(gradErr <= gradTol) || lossOnly !== loss) t.fail(`${label}: loss ${loss} (loss only ${lossOnly}) vs ${refLoss}, gradient rel. diff ${gradErr.toExponential(2)}`);
                else t.pass(`${label}: loss ${loss.toPrecision(6)}, ${resolved ? `gradient rel. diff ${gradErr.toExponential(1)} (tolerance ${gradTol.toExponential(1)})` : `max logit ${maxLogit.toExponential(1)}: loss only`}`);
              }
            });
            used.exactRowBlocks += kernel.fallbacks.exactRowBlocks;
            used.twoExpPasses += kernel.fallbacks.twoExpPasses;
            kernel.dispose();
          }
        }
      }
      tf.dispose([batch.X, batch.XT]);
    }
    W.dispose();
  }
  t.comment(`fallbacks exercised: ${used.exactRowBlocks} exact row blocks in pass 1, ${used.twoExpPasses} two-exp passes`);
  t.ok(used.exactRowBlocks > 0, 'the exact log-sum-exp fallback of pass 1 was exercised');
  t.ok(used.twoExpPasses > 0, 'the two-exp fallback of pass 2 was exercised');
});

t.test('negative control: a kernel with the wrong temperature is told apart', async (t) => {
  const W = tf.tensor2d(gaussian(rng, d * 2 * m, 0.3), [d, 2 * m]);
  const act = activation(tf, 'linear', 3);
  const batch = patchBatch(tf, [signal, noise], N, d, true);
  const views = viewBatch([{ rows: N, patches: [signal, noise] }], d, true);
  const kernel = new ContrastiveLoss(tf, 1.01, 'dot', 16);
  tf.tidy(() => {
    const ref = referenceLossAndGrad(tf, batch, W, act, 1, 'dot', mask);
    const ours = kernel.lossAndGrad(views, W, act);
    t.ok(relDiff(ours.grad, ref.grad) > 1e-3, 'a 1% different tau shows in the gradient');
  });
  kernel.dispose();
  tf.dispose([W, batch.X, batch.XT]);
});

t.test('the tensor count stays flat across calls', async (t) => {
  const W = tf.tensor2d(gaussian(rng, d * 2 * m, 0.3), [d, 2 * m]);
  const act = activation(tf, 'relu^q', 3);
  const views = viewBatch([{ rows: N, patches: [signal, noise] }], d, false);
  const kernel = new ContrastiveLoss(tf, 0.5, 'cosine', 16);
  const step = (): void => tf.dispose(tf.tidy(() => kernel.lossAndGrad(views, W, act).grad));
  step();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) step();
  t.equal(tf.memory().numTensors, before);
  kernel.dispose();
  W.dispose();
});

t.test('streamed views (chunks uploaded per use) give the resident numbers and free every upload', async (t) => {
  const W = tf.tensor2d(gaussian(rng, d * 2 * m, 0.3), [d, 2 * m]);
  const act = activation(tf, 'relu^q', 3);
  const streamed = viewBatch([{ rows: N, patches: [signal, noise] }], d, false);
  const resident = residentViews(tf, streamed);
  t.ok(resident.resident && !streamed.resident);
  const kernel = new ContrastiveLoss(tf, 0.5, 'dot', 16);
  tf.dispose(tf.tidy(() => kernel.lossAndGrad(streamed, W, act).grad)); // the kernel's masks, made once
  const before = tf.memory().numTensors;
  // Inside one tidy (as in gradient descent), a streamed step must hold no more tensors than a resident one.
  const live: number[] = [];
  const [a, b] = tf.tidy(() => {
    const start = tf.memory().numTensors;
    const ga = kernel.lossAndGrad(streamed, W, act).grad;
    live.push(tf.memory().numTensors - start);
    const mid = tf.memory().numTensors;
    const gb = kernel.lossAndGrad(resident, W, act).grad;
    live.push(tf.memory().numTensors - mid);
    return [ga, gb];
  });
  t.equal(live[0], live[1], `tensors left in the step's scope: streamed ${live[0]}, resident ${live[1]}`);
  t.ok(relDiff(a, b) < 1e-6);
  t.equal(tf.memory().numTensors, before + 2, 'only the two results remain');
  tf.dispose([a, b, W]);
  disposeViews(resident);
  kernel.dispose();
});
