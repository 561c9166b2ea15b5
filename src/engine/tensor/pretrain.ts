import type * as TfModule from '@tensorflow/tfjs';
import { partnerRows, partnerViews, resamplesEachStep } from '../../data/augment.js';
import { streamedPatches } from '../../data/rows.js';
import type { Dataset, DataSource } from '../../data/source.js';
import { curveSteps } from '../curve-steps.js';
import { optimizerOf } from '../runner.js';
import type { SimParams } from '../params.js';
import type { PretrainPoint } from '../result.js';
import type { Activation } from './activation.js';
import type { Tf } from './backend.js';
import { meanAlignment } from './cnn.js';
import { ContrastiveLoss } from './contrastive.js';
import { gradientDescent } from './gd.js';
import { disposeViews, residentViews, viewBatch, type ViewBatch } from './views.js';

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
 * A batch of 2n views: rows 0..n-1 the samples themselves, rows n..2n-1 their augmented partners,
 * each with patches [signal, noise] (summed first when the encoder is linear). The arrays stay
 * on the JavaScript side (views.ts), or, when the data can be regenerated row by row
 * (src/data/rows.ts), are not held at all: each use redraws them a chunk at a time.
 */
export function pairBatch(source: DataSource, data: Dataset, params: SimParams, stream: string, step: number, act: Activation): ViewBatch {
  const own = streamedPatches(data);
  const streamedPartner = partnerRows(source, data, params, stream, step);
  const partner = streamedPartner ?? partnerViews(source, data, params, stream, step);
  return viewBatch(
    [
      { rows: data.n, patches: own && streamedPartner ? [own.signal, own.noise] : [data.signal, data.noise] },
      { rows: data.n, patches: [partner.signal, partner.noise] },
    ],
    data.d,
    act.linear,
  );
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
  const contrastive = new ContrastiveLoss(tf, params.tau, params.similarity);
  const resample = resamplesEachStep(params);
  const fixed: ViewBatch | null = resample ? null : residentViews(tf, pairBatch(source, unlabeled, params, 'unlabeled', 0, act));

  // Early stopping sees only unlabelled data: fresh held-out pairs, drawn once.
  let val: ViewBatch | null = null;
  const valLoss = new Map<number, number>();
  let best = { loss: Number.POSITIVE_INFINITY, step: 0, W: null as Tensor2D | null };
  const evaluateVal = (step: number, W: Tensor2D): void => {
    if (!val) return;
    const lossT = tf.tidy(() => contrastive.loss(val!, W, act));
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
    val = residentViews(tf, pairBatch(source, held, { ...params, augmentResample: 'once' }, 'validation', 0, act));
    evaluateVal(0, W0);
  }

  const curve: PretrainPoint[] = [];
  try {
    const outcome = gradientDescent(tf, W0, {
      steps: params.pretrainSteps,
      eta: params.pretrainEta,
      optimizer: optimizerOf(params),
      nSamples: null,
      seed: params.seed,
      phase: 'pretrain',
      // Every-step resampling: fresh partner views each step.
      lossAndGrad: (W, step) => contrastive.lossAndGrad(fixed ?? pairBatch(source, unlabeled, params, 'unlabeled', step, act), W, act),
      loss: (W, step) => contrastive.loss(fixed ?? pairBatch(source, unlabeled, params, 'unlabeled', step, act), W, act),
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
    contrastive.dispose();
    if (fixed) disposeViews(fixed);
    if (val) disposeViews(val);
  }
}
