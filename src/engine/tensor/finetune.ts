import type * as TfModule from '@tensorflow/tfjs';
import type { Optimizer } from '../../components/optimizer.js';
import { Rng } from '../../util/rng.js';
import { curveSteps } from '../curve-steps.js';
import type { CurvePoint } from '../result.js';
import type { Activation } from './activation.js';
import type { Tf } from './backend.js';
import { encode, type PatchBatch } from './cnn.js';
import { gradientDescent } from './gd.js';

type Tensor2D = TfModule.Tensor2D;
type Scalar = TfModule.Scalar;

/**
 * The pre-trained filters as the initial first layer of the supervised CNN [paper, via reviews]:
 * columns split at random (a seeded permutation: the first m go to F_{+1}), each rescaled to
 * `initNorm` when it is not null [choice].
 */
export function splitFilters(tf: Tf, Wpre: Tensor2D, seed: number, initNorm: number | null): Tensor2D {
  const perm = new Rng(seed, 'finetune-split').permutation(Wpre.shape[1]);
  return tf.tidy(() => {
    const W = tf.gather(Wpre, tf.tensor1d(perm, 'int32'), 1) as Tensor2D;
    if (initNorm === null) return W;
    const norms = tf.maximum(tf.sqrt(tf.sum(tf.square(W), 0, true)), 1e-30);
    return tf.mul(W, tf.div(initNorm, norms)) as Tensor2D;
  });
}

export interface ProbeData {
  batch: PatchBatch;
  y: Tensor2D;
}

export interface ProbeOutcome {
  curve: CurvePoint[];
  divergedAt: number | null;
  train: { loss: number; error: number };
  test: { loss: number; error: number };
}

/**
 * Linear probe [choice]: logistic regression (weights and a bias) by full-batch GD on the frozen
 * pre-trained embedding h(x) = sum_p sigma(W^T x^(p)). Features are standardised with the mean
 * and spread of the unlabelled pre-training samples (never the labels), so one step size fits
 * every embedding scale.
 */
export function linearProbe(
  tf: Tf,
  Wpre: Tensor2D,
  act: Activation,
  unlabeled: PatchBatch,
  train: ProbeData,
  test: ProbeData,
  opts: { eta: number; steps: number; curvePoints: number; alignment: number; optimizer?: Optimizer; onProgress?(done: number, total: number): void; seed: number },
): ProbeOutcome {
  const [trainF, trainFT, testF] = tf.tidy(() => {
    const ref = encode(tf, unlabeled, Wpre, act).E;
    const { mean, variance } = tf.moments(ref, 0, true);
    const std = tf.sqrt(variance);
    const scale = tf.where(tf.greater(std, 1e-12), std, tf.onesLike(std));
    const features = (batch: PatchBatch): Tensor2D => {
      const F = tf.div(tf.sub(encode(tf, batch, Wpre, act).E, mean), scale);
      return tf.concat([F, tf.ones([batch.n, 1])], 1) as Tensor2D;
    };
    const tr = features(train.batch);
    return [tr, tf.transpose(tr) as Tensor2D, features(test.batch)];
  });
  const metrics = (F: Tensor2D, y: Tensor2D, theta: Tensor2D) =>
    tf.tidy(() => {
      const margin = tf.mul(y, tf.matMul(F, theta));
      return tf.stack([tf.mean(tf.softplus(tf.neg(margin))), tf.mean(tf.cast(tf.lessEqual(margin, 0), 'float32'))]);
    });
  const read = (F: Tensor2D, y: Tensor2D, theta: Tensor2D) => {
    const t = metrics(F, y, theta);
    const [loss, error] = t.dataSync();
    t.dispose();
    return { loss, error };
  };
  const curve: CurvePoint[] = [];
  try {
    const outcome = gradientDescent(tf, tf.zeros([trainF.shape[1], 1]) as Tensor2D, {
      steps: opts.steps,
      eta: opts.eta,
      optimizer: opts.optimizer,
      lossAndGrad: (theta) => {
        const margin = tf.mul(train.y, tf.matMul(trainF, theta));
        const loss = tf.mean(tf.softplus(tf.neg(margin))) as Scalar;
        const g = tf.div(tf.mul(tf.neg(train.y), tf.sigmoid(tf.neg(margin))), train.batch.n);
        return { loss, grad: tf.matMul(trainFT, g) as Tensor2D };
      },
      batchGrad: (theta, batch) => {
        const index = tf.tensor1d(batch, 'int32');
        const F = tf.gather(trainF, index) as Tensor2D;
        const y = tf.gather(train.y, index) as Tensor2D;
        const g = tf.div(tf.mul(tf.neg(y), tf.sigmoid(tf.neg(tf.mul(y, tf.matMul(F, theta))))), batch.length);
        return tf.matMul(F, g, true, false) as Tensor2D;
      },
      nSamples: train.batch.n,
      seed: opts.seed,
      phase: 'finetune',
      loss: (theta) => tf.mean(tf.softplus(tf.neg(tf.mul(train.y, tf.matMul(trainF, theta))))) as Scalar,
      sampleAt: new Set(curveSteps(opts.steps, opts.curvePoints)),
      onSample: (step, loss, theta) => {
        const te = read(testF, test.y, theta);
        curve.push({ step, trainLoss: loss, testError: te.error, testLoss: te.loss, alignment: opts.alignment });
      },
      onProgress: opts.onProgress,
    });
    const result = { curve, divergedAt: outcome.divergedAt, train: read(trainF, train.y, outcome.W), test: read(testF, test.y, outcome.W) };
    outcome.W.dispose();
    return result;
  } finally {
    tf.dispose([trainF, trainFT, testF]);
  }
}
