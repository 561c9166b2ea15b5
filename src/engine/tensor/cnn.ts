import type * as TfModule from '@tensorflow/tfjs';
import type { Activation } from './activation.js';
import type { Tf } from './backend.js';

type Tensor2D = TfModule.Tensor2D;
type Scalar = TfModule.Scalar;

/**
 * The inputs of N samples laid out so every hot product is an untransposed matMul
 * (on wasm, transposeA/B runs ~15x slower, architecture.md):
 * X is (P*N) x d, patch block k in rows kN..(k+1)N-1, and XT is its d x (P*N) transpose.
 * Filters are W: d x 2m, columns 0..m-1 for F_{+1}, m..2m-1 for F_{-1}.
 * With a linear activation the patches are summed first (P = 1): sigma is linear, so
 * sum_p W^T x^(p) = W^T (x^(1) + x^(2)), at half the cost.
 */
export interface PatchBatch {
  readonly n: number;
  readonly d: number;
  readonly patches: number;
  readonly X: Tensor2D;
  readonly XT: Tensor2D;
}

export function patchBatch(tf: Tf, blocks: Float32Array[], n: number, d: number, sumPatches: boolean): PatchBatch {
  let data: Float32Array;
  let patches: number;
  if (sumPatches) {
    data = new Float32Array(n * d);
    for (const block of blocks) for (let k = 0; k < data.length; k++) data[k] += block[k];
    patches = 1;
  } else {
    data = new Float32Array(blocks.length * n * d);
    blocks.forEach((block, k) => data.set(block, k * n * d));
    patches = blocks.length;
  }
  const X = tf.tensor2d(data, [patches * n, d]);
  const XT = tf.transpose(X) as Tensor2D;
  return { n, d, patches, X, XT };
}

export function disposeBatch(batch: PatchBatch): void {
  batch.X.dispose();
  batch.XT.dispose();
}

/** First layer, summed over patches: E = sum_p sigma(X_p W) (N x 2m). Z is kept for the backward pass. */
export function encode(tf: Tf, batch: PatchBatch, W: Tensor2D, act: Activation): { Z: Tensor2D; E: Tensor2D } {
  const Z = tf.matMul(batch.X, W) as Tensor2D;
  const A = act.value(Z) as Tensor2D;
  if (batch.patches === 1) return { Z, E: A };
  let E: Tensor2D = tf.slice(A, [0, 0], [batch.n, -1]);
  for (let k = 1; k < batch.patches; k++) E = tf.add(E, tf.slice(A, [k * batch.n, 0], [batch.n, -1])) as Tensor2D;
  return { Z, E };
}

/** dL/dW = X^T (sigma'(Z) * [dE; dE; ...]), given dL/dE. */
export function encodeBackward(tf: Tf, batch: PatchBatch, Z: Tensor2D, dE: Tensor2D, act: Activation): Tensor2D {
  let dZ: Tensor2D = batch.patches === 1 ? dE : (tf.concat(Array(batch.patches).fill(dE), 0) as Tensor2D);
  if (!act.linear) dZ = tf.mul(dZ, act.derivative(Z));
  return tf.matMul(batch.XT, dZ);
}

/** Second layer fixed at +1/m for F_{+1} filters and -1/m for F_{-1} filters: a 2m x 1 column. */
export function secondLayer(tf: Tf, m: number): Tensor2D {
  const a = new Float32Array(2 * m);
  for (let r = 0; r < 2 * m; r++) a[r] = (r < m ? 1 : -1) / m;
  return tf.tensor2d(a, [2 * m, 1]);
}

/** f(W, x) = F_{+1} - F_{-1} for every sample: N x 1. */
export function logits(tf: Tf, batch: PatchBatch, W: Tensor2D, act: Activation, a: Tensor2D): Tensor2D {
  return tf.matMul(encode(tf, batch, W, act).E, a);
}

/**
 * Logistic loss L = mean_i log(1 + exp(-y_i f_i)) and its gradient in W (d x 2m).
 * y: N x 1 float tensor of +-1 labels.
 */
export function logisticLossAndGrad(
  tf: Tf,
  batch: PatchBatch,
  y: Tensor2D,
  W: Tensor2D,
  act: Activation,
  a: Tensor2D,
): { loss: Scalar; grad: Tensor2D } {
  const { Z, E } = encode(tf, batch, W, act);
  const margin = tf.mul(y, tf.matMul(E, a));
  const loss = tf.mean(tf.softplus(tf.neg(margin))) as Scalar;
  // dL/df_i = -y_i sigmoid(-y_i f_i) / N; dL/dE = (dL/df) a^T, an outer product done by broadcasting.
  const g = tf.div(tf.mul(tf.neg(y), tf.sigmoid(tf.neg(margin))), batch.n);
  const dE = tf.mul(g, tf.reshape(a, [1, -1])) as Tensor2D;
  return { loss, grad: encodeBackward(tf, batch, Z, dE, act) };
}

/** Loss and 0-1 error (a tie y f = 0 counts as an error) on a batch. */
export function logisticMetrics(tf: Tf, batch: PatchBatch, y: Tensor2D, W: Tensor2D, act: Activation, a: Tensor2D): { loss: number; error: number } {
  return tf.tidy(() => {
    const margin = tf.mul(y, logits(tf, batch, W, act, a));
    const loss = tf.mean(tf.softplus(tf.neg(margin))).dataSync()[0];
    const error = tf.mean(tf.cast(tf.lessEqual(margin, 0), 'float32')).dataSync()[0];
    return { loss, error };
  }) as unknown as { loss: number; error: number };
}

/** Mean over filters of |cos(w_r, u)| for a unit vector u (given as a 1 x d row). */
export function meanAlignment(tf: Tf, W: Tensor2D, uRow: Tensor2D): number {
  const mean = tf.tidy(() => {
    // cos is scale-free; dividing by max |w| first keeps the squared norms finite for huge filters.
    const scaled = tf.div(W, tf.maximum(tf.max(tf.abs(W)), 1e-30));
    const dots = tf.abs(tf.matMul(uRow, scaled));
    const norms = tf.sqrt(tf.sum(tf.square(scaled), 0, true));
    return tf.mean(tf.div(dots, tf.maximum(norms, 1e-30)));
  });
  const value = mean.dataSync()[0];
  mean.dispose();
  return value;
}
