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
  /** The run's seed and the phase, for the optimizer's batch stream. */
  seed: number;
  phase: 'train' | 'finetune';
}

export interface FitOutcome {
  W: Tensor2D;
  curve: CurvePoint[];
  divergedAt: number | null;
  /** 'trainLoss' or 'weights' when the run diverged. */
  divergedQuantity: string | null;
}

/** The samples `index` of a labelled batch (every patch block's rows); called inside tf.tidy. */
export function subBatch(tf: Tf, set: LabelledBatch, index: Int32Array): LabelledBatch {
  const { n, d, patches } = set.batch;
  const rows = new Int32Array(patches * index.length);
  for (let k = 0; k < patches; k++) for (let i = 0; i < index.length; i++) rows[k * index.length + i] = k * n + index[i];
  const X = tf.gather(set.batch.X, tf.tensor1d(rows, 'int32')) as Tensor2D;
  return { batch: { n: index.length, d, patches, X, XT: tf.transpose(X) as Tensor2D }, y: tf.gather(set.y, tf.tensor1d(index, 'int32')) as Tensor2D };
}

/** GD (or the run's optimizer, which may draw mini-batches) on the logistic loss of the two-layer CNN (direct training and full fine-tuning). Takes ownership of W0. */
export function fitLogistic(tf: Tf, W0: Tensor2D, train: LabelledBatch, test: LabelledBatch, opts: FitOptions): FitOutcome {
  const curve: CurvePoint[] = [];
  const outcome = gradientDescent(tf, W0, {
    steps: opts.steps,
    eta: opts.eta,
    optimizer: opts.optimizer,
    lossAndGrad: (W) => logisticLossAndGrad(tf, train.batch, train.y, W, opts.act, opts.a),
    batchGrad: (W, batch) => {
      const sub = subBatch(tf, train, batch);
      return logisticLossAndGrad(tf, sub.batch, sub.y, W, opts.act, opts.a).grad;
    },
    nSamples: train.batch.n,
    seed: opts.seed,
    phase: opts.phase,
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
