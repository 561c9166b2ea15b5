import type * as TfModule from '@tensorflow/tfjs';
import { curveSteps } from '../curve-steps.js';
import type { Optimizer } from '../../components/optimizer.js';
import type { CurvePoint } from '../result.js';
import type { Activation } from './activation.js';
import type { Tf } from './backend.js';
import { logisticLossAndGrad, logisticMetrics, logits, meanAlignment, type PatchBatch } from './cnn.js';
import { gradientDescent } from './gd.js';

type Tensor2D = TfModule.Tensor2D;

export interface LabelledBatch {
  batch: PatchBatch;
  /** N x 1, +-1 as float32. */
  y: Tensor2D;
}

export interface FitOptions {
  act: Activation;
  /** Second layer (2m x 1, +-1/m). */
  a: Tensor2D;
  eta: number;
  steps: number;
  curvePoints: number;
  /** The update rule (default: gradient descent). */
  optimizer?: Optimizer;
  /** Unit signal direction as a 1 x d row, for the alignment curve. */
  u: Tensor2D;
  onProgress?(done: number, total: number): void;
}

export interface FitOutcome {
  W: Tensor2D;
  curve: CurvePoint[];
  divergedAt: number | null;
  /** 'trainLoss' or 'weights' when the run diverged. */
  divergedQuantity: string | null;
}

/** Full-batch GD on the logistic loss of the two-layer CNN (direct training and full fine-tuning). Takes ownership of W0. */
export function fitLogistic(tf: Tf, W0: Tensor2D, train: LabelledBatch, test: LabelledBatch, opts: FitOptions): FitOutcome {
  const curve: CurvePoint[] = [];
  const outcome = gradientDescent(tf, W0, {
    steps: opts.steps,
    eta: opts.eta,
    optimizer: opts.optimizer,
    lossAndGrad: (W) => logisticLossAndGrad(tf, train.batch, train.y, W, opts.act, opts.a),
    loss: (W) => tf.mean(tf.softplus(tf.neg(tf.mul(train.y, logits(tf, train.batch, W, opts.act, opts.a))))),
    sampleAt: new Set(curveSteps(opts.steps, opts.curvePoints)),
    onSample: (step, loss, W) => {
      const te = logisticMetrics(tf, test.batch, test.y, W, opts.act, opts.a);
      curve.push({ step, trainLoss: loss, testError: te.error, testLoss: te.loss, alignment: meanAlignment(tf, W, opts.u) });
    },
    onProgress: opts.onProgress,
  });
  return { W: outcome.W, curve, divergedAt: outcome.divergedAt, divergedQuantity: outcome.divergedQuantity === 'weights' ? 'weights' : outcome.divergedAt === null ? null : 'trainLoss' };
}
