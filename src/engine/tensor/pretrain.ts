import type * as TfModule from '@tensorflow/tfjs';
import { partnerViews, resamplesEachStep } from '../../data/augment.js';
import type { Dataset, DataSource } from '../../data/source.js';
import { curveSteps } from '../curve-steps.js';
import type { SimParams } from '../params.js';
import type { PretrainPoint } from '../result.js';
import type { Activation } from './activation.js';
import type { Tf } from './backend.js';
import { disposeBatch, meanAlignment, patchBatch, type PatchBatch } from './cnn.js';
import { contrastiveLoss, contrastiveLossAndGrad, makeSelfMask } from './contrastive.js';
import { gradientDescent } from './gd.js';

type Tensor2D = TfModule.Tensor2D;

/** Steps without a new best held-out loss before `pretrainStop: 'val-loss'` stops [choice]. */
export const PRETRAIN_PATIENCE = 5;

export interface PretrainOutcome {
  /** The filters handed to fine-tuning (the best held-out iterate under val-loss early stopping). */
  W: Tensor2D;
  curve: PretrainPoint[];
  divergedAt: number | null;
  /** The step of the returned filters. */
  stepsUsed: number;
}

/**
 * A batch of 2n views: rows 0..n-1 the samples themselves, rows n..2n-1 their augmented partners.
 * Patch blocks are [signal; noise] of all 2n views (summed first when the encoder is linear).
 */
export function pairBatch(tf: Tf, source: DataSource, data: Dataset, params: SimParams, stream: string, step: number, act: Activation): PatchBatch {
  const partner = partnerViews(source, data, params, stream, step);
  const stack = (a: Float32Array, b: Float32Array): Float32Array => {
    const out = new Float32Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  return patchBatch(tf, [stack(data.signal, partner.signal), stack(data.noise, partner.noise)], 2 * data.n, data.d, act.linear);
}

/** SimCLR pre-training of the first layer by full-batch GD on the contrastive loss (paper-model.md, Regime 2). */
export function pretrain(
  tf: Tf,
  W0: Tensor2D,
  source: DataSource,
  unlabeled: Dataset,
  params: SimParams,
  act: Activation,
  u: Tensor2D,
  onProgress?: (done: number, total: number) => void,
): PretrainOutcome {
  const mask = makeSelfMask(tf, 2 * unlabeled.n);
  const resample = resamplesEachStep(params);
  let fixed: PatchBatch | null = resample ? null : pairBatch(tf, source, unlabeled, params, 'unlabeled', 0, act);
  const lossArgs = [act, params.tau, params.similarity, mask] as const;

  // Early stopping sees only unlabelled data: fresh held-out pairs, drawn once.
  let val: PatchBatch | null = null;
  const valLoss = new Map<number, number>();
  let best = { loss: Number.POSITIVE_INFINITY, step: 0, W: null as Tensor2D | null };
  const evaluateVal = (step: number, W: Tensor2D): void => {
    if (!val) return;
    const lossT = tf.tidy(() => contrastiveLoss(tf, val!, W, ...lossArgs));
    const loss = lossT.dataSync()[0];
    lossT.dispose();
    valLoss.set(step, loss);
    if (loss < best.loss) {
      best.W?.dispose();
      best = { loss, step, W: tf.clone(W) };
    }
  };
  if (params.pretrainStop === 'val-loss') {
    const held = source.sample('validation', unlabeled.n);
    val = pairBatch(tf, source, held, { ...params, augmentResample: 'once' }, 'validation', 0, act);
    evaluateVal(0, W0);
  }

  const curve: PretrainPoint[] = [];
  try {
    const outcome = gradientDescent(tf, W0, {
      steps: params.pretrainSteps,
      eta: params.pretrainEta,
      lossAndGrad: (W, step) => {
        if (fixed) return contrastiveLossAndGrad(tf, fixed, W, ...lossArgs);
        // Every-step resampling: a fresh batch, disposed by the surrounding tidy.
        const batch = pairBatch(tf, source, unlabeled, params, 'unlabeled', step, act);
        return contrastiveLossAndGrad(tf, batch, W, ...lossArgs);
      },
      loss: (W, step) => {
        const batch = fixed ?? pairBatch(tf, source, unlabeled, params, 'unlabeled', step, act);
        return contrastiveLoss(tf, batch, W, ...lossArgs);
      },
      sampleAt: new Set(curveSteps(params.pretrainSteps, params.curvePoints)),
      onSample: (step, loss, W) => {
        const point: PretrainPoint = { step, loss, alignment: meanAlignment(tf, W, u) };
        if (val) point.valLoss = valLoss.get(step) ?? null;
        curve.push(point);
      },
      afterStep: (step, W) => {
        if (!val) return false;
        evaluateVal(step, W);
        return step - best.step >= PRETRAIN_PATIENCE;
      },
      onProgress,
    });
    if (val && best.W && outcome.divergedAt === null) {
      outcome.W.dispose();
      const W = best.W;
      best.W = null;
      return { W, curve, divergedAt: null, stepsUsed: best.step };
    }
    return { W: outcome.W, curve, divergedAt: outcome.divergedAt, stepsUsed: outcome.stepsRun };
  } finally {
    best.W?.dispose();
    mask.dispose();
    if (fixed) disposeBatch(fixed);
    if (val) disposeBatch(val);
    fixed = null;
  }
}
