import type * as TfModule from '@tensorflow/tfjs';
import type { Optimizer, VectorOps } from '../../components/optimizer.js';
import { InputError } from '../../util/errors.js';
import type { Tf } from './backend.js';

type Tensor2D = TfModule.Tensor2D;
type Scalar = TfModule.Scalar;

export interface GdOptions {
  steps: number;
  eta: number;
  /** The update rule (default: plain gradient descent, W - eta grad). */
  optimizer?: Optimizer;
  /** Loss and gradient at W; called inside tf.tidy. */
  lossAndGrad(W: Tensor2D, step: number): { loss: Scalar; grad: Tensor2D };
  /** Gradient of the mean loss over the samples `batch` at W (mini-batches); absent when the phase has no per-sample batches. Called inside tf.tidy. */
  batchGrad?(W: Tensor2D, batch: Int32Array): Tensor2D;
  /** Samples the loss averages over (batch indices lie in [0, nSamples)); null without batchGrad. */
  nSamples: number | null;
  /** The run's seed and the phase, handed to the optimizer (its batch stream is keyed by them). */
  seed: number;
  phase: 'pretrain' | 'train' | 'finetune';
  /** Loss only (for the last iterate); called inside tf.tidy. */
  loss(W: Tensor2D, step: number): Scalar;
  /** Steps at which onSample is called with the loss at W(step). The last iterate is always sampled. */
  sampleAt: ReadonlySet<number>;
  onSample(step: number, loss: number, W: Tensor2D): void;
  /** Called with W(step) after each update; return true to stop there. */
  afterStep?(step: number, W: Tensor2D): boolean;
  onProgress?(done: number, total: number): void;
}

export interface GdOutcome {
  /** The last finite iterate (owned by the caller). */
  W: Tensor2D;
  stepsRun: number;
  finalLoss: number;
  /** The step whose loss or weights were NaN or infinite, if any. */
  divergedAt: number | null;
  /** Which of them: 'loss' or 'weights' (null when the run did not diverge). */
  divergedQuantity: 'loss' | 'weights' | null;
}

/** 0 when every entry of W is finite, NaN otherwise (0 * inf and 0 * NaN are NaN); cheap on every backend. */
function nonFiniteProbe(tf: Tf, W: Tensor2D): Scalar {
  return tf.sum(tf.mul(W, 0)) as Scalar;
}

/** The optimizer's arithmetic on tensors; called inside tf.tidy. */
export function tensorOps(tf: Tf): VectorOps<Tensor2D> {
  const read = (s: Scalar): number => s.dataSync()[0];
  return {
    add: (a, b) => tf.add(a, b),
    sub: (a, b) => tf.sub(a, b),
    scale: (a, s) => tf.mul(a, s),
    mul: (a, b) => tf.mul(a, b),
    sqrt: (a) => tf.sqrt(a),
    addScalar: (a, s) => tf.add(a, s),
    zerosLike: (a) => tf.zerosLike(a),
    dot: (a, b) => read(tf.sum(tf.mul(a, b))),
    norm: (a) => read(tf.sqrt(tf.sum(tf.square(a)))),
  };
}

function batchGradient(opts: GdOptions, W: Tensor2D, batch: Int32Array): Tensor2D {
  if (!opts.batchGrad || opts.nSamples === null) {
    throw new InputError(`optimizer: the ${opts.phase} phase has no per-sample mini-batches (nSamples is null there); use the full gradient in that phase`, { field: 'optimizer' });
  }
  const n = opts.nSamples;
  if (batch.length === 0 || batch.some((i) => !Number.isInteger(i) || i < 0 || i >= n)) {
    throw new InputError(`optimizer: a mini-batch must hold sample indices in [0, ${n}) (got ${batch.length} indices, e.g. ${batch.slice(0, 3).join(', ')})`, { field: 'optimizer' });
  }
  return opts.batchGrad(W, batch);
}

const plainGd: Optimizer = { step: ({ weights, gradient, lr, ops }) => ops.sub(weights, ops.scale(gradient, lr)) };

/**
 * Full-batch training W(t+1) = optimizer step from W(t) (default: W(t) - eta grad L(W(t))). Takes ownership of W0.
 * A NaN or infinite loss stops the run and is reported, never thrown: a diverged run is a result.
 */
export function gradientDescent(tf: Tf, W0: Tensor2D, opts: GdOptions): GdOutcome {
  let W = W0;
  const optimizer = opts.optimizer ?? plainGd;
  const ops = tensorOps(tf);
  const state = new Map<string, Tensor2D>();
  const progressEvery = Math.max(1, Math.floor(opts.steps / 100));
  for (let t = 0; t < opts.steps; t++) {
    const before = [...state.values()];
    const { loss: lossT, next, kept } = tf.tidy(() => {
      const { loss, grad } = opts.lossAndGrad(W, t);
      const step = t;
      const gradientAt = (w: Tensor2D, batch?: Int32Array): Tensor2D => (batch === undefined ? opts.lossAndGrad(w, step).grad : batchGradient(opts, w, batch));
      const next = optimizer.step({ weights: W, gradient: grad, gradientAt, lr: opts.eta, step, ops, state, nSamples: opts.nSamples, seed: opts.seed, phase: opts.phase });
      // One read-back per step: the loss and the finiteness of W(t).
      return { loss: tf.stack([loss, nonFiniteProbe(tf, W)]), next, kept: [...state.values()] };
    });
    // The optimizer's new state survives the tidy (it was returned); replaced entries are freed.
    for (const old of before) if (!kept.includes(old)) old.dispose();
    const [loss, weightsProbe] = lossT.dataSync();
    lossT.dispose();
    if (!Number.isFinite(loss) || !Number.isFinite(weightsProbe)) {
      next.dispose();
      tf.dispose(kept);
      return { W, stepsRun: t, finalLoss: loss, divergedAt: t, divergedQuantity: Number.isFinite(weightsProbe) ? 'loss' : 'weights' };
    }
    if (opts.sampleAt.has(t)) opts.onSample(t, loss, W);
    if (next !== W) W.dispose();
    W = next;
    if (opts.onProgress && ((t + 1) % progressEvery === 0 || t + 1 === opts.steps)) opts.onProgress(t + 1, opts.steps);
    if (opts.afterStep?.(t + 1, W)) {
      tf.dispose([...state.values()]);
      return finish(tf, W, t + 1, opts);
    }
  }
  tf.dispose([...state.values()]);
  return finish(tf, W, opts.steps, opts);
}

function finish(tf: Tf, W: Tensor2D, stepsRun: number, opts: GdOptions): GdOutcome {
  const lossT = tf.tidy(() => tf.stack([opts.loss(W, stepsRun), nonFiniteProbe(tf, W)]));
  const [finalLoss, weightsProbe] = lossT.dataSync();
  lossT.dispose();
  if (!Number.isFinite(finalLoss) || !Number.isFinite(weightsProbe)) {
    return { W, stepsRun, finalLoss, divergedAt: stepsRun, divergedQuantity: Number.isFinite(weightsProbe) ? 'loss' : 'weights' };
  }
  opts.onSample(stepsRun, finalLoss, W);
  return { W, stepsRun, finalLoss, divergedAt: null, divergedQuantity: null };
}
