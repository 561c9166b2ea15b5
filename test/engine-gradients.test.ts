import t from 'tap';
import type * as TfModule from '@tensorflow/tfjs';
import { Rng } from '../src/util/rng.js';
import { loadTf } from '../src/engine/tensor/backend.js';
import { activation, type ActivationName } from '../src/engine/tensor/activation.js';
import { encode, logisticLossAndGrad, patchBatch, secondLayer } from '../src/engine/tensor/cnn.js';
import { ContrastiveLoss, type Similarity } from '../src/engine/tensor/contrastive.js';
import { viewBatch } from '../src/engine/tensor/views.js';

type Tensor2D = TfModule.Tensor2D;
const { tf, backend } = await loadTf();
t.comment(`backend: ${backend}`);

const d = 24;
const m = 3;
const n = 8;
/** Tiles of 5 rows over the 16 views: uneven tiles, diagonal and off-diagonal ones. */
const block = 5;
function gaussian(rng: Rng, len: number, scale: number): Float32Array {
  const out = new Float32Array(len);
  rng.fillNormal(out, scale);
  return out;
}

/** The n x n matrix with -inf on the diagonal (the autodiff and log-sum-exp references). */
function selfMask(size: number): Tensor2D {
  const data = new Float32Array(size * size);
  for (let i = 0; i < size; i++) data[i * size + i] = Number.NEGATIVE_INFINITY;
  return tf.tensor2d(data, [size, size]);
}

type LossAndGrad = (W: Tensor2D) => { loss: TfModule.Scalar; grad: Tensor2D };

/**
 * Worst relative error, over random directions D, between the central difference
 * (L(W + eps D) - L(W - eps D)) / (2 eps) and <grad L(W), D>. In float32 the difference quotient
 * trades truncation (large eps, relu kinks) against rounding (small eps), so each direction
 * takes the best of a few step sizes; the negative control shows that this stays strict.
 * `gradScale` distorts the analytic gradient, for the negative control.
 */
function directionalError(f: LossAndGrad, W: Tensor2D, rng: Rng, gradScale = 1): number {
  let worst = 0;
  for (let k = 0; k < 4; k++) {
    const D = tf.tensor2d(gaussian(rng, d * 2 * m, 1), [d, 2 * m]);
    let best = Number.POSITIVE_INFINITY;
    for (const rel of [3e-2, 1e-2, 3e-3, 1e-3]) {
      const [fd, an] = tf.tidy(() => {
        const eps = rel * (tf.norm(W).dataSync()[0] / tf.norm(D).dataSync()[0]);
        const plus = f(tf.add(W, tf.mul(D, eps))).loss.dataSync()[0];
        const minus = f(tf.sub(W, tf.mul(D, eps))).loss.dataSync()[0];
        const analytic = tf.sum(tf.mul(tf.mul(f(W).grad, gradScale), D)).dataSync()[0];
        return [(plus - minus) / (2 * eps), analytic];
      });
      best = Math.min(best, Math.abs(fd - an) / Math.max(Math.abs(an), 1e-6));
    }
    D.dispose();
    worst = Math.max(worst, best);
  }
  return worst;
}

t.test('logistic loss: analytic gradient matches finite differences', async (t) => {
  const rng = new Rng(1, 'grad-test');
  const signal = gaussian(rng, n * d, 1);
  const noise = gaussian(rng, n * d, 1);
  const y = tf.tensor2d(Float32Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1)), [n, 1]);
  const a = secondLayer(tf, m);
  const W = tf.tensor2d(gaussian(rng, d * 2 * m, 0.3), [d, 2 * m]);
  for (const name of ['linear', 'relu', 'relu^q'] as ActivationName[]) {
    const act = activation(tf, name, 3);
    const batch = patchBatch(tf, [signal, noise], n, d, act.linear);
    const f: LossAndGrad = (V) => logisticLossAndGrad(tf, batch, y, V, act, a);
    const err = directionalError(f, W, rng);
    t.ok(err < 1e-2, `${name}: relative error ${err.toExponential(2)} < 1e-2`);
    // Negative control: a gradient 5% off is caught by the same check.
    t.ok(directionalError(f, W, rng, 1.05) > 1e-2, `${name}: a 5% wrong gradient is rejected`);
    tf.dispose([batch.X, batch.XT]);
  }
  tf.dispose([y, a, W]);
});

t.test('contrastive loss: analytic gradient matches finite differences', async (t) => {
  const rng = new Rng(2, 'grad-test');
  // 2n views: rows 0..n-1 anchors, n..2n-1 partners sharing the anchor's signal patch.
  const sig = gaussian(rng, n * d, 1);
  const signal = new Float32Array(2 * n * d);
  signal.set(sig);
  signal.set(sig, n * d);
  const noise = gaussian(rng, 2 * n * d, 1);
  const W = tf.tensor2d(gaussian(rng, d * 2 * m, 0.1), [d, 2 * m]);
  for (const name of ['linear', 'relu^q'] as ActivationName[]) {
    for (const similarity of ['dot', 'cosine'] as Similarity[]) {
      for (const tau of [1, 0.5]) {
        const act = activation(tf, name, 3);
        const views = viewBatch([{ rows: 2 * n, patches: [signal, noise] }], d, act.linear);
        const loss = new ContrastiveLoss(tf, tau, similarity, block);
        const f: LossAndGrad = (V) => loss.lossAndGrad(views, V, act);
        const err = directionalError(f, W, rng);
        t.ok(err < 1e-2, `${name}, ${similarity}, tau=${tau}: relative error ${err.toExponential(2)} < 1e-2`);
        t.ok(directionalError(f, W, rng, 1.05) > 1e-2, `${name}, ${similarity}, tau=${tau}: a 5% wrong gradient is rejected`);
        loss.dispose();
      }
    }
  }
  W.dispose();
});

// relu's kinks are dense among the 2 x 2n x 2m pre-activations here, so a float32 difference
// quotient is unreliable for it; its subgradient (relu'(0) = 0) is checked against autodiff instead.
t.test('contrastive loss with a relu encoder: analytic gradient equals tf.grad', async (t) => {
  const rng = new Rng(3, 'grad-test');
  const sig = gaussian(rng, n * d, 1);
  const signal = new Float32Array(2 * n * d);
  signal.set(sig);
  signal.set(sig, n * d);
  const noise = gaussian(rng, 2 * n * d, 1);
  const mask = selfMask(2 * n);
  const W = tf.tensor2d(gaussian(rng, d * 2 * m, 0.1), [d, 2 * m]);
  const act = activation(tf, 'relu', 3);
  const batch = patchBatch(tf, [signal, noise], 2 * n, d, false);
  const views = viewBatch([{ rows: 2 * n, patches: [signal, noise] }], d, false);
  for (const similarity of ['dot', 'cosine'] as Similarity[]) {
    const loss = new ContrastiveLoss(tf, 0.5, similarity, block);
    const err = tf.tidy(() => {
      const { grad } = loss.lossAndGrad(views, W, act);
      const auto = tf.grad((V: TfModule.Tensor) => {
        let E = encode(tf, batch, V as Tensor2D, act).E;
        if (similarity === 'cosine') E = tf.div(E, tf.norm(E, 2, 1, true));
        const logits = tf.add(tf.div(tf.matMul(E, tf.transpose(E)), 0.5), mask);
        const partner = tf.concat([tf.slice(E, [n, 0], [n, -1]), tf.slice(E, [0, 0], [n, -1])], 0);
        return tf.mean(tf.sub(tf.logSumExp(logits, 1), tf.div(tf.sum(tf.mul(E, partner), 1), 0.5)));
      })(W);
      return tf.div(tf.norm(tf.sub(grad, auto)), tf.norm(auto)).dataSync()[0];
    });
    t.ok(err < 1e-4, `relu, ${similarity}: |analytic - autodiff| / |autodiff| = ${err.toExponential(2)}`);
    loss.dispose();
  }
  tf.dispose([mask, W, batch.X, batch.XT]);
});

t.test('contrastive loss value: -log P(partner) equals the log-sum-exp form, also past float32 underflow', async (t) => {
  const rng = new Rng(4, 'grad-test');
  const sig = gaussian(rng, n * d, 1);
  const signal = new Float32Array(2 * n * d);
  signal.set(sig);
  signal.set(sig, n * d);
  const noise = gaussian(rng, 2 * n * d, 1);
  const mask = selfMask(2 * n);
  const act = activation(tf, 'linear', 3);
  const batch = patchBatch(tf, [signal, noise], 2 * n, d, true);
  const views = viewBatch([{ rows: 2 * n, patches: [signal, noise] }], d, true);
  const loss = new ContrastiveLoss(tf, 1, 'dot', block);
  // Scale 0.1: ordinary logits. Scale 3: logits spread over thousands, so some partner's softmax
  // probability underflows to 0 and the exact fallback must take over.
  for (const scale of [0.1, 3]) {
    const W = tf.tensor2d(gaussian(rng, d * 2 * m, scale), [d, 2 * m]);
    const [ours, reference, minLogP] = tf.tidy(() => {
      const E = encode(tf, batch, W, act).E;
      const logits = tf.add(tf.matMul(E, tf.transpose(E)), mask);
      const partner = tf.concat([tf.slice(E, [n, 0], [n, -1]), tf.slice(E, [0, 0], [n, -1])], 0);
      const perAnchor = tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(E, partner), 1));
      return [
        loss.loss(views, W, act).dataSync()[0],
        tf.mean(perAnchor).dataSync()[0],
        -tf.max(perAnchor).dataSync()[0],
      ];
    });
    t.comment(`scale ${scale}: loss ${ours}, reference ${reference}, smallest log P(partner) ${minLogP.toFixed(1)}`);
    t.ok(Number.isFinite(ours), `scale ${scale}: finite loss`);
    t.ok(Math.abs(ours - reference) <= 1e-4 * Math.max(1, Math.abs(reference)), `scale ${scale}: equal to the log-sum-exp form`);
    if (scale === 3) t.ok(minLogP < -104, 'the underflow case is really exercised (log P below float32 range)');
    W.dispose();
  }
  loss.dispose();
  tf.dispose([mask, batch.X, batch.XT]);
});
