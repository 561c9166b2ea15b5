import { Rng } from '../../src/util/rng.js';

/**
 * Mini-batch SGD and SAM (sharpness-aware minimization, Foret et al. 2021) as pure update rules
 * over a gradient oracle, so the same code steps any model whose gradient the caller computes.
 *
 * SAM at step t on mini-batch B_t, radius tau:
 *   g      = grad L_{B_t}(W)
 *   eps    = tau g / ||g||_F          (eps = 0 when g = 0)
 *   W'     = W - eta grad L_{B_t}(W + eps)
 * tau = 0 is plain SGD: both rules share the batch schedule, so a comparison SAM vs SGD at one
 * seed sees the same batches in the same order.
 */

/** The arithmetic SAM needs on a weight representation (a subset of the harness's VectorOps). */
export interface SamOps<V> {
  add(a: V, b: V): V;
  sub(a: V, b: V): V;
  scale(a: V, s: number): V;
  norm(a: V): number;
}

/**
 * W(t+1) from W(t), the batch gradient g at W(t) and the gradient oracle of the same batch loss.
 * The one implementation: the plug-in optimizer calls it on the engine's tensors, the tests on
 * Float64Arrays.
 */
export function samUpdate<V>(ops: SamOps<V>, W: V, g: V, gradientAt: (w: V) => V, eta: number, tau: number): V {
  const norm = ops.norm(g);
  const descent = tau === 0 || norm === 0 ? g : gradientAt(ops.add(W, ops.scale(g, tau / norm)));
  return ops.sub(W, ops.scale(descent, eta));
}

/** SamOps on plain float64 vectors. */
export const float64Ops: SamOps<Float64Array> = {
  add: (a, b) => a.map((x, k) => x + b[k]),
  sub: (a, b) => a.map((x, k) => x - b[k]),
  scale: (a, s) => a.map((x) => s * x),
  norm: (a) => frobeniusNorm(a),
};

/** The gradient of the mini-batch loss at an arbitrary weight vector. */
export type BatchGradient = (W: Float64Array, batch: Int32Array) => Float64Array;

export function frobeniusNorm(g: Float64Array): number {
  let s = 0;
  for (let k = 0; k < g.length; k++) s += g[k] * g[k];
  return Math.sqrt(s);
}

/** The SAM ascent point W + tau g / ||g|| (W itself when g = 0 or tau = 0). */
export function ascentPoint(W: Float64Array, g: Float64Array, tau: number): Float64Array {
  const norm = frobeniusNorm(g);
  if (tau === 0 || norm === 0) return Float64Array.from(W);
  return float64Ops.add(W, float64Ops.scale(g, tau / norm));
}

/** One SAM step on float64 weights (in place on W). */
export function samStep(W: Float64Array, batch: Int32Array, grad: BatchGradient, eta: number, tau: number): void {
  W.set(samUpdate(float64Ops, W, grad(W, batch), (w) => grad(w, batch), eta, tau));
}

/** One SGD step (in place on W). */
export function sgdStep(W: Float64Array, batch: Int32Array, grad: BatchGradient, eta: number): void {
  samStep(W, batch, grad, eta, 0);
}

/**
 * The mini-batches of one run: each epoch is a fresh permutation of the n samples (stream
 * (seed, 'batches', epoch)), cut into ceil(n / B) consecutive batches, the last one possibly
 * smaller; B >= n is full-batch GD. Sampling without replacement within an epoch is our choice;
 * the schedule depends only on (seed, n, B), never on the optimizer.
 */
export class BatchSchedule {
  readonly perEpoch: number;
  private epoch = -1;
  private order: Int32Array = new Int32Array(0);

  constructor(readonly seed: number, readonly n: number, readonly batchSize: number) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer (got ${batchSize})`);
    this.perEpoch = Math.ceil(n / Math.min(batchSize, n));
  }

  /** The sample indices of step t (t = 0, 1, ...). */
  batch(t: number): Int32Array {
    const B = Math.min(this.batchSize, this.n);
    if (B === this.n) return Int32Array.from({ length: this.n }, (_, i) => i);
    const epoch = Math.floor(t / this.perEpoch);
    if (epoch !== this.epoch) {
      this.order = new Rng(this.seed, 'batches', epoch).permutation(this.n);
      this.epoch = epoch;
    }
    const k = t % this.perEpoch;
    return this.order.slice(k * B, Math.min(this.n, (k + 1) * B));
  }
}
