// The contrastive kernel of tensor engine 1.3.0, which formed the full N x N similarity matrix; kept
// only as a test reference for the tiled kernel of src/engine/tensor/contrastive.ts.
import type * as TfModule from '@tensorflow/tfjs';
import type { Activation } from '../../src/engine/tensor/activation.js';
import type { Tf } from '../../src/engine/tensor/backend.js';
import { encode, encodeBackward, type PatchBatch } from '../../src/engine/tensor/cnn.js';

type Tensor2D = TfModule.Tensor2D;
type Scalar = TfModule.Scalar;

export type Similarity = 'dot' | 'cosine';

/**
 * SimCLR's contrastive (NT-Xent) loss on 2B embeddings: rows 0..B-1 are the first views, rows
 * B..2B-1 their partners (row i pairs with row i +- B). The embedding is the projection head of
 * paper-model.md, h(x) = sum_p sigma(W^T x^(p)). For each anchor i,
 *   l_i = -s(i, pos(i)) / tau + log sum_{k != i} exp(s(i, k) / tau),
 * every other view in the batch being a negative; L = mean_i l_i.
 *
 * The gradient is analytic rather than tf.grad because autodiff of H H^T would run transposed
 * matMuls (slow on wasm). With P the row softmax and G = (P - Pos) / (2B tau) = dL/dS,
 * dL/dH = (G + G^T) H = ((P + P^T) H - 2 H_pos) / (2B tau); P^T costs one memory pass.
 */
export function contrastiveLossAndGrad(
  tf: Tf,
  batch: PatchBatch,
  W: Tensor2D,
  act: Activation,
  tau: number,
  similarity: Similarity,
  selfMask: Tensor2D,
): { loss: Scalar; grad: Tensor2D } {
  const { Z, E } = encode(tf, batch, W, act);
  const { loss, dH } = lossOnEmbeddings(tf, E, selfMask, tau, similarity, true);
  return { loss, grad: encodeBackward(tf, batch, Z, dH as Tensor2D, act) };
}

export function contrastiveLoss(
  tf: Tf,
  batch: PatchBatch,
  W: Tensor2D,
  act: Activation,
  tau: number,
  similarity: Similarity,
  selfMask: Tensor2D,
): Scalar {
  return lossOnEmbeddings(tf, encode(tf, batch, W, act).E, selfMask, tau, similarity, false).loss;
}

/** The n x n matrix with -inf on the diagonal and 0 elsewhere; build once per batch size and dispose after. */
export function makeSelfMask(tf: Tf, n: number): Tensor2D {
  const data = new Float32Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = Number.NEGATIVE_INFINITY;
  return tf.tensor2d(data, [n, n]);
}

function lossOnEmbeddings(
  tf: Tf,
  E: Tensor2D,
  selfMask: Tensor2D,
  tau: number,
  similarity: Similarity,
  withGrad: boolean,
): { loss: Scalar; dH: Tensor2D | null } {
  const n = E.shape[0];
  const half = n / 2;
  let norms: Tensor2D | null = null;
  let H = E;
  if (similarity === 'cosine') {
    norms = tf.maximum(tf.sqrt(tf.sum(tf.square(E), 1, true)), 1e-12) as Tensor2D;
    H = tf.div(E, norms);
  }
  const partners = (M: Tensor2D): Tensor2D =>
    tf.concat([tf.slice(M, [half, 0], [half, -1]), tf.slice(M, [0, 0], [half, -1])], 0) as Tensor2D;
  const Hpos = partners(H);
  // 1/tau goes on the small N x 2m factor, not on the N x N product.
  const S = tf.matMul(tf.div(H, tau), tf.transpose(H)) as Tensor2D;
  // The anchor itself is excluded from the denominator: -inf on the diagonal.
  const logits = tf.add(S, selfMask) as Tensor2D;
  // The fused softmax kernel is ~5x faster on wasm than max/sub/exp/sum/div as separate N x N
  // passes. The loss then reads l_i = -log P(i, pos(i)); if a partner's probability underflows to
  // 0 in float32, the exact log-sum-exp form is used instead (one extra pass, only then).
  const P = tf.softmax(logits) as Tensor2D;
  const partnerIndex = tf.tensor1d(Int32Array.from({ length: n }, (_, i) => i * n + ((i + half) % n)), 'int32');
  const pPos = tf.gather(tf.reshape(P, [-1]), partnerIndex);
  let loss: Scalar;
  if (tf.min(pPos).dataSync()[0] > 0) {
    loss = tf.neg(tf.mean(tf.log(pPos))) as Scalar;
  } else {
    const positive = tf.div(tf.sum(tf.mul(H, Hpos), 1, true), tau);
    loss = tf.mean(tf.sub(tf.logSumExp(logits, 1, true), positive)) as Scalar;
  }
  if (!withGrad) return { loss, dH: null };
  const PPt = tf.add(P, tf.transpose(P));
  let dH = tf.div(tf.sub(tf.matMul(PPt, H), tf.mul(Hpos, 2)), n * tau) as Tensor2D;
  if (norms) {
    // Through h / ||h||: dE = (dH - H <dH, H>) / ||E||.
    dH = tf.div(tf.sub(dH, tf.mul(H, tf.sum(tf.mul(dH, H), 1, true))), norms) as Tensor2D;
  }
  return { loss, dH };
}
