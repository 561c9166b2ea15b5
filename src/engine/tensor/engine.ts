import type * as TfModule from '@tensorflow/tfjs';
import { dataSourceFor } from '../../data/index.js';
import type { Dataset } from '../../data/source.js';
import type { Engine, RunHooks } from '../engine.js';
import { divergenceOf } from '../finite.js';
import { initialFilters } from '../init.js';
import type { SimParams } from '../params.js';
import type { CurvePoint, Divergence, PretrainPoint, RunMetrics, RunResult } from '../result.js';
import { activation, type Activation } from './activation.js';
import { loadTf, type LoadedTf, type Tf } from './backend.js';
import { disposeBatch, logisticMetrics, logits, meanAlignment, patchBatch, secondLayer, type PatchBatch } from './cnn.js';
import { linearProbe, splitFilters } from './finetune.js';
import { pretrain } from './pretrain.js';
import { fitLogistic, type LabelledBatch } from './supervised.js';

type Tensor2D = TfModule.Tensor2D;

/** Bumped whenever a change can alter the numbers a run produces (part of every cache key). */
export const TENSOR_ENGINE_VERSION = '1.5.0';

/** W(0) from the shared streams of src/engine/init.ts, laid out d x 2m (filters as columns). */
export function initialFilterTensor(tf: Tf, seed: number, tag: string, m: number, d: number, sigma0: number): Tensor2D {
  return tf.tidy(() => tf.transpose(tf.tensor2d(initialFilters(seed, tag, m, d, sigma0), [2 * m, d])) as Tensor2D);
}

/** Whether any entry of the tensor is NaN or infinite (0 * inf and 0 * NaN are NaN). */
function nonFiniteWeights(tf: Tf, W: TfModule.Tensor): boolean {
  const probe = tf.tidy(() => tf.sum(tf.mul(W, 0)));
  const v = probe.dataSync()[0];
  probe.dispose();
  return !Number.isFinite(v);
}

/** JSON has no NaN or infinity: a non-finite metric is reported as null. */
function finite(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}

class TensorEngine implements Engine {
  readonly name = 'tensor' as const;
  readonly version = TENSOR_ENGINE_VERSION;
  constructor(private readonly loaded: LoadedTf) {}

  validate(_params: SimParams): void {
    // The tensor engine represents every configuration of params.ts.
  }

  async run(params: SimParams, hooks: RunHooks = {}): Promise<RunResult> {
    const started = performance.now();
    const { tf, backend } = this.loaded;
    const source = dataSourceFor(params);
    const { d, m } = params;
    const owned: Array<TfModule.Tensor> = [];
    const batches: PatchBatch[] = [];
    const keep = <T extends TfModule.Tensor>(t: T): T => (owned.push(t), t);
    const labelled = (data: Dataset, act: Activation): LabelledBatch => {
      const batch = patchBatch(tf, [data.signal, data.noise], data.n, d, act.linear);
      batches.push(batch);
      return { batch, y: keep(tf.tensor2d(Float32Array.from(data.y), [data.n, 1])) };
    };
    const progress = (phase: 'pretrain' | 'train' | 'finetune') =>
      hooks.onProgress ? (done: number, total: number) => hooks.onProgress!(phase, done, total) : undefined;

    try {
      const u = keep(tf.tensor2d(source.signalDirection(), [1, d]));
      const a = keep(secondLayer(tf, m));
      const act = activation(tf, params.activation, params.q);
      const trainData = source.sample('train', params.nLabeled);
      const testData = source.sample('test', params.nTest);
      const train = labelled(trainData, act);
      const test = labelled(testData, act);
      const fitOpts = { act, a, u, curvePoints: params.curvePoints };

      let metrics: RunMetrics;
      let trainCurve: CurvePoint[] = [];
      let pretrainCurve: PretrainPoint[] | undefined;
      let diverged: Divergence | null = null;

      // A logit that overflowed float32 to +-inf can still give a finite loss (softplus(-inf) = 0).
      const overflowedLogits = (W: Tensor2D): boolean =>
        [train, test].some((set) => {
          const probe = tf.tidy(() => tf.sum(tf.mul(logits(tf, set.batch, W, act, a), 0)));
          const v = probe.dataSync()[0];
          probe.dispose();
          return !Number.isFinite(v);
        });
      const finalMetrics = (W: Tensor2D, extra: Partial<RunMetrics> = {}): RunMetrics => {
        const tr = logisticMetrics(tf, train.batch, train.y, W, act, a);
        const te = logisticMetrics(tf, test.batch, test.y, W, act, a);
        return {
          trainLoss: finite(tr.loss),
          trainError: finite(tr.error),
          testLoss: finite(te.loss),
          testError: finite(te.error),
          alignment: finite(meanAlignment(tf, W, u)),
          ...extra,
        };
      };

      if (params.regime === 'supervised') {
        const W0 = initialFilterTensor(tf, params.seed, 'supervised', m, d, params.sigma0);
        const fit = fitLogistic(tf, W0, train, test, { ...fitOpts, eta: params.eta, steps: params.steps, onProgress: progress('train') });
        owned.push(fit.W);
        trainCurve = fit.curve;
        metrics = finalMetrics(fit.W);
        if (fit.divergedAt !== null) diverged = { phase: 'train', step: fit.divergedAt, quantity: fit.divergedQuantity ?? 'trainLoss' };
        else if (overflowedLogits(fit.W)) diverged = { phase: 'train', step: params.steps, quantity: 'logits' };
      } else {
        const preAct = activation(tf, params.pretrainActivation, params.q);
        const unlabeled = source.sample('unlabeled', params.nUnlabeled);
        const W0 = initialFilterTensor(tf, params.seed, 'pretrain', m, d, params.pretrainSigma0);
        const pre = pretrain(tf, W0, source, unlabeled, params, preAct, u, progress('pretrain'));
        const Wpre = keep(pre.W);
        pretrainCurve = pre.curve;
        const alignmentPretrain = finite(meanAlignment(tf, Wpre, u));
        const preMetrics = { alignmentPretrain, pretrainStepsRun: pre.stepsUsed };
        // Weights that overflowed (e.g. float32 at initialisation) can leave the contrastive loss finite.
        const preDiverged = pre.divergedAt !== null ? { step: pre.divergedAt, quantity: 'contrastiveLoss' } : nonFiniteWeights(tf, Wpre) ? { step: pre.stepsUsed, quantity: 'weights' } : null;
        if (preDiverged) {
          diverged = { phase: 'pretrain', ...preDiverged };
          metrics = { trainLoss: null, trainError: null, testLoss: null, testError: null, alignment: alignmentPretrain, ...preMetrics };
        } else if (params.finetune === 'full') {
          const Wft0 = splitFilters(tf, Wpre, params.seed, params.finetuneInitNorm);
          const fit = fitLogistic(tf, Wft0, train, test, {
            ...fitOpts,
            eta: params.finetuneEta,
            steps: params.finetuneSteps,
            onProgress: progress('finetune'),
          });
          owned.push(fit.W);
          trainCurve = fit.curve;
          metrics = finalMetrics(fit.W, preMetrics);
          if (fit.divergedAt !== null) diverged = { phase: 'finetune', step: fit.divergedAt, quantity: fit.divergedQuantity ?? 'trainLoss' };
          else if (overflowedLogits(fit.W)) diverged = { phase: 'finetune', step: params.finetuneSteps, quantity: 'logits' };
        } else {
          const unlBatch = patchBatch(tf, [unlabeled.signal, unlabeled.noise], unlabeled.n, d, preAct.linear);
          batches.push(unlBatch);
          const probe = linearProbe(tf, Wpre, preAct, unlBatch, labelled(trainData, preAct), labelled(testData, preAct), {
            eta: params.finetuneEta,
            steps: params.finetuneSteps,
            curvePoints: params.curvePoints,
            alignment: alignmentPretrain ?? Number.NaN,
            onProgress: progress('finetune'),
          });
          trainCurve = probe.curve;
          metrics = {
            trainLoss: finite(probe.train.loss),
            trainError: finite(probe.train.error),
            testLoss: finite(probe.test.loss),
            testError: finite(probe.test.error),
            alignment: alignmentPretrain,
            ...preMetrics,
          };
          if (probe.divergedAt !== null) diverged = { phase: 'finetune', step: probe.divergedAt, quantity: 'probeLoss' };
        }
      }

      diverged = divergenceOf(diverged, metrics, params.regime === 'supervised' ? 'train' : 'finetune', params.regime === 'supervised' ? params.steps : params.finetuneSteps);
      const clean = (c: CurvePoint[]): CurvePoint[] =>
        c.map((p) => ({ step: p.step, trainLoss: finite(p.trainLoss ?? undefined), testError: finite(p.testError ?? undefined), ...(p.testLoss !== undefined ? { testLoss: finite(p.testLoss ?? undefined) } : {}), alignment: finite(p.alignment ?? undefined) }));
      return {
        regime: params.regime,
        params: { ...params },
        metrics,
        curves: {
          train: clean(trainCurve),
          ...(pretrainCurve
            ? {
                pretrain: pretrainCurve.map((p) => ({
                  step: p.step,
                  loss: finite(p.loss ?? undefined),
                  alignment: finite(p.alignment ?? undefined),
                  ...(p.valLoss !== undefined ? { valLoss: finite(p.valLoss ?? undefined) } : {}),
                })),
              }
            : {}),
        },
        snr: params.snr,
        engine: 'tensor',
        engineVersion: TENSOR_ENGINE_VERSION,
        backend,
        wallSeconds: (performance.now() - started) / 1000,
        diverged,
      };
    } finally {
      for (const b of batches) disposeBatch(b);
      tf.dispose(owned);
    }
  }
}

export async function createTensorEngine(): Promise<Engine> {
  return new TensorEngine(await loadTf());
}
