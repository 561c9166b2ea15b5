import type { Optimizer, OptimizerStep, VectorOps } from '../../components/optimizer.js';
import { InputError } from '../../util/errors.js';
import { settle, weightsVector, type ExactVector, type Geometry } from './vector.js';

/** A training phase's loss on one coefficient space. */
export interface Objective<View> {
  readonly geometry: Geometry;
  /** The loss at W (u U + C V), what the observer needs of that evaluation, and the gradient there (computed on demand). */
  at(u: number, C: Float64Array): { loss: number; view: View; gradient(): ExactVector };
}

export interface DescentOptions<View> {
  steps: number;
  /** The phase's step size, passed to the optimizer. */
  lr: number;
  optimizer: Optimizer;
  ops: VectorOps<ExactVector>;
  /** What the optimizer step names of the phase: its samples (null without per-sample batches), seed and phase. */
  batches: Pick<OptimizerStep<ExactVector>, 'nSamples' | 'seed' | 'phase'> & { optimizerName: string };
  /** Sees W(t) and its loss before update t (t = 0..steps); returns true to stop after it. */
  observe(step: number, W: { u: number; C: Float64Array }, loss: number, view: View): boolean | void;
}

export interface DescentOutcome {
  /** The last iterate: W(steps), where the observer stopped, or the one whose loss was not finite. */
  W: { u: number; C: Float64Array };
  /** Step of W. */
  step: number;
  /** The step whose loss was NaN or infinite (the run stops there: a diverged run is a result), else null. */
  divergedAt: number | null;
}

/**
 * The exact engine's one training loop: W(t+1) = the run's optimizer step from W(t), for every
 * phase (supervised training, fine-tuning, SimCLR pre-training, the linear probe), each on its own
 * coefficient space. The optimizer sees the same OptimizerStep as on the tensor engine.
 */
export function descend<View>(objective: Objective<View>, W0: { u: number; C: Float64Array }, o: DescentOptions<View>): DescentOutcome {
  const { size } = objective.geometry;
  const state = new Map<string, ExactVector>();
  let W = W0;
  for (let t = 0; ; t++) {
    const here = objective.at(W.u, W.C);
    if (!Number.isFinite(here.loss)) return { W, step: t, divergedAt: t };
    if (o.observe(t, W, here.loss, here.view) === true || t >= o.steps) return { W, step: t, divergedAt: null };
    const next = o.optimizer.step({
      weights: weightsVector(W.u, W.C),
      gradient: here.gradient(),
      gradientAt: (w, batch) => {
        if (batch !== undefined) refuseMiniBatch(o.batches.optimizerName);
        return objective.at(...toArgs(settle(w, size))).gradient();
      },
      lr: o.lr,
      step: t,
      ops: o.ops,
      state,
      nSamples: o.batches.nSamples,
      seed: o.batches.seed,
      phase: o.batches.phase,
    });
    W = settle(next, size);
  }
}

// The coefficient recursions are those of full-batch descent; a batch's gradient is not one of its blocks.
function refuseMiniBatch(optimizer: string): never {
  throw new InputError(
    `optimizer: '${optimizer}' asked for a mini-batch gradient, which the exact engine does not compute (it runs full-batch recursions). Use --engine tensor for it, or a full batch.`,
    { field: 'optimizer', value: optimizer },
  );
}

const toArgs = (w: { u: number; C: Float64Array }): [number, Float64Array] => [w.u, w.C];
