import type * as TfModule from '@tensorflow/tfjs';
import type { Tf } from './backend.js';

type Tensor2D = TfModule.Tensor2D;
type Scalar = TfModule.Scalar;

export interface GdOptions {
  steps: number;
  eta: number;
  /** Loss and gradient at W; called inside tf.tidy. */
  lossAndGrad(W: Tensor2D, step: number): { loss: Scalar; grad: Tensor2D };
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
  /** The step whose loss was NaN or infinite, if any. */
  divergedAt: number | null;
}

/**
 * Full-batch gradient descent W(t+1) = W(t) - eta grad L(W(t)). Takes ownership of W0.
 * A NaN or infinite loss stops the run and is reported, never thrown: a diverged run is a result.
 */
export function gradientDescent(tf: Tf, W0: Tensor2D, opts: GdOptions): GdOutcome {
  let W = W0;
  const progressEvery = Math.max(1, Math.floor(opts.steps / 100));
  for (let t = 0; t < opts.steps; t++) {
    const { loss: lossT, next } = tf.tidy(() => {
      const { loss, grad } = opts.lossAndGrad(W, t);
      return { loss, next: tf.sub(W, tf.mul(grad, opts.eta)) as Tensor2D };
    });
    const loss = lossT.dataSync()[0];
    lossT.dispose();
    if (!Number.isFinite(loss)) {
      next.dispose();
      return { W, stepsRun: t, finalLoss: loss, divergedAt: t };
    }
    if (opts.sampleAt.has(t)) opts.onSample(t, loss, W);
    W.dispose();
    W = next;
    if (opts.onProgress && ((t + 1) % progressEvery === 0 || t + 1 === opts.steps)) opts.onProgress(t + 1, opts.steps);
    if (opts.afterStep?.(t + 1, W)) return finish(tf, W, t + 1, opts);
  }
  return finish(tf, W, opts.steps, opts);
}

function finish(tf: Tf, W: Tensor2D, stepsRun: number, opts: GdOptions): GdOutcome {
  const lossT = tf.tidy(() => opts.loss(W, stepsRun));
  const finalLoss = lossT.dataSync()[0];
  lossT.dispose();
  if (!Number.isFinite(finalLoss)) return { W, stepsRun, finalLoss, divergedAt: stepsRun };
  opts.onSample(stepsRun, finalLoss, W);
  return { W, stepsRun, finalLoss, divergedAt: null };
}
