import type * as TfModule from '@tensorflow/tfjs';
import type { EngineBlocks, FitOutcome, PretrainOutcome, ProbeOutcome } from '../../components/regime.js';
import type { Dataset } from '../../data/source.js';
import type { Engine, RunHooks } from '../engine.js';
import { initialFilters } from '../init.js';
import type { SimParams } from '../params.js';
import type { RunResult } from '../result.js';
import { dataSourceOf, finite, optimizerOf, refuseMissingBlocks, runRegime } from '../runner.js';
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

/**
 * The tensor engine's building blocks for one run, on float32 filters (d x 2m tensors). Every
 * tensor it makes is freed by dispose() at the end of the run.
 */
class TensorBlocks implements Required<EngineBlocks<Tensor2D>> {
  readonly engine = 'tensor';
  private readonly owned: TfModule.Tensor[] = [];
  private readonly batches: PatchBatch[] = [];
  private readonly source;
  private readonly u: Tensor2D;
  private readonly a: Tensor2D;
  private readonly trainData: Dataset;
  private readonly testData: Dataset;
  private unlabeledData: Dataset | null = null;
  private readonly sets = new Map<string, { train: LabelledBatch; test: LabelledBatch }>();

  constructor(
    private readonly tf: Tf,
    private readonly params: SimParams,
    private readonly hooks: RunHooks,
  ) {
    this.source = dataSourceOf(params);
    this.u = this.keep(tf.tensor2d(this.source.signalDirection(), [1, params.d]));
    this.a = this.keep(secondLayer(tf, params.m));
    this.trainData = this.source.sample('train', params.nLabeled);
    this.testData = this.source.sample('test', params.nTest);
  }

  private keep<T extends TfModule.Tensor>(t: T): T {
    this.owned.push(t);
    return t;
  }

  private act(name: SimParams['activation']): Activation {
    return activation(this.tf, name, this.params.q);
  }

  private labelled(data: Dataset, act: Activation): LabelledBatch {
    const batch = patchBatch(this.tf, [data.signal, data.noise], data.n, this.params.d, act.linear);
    this.batches.push(batch);
    return { batch, y: this.keep(this.tf.tensor2d(Float32Array.from(data.y), [data.n, 1])) };
  }

  /** The labelled train and test batches for an activation (built once each). */
  private labelledSets(name: SimParams['activation']): { train: LabelledBatch; test: LabelledBatch } {
    let sets = this.sets.get(name);
    if (!sets) {
      const act = this.act(name);
      sets = { train: this.labelled(this.trainData, act), test: this.labelled(this.testData, act) };
      this.sets.set(name, sets);
    }
    return sets;
  }

  private unlabeled(): Dataset {
    this.unlabeledData ??= this.source.sample('unlabeled', this.params.nUnlabeled);
    return this.unlabeledData;
  }

  private progress(phase: 'pretrain' | 'train' | 'finetune') {
    const { onProgress } = this.hooks;
    return onProgress ? (done: number, total: number) => onProgress(phase, done, total) : undefined;
  }

  initialise(tag: string, sigma0: number): Tensor2D {
    return initialFilterTensor(this.tf, this.params.seed, tag, this.params.m, this.params.d, sigma0);
  }

  fit(W0: Tensor2D, o: { phase: 'train' | 'finetune'; eta: number; steps: number; activation: SimParams['activation'] }): FitOutcome<Tensor2D> {
    const { tf } = this;
    const act = this.act(o.activation);
    const sets = this.labelledSets(o.activation);
    const fit = fitLogistic(tf, W0, sets.train, sets.test, {
      act,
      a: this.a,
      u: this.u,
      curvePoints: this.params.curvePoints,
      eta: o.eta,
      steps: o.steps,
      optimizer: optimizerOf(this.params),
      onProgress: this.progress(o.phase),
      seed: this.params.seed,
      phase: o.phase,
    });
    this.keep(fit.W);
    if (fit.divergedAt !== null) return { W: fit.W, curve: fit.curve, diverged: { phase: o.phase, step: fit.divergedAt, quantity: fit.divergedQuantity ?? 'trainLoss' } };
    // A logit that overflowed float32 to +-inf can still give a finite loss (softplus(-inf) = 0).
    const overflowed = [sets.train, sets.test].some((set) => {
      const probe = tf.tidy(() => tf.sum(tf.mul(logits(tf, set.batch, fit.W, act, this.a), 0)));
      const v = probe.dataSync()[0];
      probe.dispose();
      return !Number.isFinite(v);
    });
    return { W: fit.W, curve: fit.curve, diverged: overflowed ? { phase: o.phase, step: o.steps, quantity: 'logits' } : null };
  }

  evaluate(W: Tensor2D, activationName: SimParams['activation']) {
    const act = this.act(activationName);
    const sets = this.labelledSets(activationName);
    const tr = logisticMetrics(this.tf, sets.train.batch, sets.train.y, W, act, this.a);
    const te = logisticMetrics(this.tf, sets.test.batch, sets.test.y, W, act, this.a);
    return { trainLoss: finite(tr.loss), trainError: finite(tr.error), testLoss: finite(te.loss), testError: finite(te.error), alignment: this.alignment(W) };
  }

  alignment(W: Tensor2D): number | null {
    return finite(meanAlignment(this.tf, W, this.u));
  }

  contrastivePretrain(W0: Tensor2D): PretrainOutcome<Tensor2D> {
    const pre = pretrain(this.tf, W0, this.source, this.unlabeled(), this.params, this.act(this.params.pretrainActivation), this.u, this.progress('pretrain'));
    const W = this.keep(pre.W);
    // Weights that overflowed (e.g. float32 at initialisation) can leave the contrastive loss finite.
    const diverged =
      pre.divergedAt !== null
        ? { phase: 'pretrain' as const, step: pre.divergedAt, quantity: 'contrastiveLoss' }
        : nonFiniteWeights(this.tf, W)
          ? { phase: 'pretrain' as const, step: pre.stepsUsed, quantity: 'weights' }
          : null;
    return { W, curve: pre.curve, stepsUsed: pre.stepsUsed, diverged };
  }

  splitFilters(W: Tensor2D, initNorm: number | null): Tensor2D {
    return splitFilters(this.tf, W, this.params.seed, initNorm);
  }

  linearProbe(W: Tensor2D, alignment: number | null): ProbeOutcome {
    const preAct = this.act(this.params.pretrainActivation);
    const unlabeled = this.unlabeled();
    const unlBatch = patchBatch(this.tf, [unlabeled.signal, unlabeled.noise], unlabeled.n, this.params.d, preAct.linear);
    this.batches.push(unlBatch);
    const probe = linearProbe(this.tf, W, preAct, unlBatch, this.labelled(this.trainData, preAct), this.labelled(this.testData, preAct), {
      eta: this.params.finetuneEta,
      steps: this.params.finetuneSteps,
      curvePoints: this.params.curvePoints,
      alignment: alignment ?? Number.NaN,
      optimizer: optimizerOf(this.params),
      onProgress: this.progress('finetune'),
      seed: this.params.seed,
    });
    return {
      metrics: { trainLoss: finite(probe.train.loss), trainError: finite(probe.train.error), testLoss: finite(probe.test.loss), testError: finite(probe.test.error) },
      curve: probe.curve,
      diverged: probe.divergedAt !== null ? { phase: 'finetune', step: probe.divergedAt, quantity: 'probeLoss' } : null,
    };
  }

  toArray(W: Tensor2D): Float64Array {
    // W is d x 2m (filters as columns); the array is 2m x d, the layout initialFilters gives.
    const T = this.tf.transpose(W);
    try {
      return Float64Array.from(T.dataSync());
    } finally {
      T.dispose();
    }
  }

  trainingSet(): { data: Dataset; signalDirection: Float32Array } {
    return { data: this.trainData, signalDirection: this.source.signalDirection() };
  }

  dispose(): void {
    for (const b of this.batches) disposeBatch(b);
    this.tf.dispose(this.owned);
  }
}

class TensorEngine implements Engine {
  readonly name = 'tensor' as const;
  readonly version = TENSOR_ENGINE_VERSION;
  constructor(private readonly loaded: LoadedTf) {}

  validate(params: SimParams): void {
    // Every registered data model and optimizer runs here; a regime needs only blocks this engine has.
    refuseMissingBlocks(this.name, params, () => true);
  }

  async run(params: SimParams, hooks: RunHooks = {}): Promise<RunResult> {
    const started = performance.now();
    const blocks = new TensorBlocks(this.loaded.tf, params, hooks);
    try {
      const result = runRegime(blocks, params);
      return { ...result, engine: 'tensor', engineVersion: TENSOR_ENGINE_VERSION, backend: this.loaded.backend, wallSeconds: (performance.now() - started) / 1000 };
    } finally {
      blocks.dispose();
    }
  }
}

export async function createTensorEngine(): Promise<Engine> {
  return new TensorEngine(await loadTf());
}
